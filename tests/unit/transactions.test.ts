/**
 * Write transactions: `await writeTransaction(db, async (tx) => …)` on the one better-sqlite3 connection, and every
 * command's writes committed, or rolled back, together with its audit event. Failures are injected with a trigger
 * that raises on insert into a table of the real test database (injectInsertFailure), never with a mock.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { changePassword, signOutOtherSessions } from '../../src/lib/server/commands/account.ts';
import { acceptInvitation, findOpenInvitation, inviteUser, revokeInvitation } from '../../src/lib/server/commands/invitations.ts';
import { sendResetLink } from '../../src/lib/server/commands/password-reset.ts';
import { signIn } from '../../src/lib/server/commands/sign-in.ts';
import { changeRole, enableUser } from '../../src/lib/server/commands/user-admin.ts';
import { first, rawRun, schema, writeTransaction, type Db } from '../../src/lib/server/db.ts';
import { recordAudit } from '../../src/lib/server/audit.ts';
import { submitStage } from '../../src/lib/server/review/commands.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { readFrontmatter } from '../support/site.ts';
import { reviewStage } from '../support/templates.ts';
import { createProgramme, createTestDb, holdsTransaction, injectedFailure, injectInsertFailure, onPostgres, testPassword } from '../support/db.ts';
import type pg from 'pg';
import { sql } from 'drizzle-orm';

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
const meta = { ip: '198.51.100.7', origin: 'https://portal.example' };
const newPassword = 'a quite different passphrase for tests';

/** From now on, every insert into `table` (matching `when`, an SQL condition on NEW) fails. */
const failInsertsInto = (table: string, when?: string) => injectInsertFailure(db, table, when);

