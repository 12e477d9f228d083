/** The append-only audit log: sign-ins, failures, role changes, invitations, disables and denied accesses. */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from './db.ts';
import { prepared, schema, writeTransaction } from './db.ts';
import { fail } from './result.ts';

export type AuditEntry = {
  action: string;
  outcome: 'success' | 'failure' | 'denied';
  actorUserId?: string | null;
  targetType?: string;
  targetId?: string | null;
  ip?: string | null;
  /** Facts that help an investigation; never passwords, tokens or other secrets. */
  detail?: Record<string, unknown>;
};

const row = (e: AuditEntry) => ({
  action: e.action,
  outcome: e.outcome,
  actorUserId: e.actorUserId ?? null,
  targetType: e.targetType ?? null,
  targetId: e.targetId ?? null,
  ip: e.ip ?? null,
  detail: e.detail ? JSON.stringify(e.detail) : null,
});

// Every request that changes something writes one of these: prepared once per connection (or transaction object).
// On SQLite a transaction's `tx` is the connection's own drizzle instance, so the statement is shared; on PostgreSQL
// each `tx` is new, but the statement is named, so each pooled connection parses it once.
const insertStatement = (db: Db | Tx) =>
  prepared(db as Db, 'audit.insert', (d) =>
    d
      .insert(schema.auditEvent)
      .values({ action: sql.placeholder('action'), outcome: sql.placeholder('outcome'), actorUserId: sql.placeholder('actorUserId'), targetType: sql.placeholder('targetType'), targetId: sql.placeholder('targetId'), ip: sql.placeholder('ip'), detail: sql.placeholder('detail') }),
  );

/**
 * An event on its own: a denial or a failure that changes nothing else. Still a write transaction of its own: on the
 * one connection a bare write made while another request's transaction is open would land, and roll back, inside it.
 */
export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await writeTransaction(db, async (tx) => recordAuditInTx(tx, entry));
}

/** An event inside the write transaction of the change it records: it commits, or rolls back, with it. */
export async function recordAuditInTx(tx: Tx, entry: AuditEntry): Promise<void> {
  await insertStatement(tx).run(row(entry));
}

/** A command refused by `permissions.ts`: audited as denied, answered 403 with what to tell the person. */
export async function denied(db: Db, entry: Omit<AuditEntry, 'outcome' | 'detail'>, message: string) {
  await recordAudit(db, { ...entry, outcome: 'denied' });
  return fail({ '': [message] }, 403);
}
