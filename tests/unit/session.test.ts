import { beforeEach, describe, expect, it } from 'vitest';
import { absoluteTimeoutMs, createSession, idleTimeoutMs, invalidateSession, invalidateUserSessions, listUserSessions, refreshIntervalMs, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { rawRows, schema, type Db } from '../../src/lib/server/db.ts';
import { eq, sql } from 'drizzle-orm';
import { createOrganisation, createTestDb, createUser } from '../support/db.ts';

let db: Db;
let userId: string;
const t0 = new Date('2026-11-25T10:00:00Z');
const later = (ms: number) => new Date(t0.getTime() + ms);

beforeEach(async () => {
  db = await createTestDb();
  const org = await createOrganisation(db, 'next-adopter');
  userId = (await createUser(db, 'editor', org.id)).id;
});

describe('validateSessionToken', () => {
  it('accepts the token it issued and returns the user', async () => {
    const { token } = await createSession(db, userId, { ip: '127.0.0.1' }, t0);
    const valid = await validateSessionToken(db, token, later(1000));
    expect(valid?.user.id).toBe(userId);
  });

  it('stores only a hash of the secret, never the token', async () => {
    const { token } = await createSession(db, userId, {}, t0);
    const raw = JSON.stringify(await rawRows(db, sql`select * from session`));
    expect(raw).not.toContain(token.split('.')[1]);
  });

  it('rejects a token whose secret or id was tampered with', async () => {
    const { token } = await createSession(db, userId, {}, t0);
    const [id, secret] = token.split('.');
    const flipped = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
    expect(await validateSessionToken(db, `${id}.${flipped}`, t0)).toBeNull();
    expect(await validateSessionToken(db, `${crypto.randomUUID()}.${secret}`, t0)).toBeNull();
    expect(await validateSessionToken(db, 'garbage', t0)).toBeNull();
    expect(await validateSessionToken(db, `${token}.extra`, t0)).toBeNull();
  });

  it('ends a session after the idle timeout, and deletes it', async () => {
    const { token, session } = await createSession(db, userId, {}, t0);
    expect(await validateSessionToken(db, token, later(idleTimeoutMs - 1000))).not.toBeNull();
    expect(await validateSessionToken(db, token, later(2 * idleTimeoutMs))).toBeNull();
    expect(await db.select().from(schema.session).where(eq(schema.session.id, session.id))).toHaveLength(0);
  });

  it('keeps an active session alive but never beyond the absolute timeout', async () => {
    const { token } = await createSession(db, userId, {}, t0);
    // Use it every few hours: the idle clock restarts each time.
    for (let h = 4; h * 3_600_000 < absoluteTimeoutMs; h += 4) expect(await validateSessionToken(db, token, later(h * 3_600_000)), `at ${h} h`).not.toBeNull();
    expect(await validateSessionToken(db, token, later(absoluteTimeoutMs))).toBeNull();
  });

  it('writes last-verified at most once per refresh interval', async () => {
    const { token } = await createSession(db, userId, {}, t0);
    expect((await validateSessionToken(db, token, later(refreshIntervalMs / 2)))?.refreshed).toBe(false);
    expect((await validateSessionToken(db, token, later(refreshIntervalMs + 1)))?.refreshed).toBe(true);
    expect((await validateSessionToken(db, token, later(refreshIntervalMs + 2)))?.refreshed).toBe(false);
  });

  it('rejects the session of a disabled user', async () => {
    const { token } = await createSession(db, userId, {}, t0);
    await db.update(schema.user).set({ disabledAt: t0.toISOString() }).where(eq(schema.user.id, userId));
    expect(await validateSessionToken(db, token, t0)).toBeNull();
  });
});

describe('invalidateSession and invalidateUserSessions', () => {
  it('revokes on the server: the token stops working', async () => {
    const { token, session } = await createSession(db, userId, {}, t0);
    await invalidateSession(db, session.id);
    expect(await validateSessionToken(db, token, t0)).toBeNull();
  });

  it('signs out everywhere else but keeps the current session', async () => {
    const current = await createSession(db, userId, {}, t0);
    const other = await createSession(db, userId, {}, t0);
    expect(await invalidateUserSessions(db, userId, current.session.id)).toBe(1);
    expect(await validateSessionToken(db, current.token, t0)).not.toBeNull();
    expect(await validateSessionToken(db, other.token, t0)).toBeNull();
    expect(await listUserSessions(db, userId)).toHaveLength(1);
  });
});