const auditOf = (action: string) => db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, action));
const sessionsOf = (userId: string) => db.select().from(schema.session).where(eq(schema.session.userId, userId));
const passwordHashOf = async (userId: string) => (await first(db.select({ h: schema.user.passwordHash }).from(schema.user).where(eq(schema.user.id, userId)).limit(1)))?.h;
/** Stands for the network round trip an asynchronous driver makes: lets the event loop (other requests) run. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
});

describe('writeTransaction', () => {
  it('commits what the body wrote and returns what it returned', async () => {
    const id = await writeTransaction(db, async (tx) => {
      await tx.insert(schema.organisation).values({ id: 'o-commit', name: 'Committed', kind: 'next-adopter' });
      return 'o-commit';
    });
    expect(id).toBe('o-commit');
    expect(await db.select().from(schema.organisation).where(eq(schema.organisation.id, 'o-commit'))).toHaveLength(1);
    expect(holdsTransaction(db)).toBe(false);
  });

  it('rolls back every statement of a body that throws, and passes the error on', async () => {
    const failure = writeTransaction(db, async (tx) => {
      await tx.insert(schema.organisation).values({ id: 'o-rollback', name: 'Rolled back', kind: 'next-adopter' });
      await roundTrip();
      await tx.update(schema.user).set({ name: 'Renamed' }).where(eq(schema.user.id, p.editor.id));
      throw new Error('the body failed');
    });
    await expect(failure).rejects.toThrow('the body failed');
    expect(await db.select().from(schema.organisation).where(eq(schema.organisation.id, 'o-rollback'))).toHaveLength(0);
    expect((await first(db.select().from(schema.user).where(eq(schema.user.id, p.editor.id)).limit(1)))?.name).toBe('Test editor');
    expect(holdsTransaction(db)).toBe(false);
    // The connection is free again: the next transaction runs.
    expect(await writeTransaction(db, async (tx) => (await tx.select().from(schema.organisation)).length)).toBe(4);
  });

  it('runs 50 concurrent read-modify-write bodies that await between statements one after the other, so none is lost', async () => {
    await db.insert(schema.transfer).values({ id: 't-counter', organisationId: p.organisations.adopter.id, practiceId: 'x', title: 'Counter' });
    const revision = async () => (await first(db.select({ r: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, 't-counter')).limit(1)))!.r;
    const start = await revision();
    const seen: number[] = [];
    await Promise.all(
      Array.from({ length: 50 }, () =>
        writeTransaction(db, async (tx) => {
          const row = await first(tx.select({ r: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, 't-counter')).limit(1));
          await roundTrip();
          await tx.update(schema.transfer).set({ revision: row!.r + 1 }).where(eq(schema.transfer.id, 't-counter'));
          await roundTrip();
          seen.push(row!.r);
        }),
      ),
    );
    expect((await revision()) - start).toBe(50);
    // Each body saw the one before it committed.
    expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => start + i));
  });

  it('queues the transactions of two copies of the module on one connection, as the server and the bundle load it', async () => {
    vi.resetModules();
    const copy = await import('../../src/lib/server/db.ts');
    expect(copy.writeTransaction).not.toBe(writeTransaction);
    await db.insert(schema.transfer).values({ id: 't-counter', organisationId: p.organisations.adopter.id, practiceId: 'x', title: 'Counter' });
    const revision = async () => (await first(db.select({ r: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, 't-counter')).limit(1)))!.r;
    const start = await revision();
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? copy.writeTransaction : writeTransaction)(db, async (tx) => {
          const row = await first(tx.select({ r: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, 't-counter')).limit(1));
          await roundTrip();
          await tx.update(schema.transfer).set({ revision: row!.r + 1 }).where(eq(schema.transfer.id, 't-counter'));
        }),
      ),
    );
    expect((await revision()) - start).toBe(20);
  });

  it('keeps running the queued transactions after one of them fails', async () => {
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) =>
        writeTransaction(db, async (tx) => {
          await tx.insert(schema.organisation).values({ id: `o-${n}`, name: `Queued ${n}`, kind: 'next-adopter' });
          await roundTrip();
          if (n === 2) throw new Error('the second fails');
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await db.select({ id: schema.organisation.id }).from(schema.organisation)).map((o) => o.id).filter((id) => id.startsWith('o-')).sort()).toEqual(['o-1', 'o-3']);
  });

  it('keeps a lone write made just after one transaction commits out of the next one, which then rolls back', async () => {
    // The first caller records an event right after its commit (as a command records a denial or sends its mails);
    // by then the next queued transaction has begun on the same connection and is between two statements.
    const first = writeTransaction(db, async (tx) => {
      await tx.insert(schema.organisation).values({ id: 'o-first', name: 'First', kind: 'next-adopter' });
    }).then(() => recordAudit(db, { action: 'after-first', outcome: 'success' }));
    const second = writeTransaction(db, async (tx) => {
      await tx.insert(schema.organisation).values({ id: 'o-second', name: 'Second', kind: 'next-adopter' });
      for (let i = 0; i < 5; i++) await Promise.resolve();
      throw new Error('the second body failed');
    });
    // Watched from the start: the second may fail before the first's audit event (queued after it) is written.
    const secondFailed = expect(second).rejects.toThrow('the second body failed');
    await first;
    await secondFailed;
    expect(await auditOf('after-first')).toHaveLength(1);
    expect((await db.select().from(schema.organisation).where(eq(schema.organisation.id, 'o-second')))).toEqual([]);
  });

  it('refuses a transaction opened inside another one, instead of waiting for it forever, and rolls the outer one back', async () => {
    const nested = writeTransaction(db, async (tx) => {
      await tx.insert(schema.organisation).values({ id: 'o-outer', name: 'Outer', kind: 'next-adopter' });
      await writeTransaction(db, async (inner) => {
        await inner.insert(schema.organisation).values({ id: 'o-inner', name: 'Inner', kind: 'next-adopter' });
      });
    });
    await expect(nested).rejects.toThrow(/inside another write transaction/);
    expect((await db.select({ id: schema.organisation.id }).from(schema.organisation)).map((o) => o.id)).not.toContain('o-outer');
    expect(holdsTransaction(db)).toBe(false);
  });
});

describe.runIf(onPostgres)('write transactions on PostgreSQL', () => {
  it('hold at most two pooled connections at once, so reads keep the rest of the pool, and all complete in turn', async () => {
    const db = await createTestDb();
    const pool = db.$client as pg.Pool;
    let mostCheckedOut = 0;
    const sample = setInterval(() => (mostCheckedOut = Math.max(mostCheckedOut, pool.totalCount - pool.idleCount)), 2);
    const writes = Array.from({ length: 8 }, (_, i) =>
      writeTransaction(db, async (tx) => {
        await rawRun(tx, sql`select pg_sleep(0.02)`);
        await tx.insert(schema.organisation).values({ id: `o-turn-${i}`, name: `Turn ${i}`, kind: 'next-adopter' });
      }),
    );
    // A read meanwhile gets a connection at once, not after the writes.
    const read = await db.select({ id: schema.organisation.id }).from(schema.organisation);
    await Promise.all(writes);
    clearInterval(sample);
    expect(read.length).toBeLessThan(8);
    expect(mostCheckedOut).toBeGreaterThan(0);
    expect(mostCheckedOut).toBeLessThanOrEqual(3); // two writers and the read
    expect((await db.select({ id: schema.organisation.id }).from(schema.organisation)).filter((o) => o.id.startsWith('o-turn-'))).toHaveLength(8);
  });
});

describe('a command whose later statement fails leaves nothing behind', () => {
  it('a password change whose new session cannot be written keeps the old password and the old sessions', async () => {
    const before = await passwordHashOf(p.editor.id);
    const old = await createSession(db, p.editor.id, { ip: meta.ip });
    await failInsertsInto('session');
    await expect(changePassword(db, p.editor.id, { current: testPassword, password: newPassword, confirm: newPassword }, meta)).rejects.toThrow(injectedFailure);
    expect(await passwordHashOf(p.editor.id)).toBe(before);
    expect((await sessionsOf(p.editor.id)).map((s) => s.id)).toEqual([old.session.id]);
    expect(await auditOf('password.change')).toEqual([]);
  });

  it('a password change whose audit event cannot be written keeps the old password and the old sessions', async () => {
    const before = await passwordHashOf(p.editor.id);
    const old = await createSession(db, p.editor.id, { ip: meta.ip });
    await failInsertsInto('audit_event', `NEW.action = 'password.change'`);
    await expect(changePassword(db, p.editor.id, { current: testPassword, password: newPassword, confirm: newPassword }, meta)).rejects.toThrow(injectedFailure);
    expect(await passwordHashOf(p.editor.id)).toBe(before);
    expect(await validateSessionToken(db, old.token)).not.toBeNull();
  });

  it('an invitation whose audit event cannot be written leaves no invitation, no audit event and no e-mail', async () => {
    await failInsertsInto('audit_event', `NEW.action = 'invitation.create'`);
    const coordinator = await loadActor(db, p.coordinator.id);
    await expect(inviteUser(db, coordinator, { email: 'new.person@example.org', organisationId: p.organisations.adopter.id, role: 'editor' }, meta)).rejects.toThrow(injectedFailure);
    expect(await db.select().from(schema.invitation)).toEqual([]);
    expect(await auditOf('invitation.create')).toEqual([]);
    expect(await db.select().from(schema.mailMessage)).toEqual([]);
  });

  it('an accepted invitation whose session cannot be written creates no account and stays open', async () => {
    const invited = await inviteUser(db, await loadActor(db, p.coordinator.id), { email: 'new.person@example.org', organisationId: p.organisations.adopter.id, role: 'editor' }, meta);
    if (!invited.ok) throw new Error(JSON.stringify(invited));
    const token = /invitations\/([a-z0-9-]+\.[a-z2-7]{24})/.exec((await first(db.select().from(schema.mailMessage).limit(1)))!.text)![1];
    await failInsertsInto('session');
    await expect(acceptInvitation(db, token, { name: 'New Person', password: newPassword, confirm: newPassword }, meta)).rejects.toThrow(injectedFailure);
    expect(await db.select().from(schema.user).where(eq(schema.user.email, 'new.person@example.org'))).toEqual([]);
    expect(await findOpenInvitation(db, token)).toBeDefined();
    expect(await auditOf('invitation.accept')).toEqual([]);
  });

  it('a revoked invitation whose audit event cannot be written stays open', async () => {
    const invited = await inviteUser(db, await loadActor(db, p.coordinator.id), { email: 'new.person@example.org', organisationId: p.organisations.adopter.id, role: 'editor' }, meta);
    if (!invited.ok) throw new Error(JSON.stringify(invited));
    await failInsertsInto('audit_event', `NEW.action = 'invitation.revoke'`);
    await expect(revokeInvitation(db, await loadActor(db, p.coordinator.id), invited.invitationId, meta)).rejects.toThrow(injectedFailure);
    expect((await first(db.select().from(schema.invitation).limit(1)))?.revokedAt).toBeNull();
  });

  it('a sign-in whose audit event cannot be written opens no session', async () => {
    await failInsertsInto('audit_event', `NEW.action = 'sign-in'`);
    await expect(signIn(db, { email: p.editor.email, password: testPassword }, meta)).rejects.toThrow(injectedFailure);
    expect(await sessionsOf(p.editor.id)).toEqual([]);
  });

  it('signing out elsewhere, when its audit event cannot be written, ends no session', async () => {
    const here = await createSession(db, p.editor.id, { ip: meta.ip });
    const there = await createSession(db, p.editor.id, { ip: '203.0.113.9' });
    await failInsertsInto('audit_event', `NEW.action = 'session.sign-out-others'`);
    await expect(signOutOtherSessions(db, p.editor.id, here.session.id, meta)).rejects.toThrow(injectedFailure);
    expect((await sessionsOf(p.editor.id)).map((s) => s.id).sort()).toEqual([here.session.id, there.session.id].sort());
  });

  it('a password reset request whose audit event cannot be written stores no reset link and sends no e-mail', async () => {
    await failInsertsInto('audit_event', `NEW.action = 'password-reset.request' AND NEW.outcome = 'success'`);
    await expect(sendResetLink(db, p.editor.email, { ...meta, origin: 'https://portal.example', now: new Date() })).rejects.toThrow(injectedFailure);
    expect(await db.select().from(schema.passwordReset)).toEqual([]);
    expect(await db.select().from(schema.mailMessage)).toEqual([]);
  });

  it('enabling an account whose audit event cannot be written leaves it disabled', async () => {
    const disabledAt = new Date().toISOString();
    await db.update(schema.user).set({ disabledAt }).where(eq(schema.user.id, p.editor.id));
    await failInsertsInto('audit_event', `NEW.action = 'user.enable'`);
    await expect(enableUser(db, await loadActor(db, p.coordinator.id), p.editor.id, meta)).rejects.toThrow(injectedFailure);
    expect((await first(db.select().from(schema.user).where(eq(schema.user.id, p.editor.id)).limit(1)))?.disabledAt).toBe(disabledAt);
  });

  it('a role change whose audit event cannot be written keeps the old role', async () => {
    const membership = (await first(db.select().from(schema.membership).where(and(eq(schema.membership.userId, p.editor.id))).limit(1)))!;
    await failInsertsInto('audit_event', `NEW.action = 'membership.change-role'`);
    await expect(changeRole(db, await loadActor(db, p.coordinator.id), { membershipId: membership.id, role: 'viewer' }, meta)).rejects.toThrow(injectedFailure);
    expect((await first(db.select().from(schema.membership).where(eq(schema.membership.id, membership.id)).limit(1)))?.role).toBe('editor');
  });

  it('a submission whose notification cannot be written freezes nothing, leaves the stage a draft and sends no e-mail', async () => {
    const transfer = await openedTransfer();
    const needs = templateSchema.parse(readFrontmatter('templates', 'needs-and-scope')).sections.find((s) => s.role === 'needs')!;
    const saved = await saveEntry(db, await loadActor(db, p.editor.id), transfer, { template: 'needs-scope', section: needs }, { values: { 'need-statement': 'Sectors agree only case by case', priority: 'High' } }, {}, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    await failInsertsInto('notification');
    await expect(submitStage(db, await loadActor(db, p.editor.id), transfer, reviewStage('needs-scope'), {}, meta)).rejects.toThrow(injectedFailure);
    expect(await db.select().from(schema.submission)).toEqual([]);
    expect(await db.select().from(schema.stageReview)).toEqual([]);
    expect(await auditOf('review.submit')).toEqual([]);
    expect(await db.select().from(schema.mailMessage)).toEqual([]);
  });

  it('a record whose audit event cannot be written is not saved and the transfer keeps its revision', async () => {
    const transfer = await openedTransfer();
    const revision = async () => (await db.select({ r: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, transfer.id)))[0].r;
    const before = await revision();
    const needs = templateSchema.parse(readFrontmatter('templates', 'needs-and-scope')).sections.find((s) => s.role === 'needs')!;
    await failInsertsInto('audit_event', `NEW.action = 'entry.create'`);
    await expect(saveEntry(db, await loadActor(db, p.editor.id), transfer, { template: 'needs-scope', section: needs }, { values: { 'need-statement': 'Never stored', priority: 'High' } }, {}, meta)).rejects.toThrow(injectedFailure);
    expect(await db.select().from(schema.entry)).toEqual([]);
    expect(await revision()).toBe(before);
  });
});

async function openedTransfer() {
  const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
  const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  return (await loadTransfer(db, opened.transferId))!;
}
