/**
 * Sessions after Lucia's published pattern. Token = "<id>.<secret>"; the database keeps the id and a SHA-256
 * of the secret. A session ends after 12 hours without use (idle) or 7 days after sign-in (absolute), on
 * sign-out, on a password change, and when the user is disabled.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db.ts';
import { prepared, schema, writeTransaction } from '../db.ts';
import { hours, isoNow } from '../clock.ts';
import { generateSecret, hashSecret, secretMatches, splitToken } from './tokens.ts';

export const idleTimeoutMs = hours(12);
export const absoluteTimeoutMs = hours(24 * 7);
/** last_verified_at is written at most this often, so a busy user costs one write per hour, not per request. */
export const refreshIntervalMs = hours(1);

export type SessionUser = { id: string; email: string; name: string; /** null: not chosen, English */ locale: string | null };
export type Session = { id: string; userId: string; createdAt: string; lastVerifiedAt: string; ip: string | null; userAgent: string | null; secondFactorPending: boolean };
/** A session waiting for its second factor lasts this long: enough to open the app and type a code. */
export const secondFactorWindowMs = 10 * 60_000;

/** Opens a session; with a command's `tx`, inside its write transaction (a password change, a sign-in). */
export async function createSession(db: Db | Tx, userId: string, meta: { ip?: string | null; userAgent?: string | null; secondFactorPending?: boolean }, now = new Date()) {
  const id = crypto.randomUUID();
  const secret = generateSecret();
  const row = { id, userId, secretHash: hashSecret(secret), createdAt: isoNow(now), lastVerifiedAt: isoNow(now), ip: meta.ip ?? null, userAgent: meta.userAgent?.slice(0, 300) ?? null, secondFactorPending: meta.secondFactorPending ?? false };
  await db.insert(schema.session).values(row);
  return { token: `${id}.${secret}`, session: { ...row, secretHash: undefined } as Session, expiresAt: sessionExpiry(row, now) };
}

/** When the cookie should expire: the earlier of the idle and the absolute limit. */
export function sessionExpiry(s: { createdAt: string; lastVerifiedAt: string }, now = new Date()): Date {
  const idle = new Date(s.lastVerifiedAt).getTime() + idleTimeoutMs;
  const absolute = new Date(s.createdAt).getTime() + absoluteTimeoutMs;
  return new Date(Math.max(now.getTime(), Math.min(idle, absolute)));
}

export type ValidSession = { session: Session; user: SessionUser; refreshed: boolean; refreshDue: boolean };

/**
 * The session and its user if the token is genuine, current and the user is not disabled; otherwise null.
 * A session last verified over an hour ago is refreshed (its cookie must then be sent again), unless the caller
 * cannot send cookies and asks only to look (`refresh: false`): it is then told the refresh is due.
 */
export async function validateSessionToken(db: Db, token: string, now = new Date(), { refresh = true } = {}): Promise<ValidSession | null> {
  const checked = await checkSessionToken(db, token, now, { refresh });
  return checked && 'session' in checked ? checked : null;
}

/**
 * As validateSessionToken, but a genuine token of a session that has just timed out (idle or absolute, not a
 * disabled user) is told apart: `{ expiredFor }` names its user, for whom a form it carried may be kept.
 */
export async function checkSessionToken(db: Db, token: string, now = new Date(), { refresh = true } = {}): Promise<ValidSession | { expiredFor: string } | null> {
  const parts = splitToken(token);
  if (!parts) return null;
  const row = await prepared(db, 'session.validate', (d) =>
    d
      .select({ session: schema.session, user: { id: schema.user.id, email: schema.user.email, name: schema.user.name, locale: schema.user.locale, disabledAt: schema.user.disabledAt } })
      .from(schema.session)
      .innerJoin(schema.user, eq(schema.user.id, schema.session.userId))
      .where(eq(schema.session.id, sql.placeholder('id'))),
  ).get({ id: parts.id });
  if (!row || !secretMatches(parts.secret, row.session.secretHash)) return null;
  const t = now.getTime();
  const age = t - new Date(row.session.createdAt).getTime();
  const expired = t - new Date(row.session.lastVerifiedAt).getTime() >= idleTimeoutMs || age >= absoluteTimeoutMs || (row.session.secondFactorPending && age >= secondFactorWindowMs);
  if (expired || row.user.disabledAt) {
    // A caller that only looks (the direct save path, which then hands the request on) leaves the row for the
    // one that answers, so that one can still tell a session that just expired from no session at all.
    if (refresh) await writeTransaction(db, (tx) => invalidateSession(tx, row.session.id));
    return expired && !row.user.disabledAt && !row.session.secondFactorPending ? { expiredFor: row.user.id } : null;
  }
  let refreshed = false;
  const refreshDue = t - new Date(row.session.lastVerifiedAt).getTime() >= refreshIntervalMs;
  if (refreshDue && refresh) {
    row.session.lastVerifiedAt = isoNow(now);
    await writeTransaction(db, async (tx) => {
      await tx.update(schema.session).set({ lastVerifiedAt: row.session.lastVerifiedAt }).where(eq(schema.session.id, row.session.id));
    });
    refreshed = true;
  }
  const { secretHash: _, ...session } = row.session;
  const { disabledAt: __, ...sessionUser } = row.user;
  return { session, user: sessionUser, refreshed, refreshDue: refreshDue && !refreshed };
}

export async function invalidateSession(db: Db | Tx, sessionId: string): Promise<void> {
  await db.delete(schema.session).where(eq(schema.session.id, sessionId));
}

/** Ends every session of a user, or every one but `exceptSessionId` ("sign out everywhere else"); how many ended. */
export async function invalidateUserSessions(db: Db | Tx, userId: string, exceptSessionId?: string): Promise<number> {
  const where = exceptSessionId ? and(eq(schema.session.userId, userId), ne(schema.session.id, exceptSessionId)) : eq(schema.session.userId, userId);
  return (await db.delete(schema.session).where(where).returning({ id: schema.session.id })).length;
}

export async function listUserSessions(db: Db, userId: string): Promise<Session[]> {
  const rows = await db.select().from(schema.session).where(eq(schema.session.userId, userId)).orderBy(schema.session.lastVerifiedAt);
  return rows.map(({ secretHash: _, ...s }) => s).reverse();
}
