/** The append-only audit log: sign-ins, failures, role changes, invitations, disables and denied accesses. */
import type { Db, Tx } from './db.ts';
import { schema } from './db.ts';

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

export async function recordAudit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(schema.auditEvent).values(row(entry));
}

/** The same, inside a write transaction (synchronous, as better-sqlite3 transactions are). */
export function recordAuditInTx(tx: Tx, entry: AuditEntry): void {
  tx.insert(schema.auditEvent).values(row(entry)).run();
}
