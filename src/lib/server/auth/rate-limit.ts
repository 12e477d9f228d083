/**
 * Fixed-window attempt counters, kept in the database (table attempt_counter): a restart or a second process does not
 * forget them. An attempt is counted *before* the slow work it guards (a password hash, a code check), in one
 * atomic statement inside the write queue, so forty simultaneous posts cannot all slip under the limit while
 * their hashes run (the counter is raised for each before any of them is verified).
 *
 * Sign-in is limited per IP, per account from one IP, and per account from everywhere (so guessing from 500
 * addresses is slowed as much as from one). That last limit could be used to lock an owner out; browsers that
 * signed in to the account before carry a device cookie (trusted-device.ts) and are counted on their own
 * allowance instead, after OWASP's device-cookie pattern.
 */
import { eq, sql } from 'drizzle-orm';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { greatest } from '../sql-dialect.ts';
import { t } from '../../../i18n/index.ts';

export type Limit = { name: string; limit: number; windowMs: number };
export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const minutes = (n: number) => n * 60_000;

export const limits = {
  /** Sign-ins from one IP, whatever the account (a refunded count on success: an office behind one address keeps working). */
  signInPerIp: { name: 'sign-in:ip', limit: 30, windowMs: minutes(15) },
  /** Failed sign-ins for one account from one IP. */
  signInPerAccountIp: { name: 'sign-in:account-ip', limit: 5, windowMs: minutes(15) },
  /** Failed sign-ins for one account from browsers it does not know, from anywhere. */
  signInPerAccount: { name: 'sign-in:account', limit: 10, windowMs: minutes(15) },
  /** Failed sign-ins from one trusted device of the account: its own allowance. */
  signInPerDevice: { name: 'sign-in:device', limit: 5, windowMs: minutes(15) },
  /** Current-password checks on the Account page, per user. */
  passwordCheck: { name: 'password-check:user', limit: 5, windowMs: minutes(15) },
  /** Second-factor codes (TOTP or recovery) per user. */
  secondFactor: { name: 'second-factor:user', limit: 5, windowMs: minutes(15) },
  /** Reset requests from one IP. */
  resetPerIp: { name: 'reset:ip', limit: 10, windowMs: minutes(60) },
  /** Reset e-mails to one account: a few an hour, so nobody can flood a mailbox. */
  resetPerAccount: { name: 'reset:account', limit: 3, windowMs: minutes(60) },
} satisfies Record<string, Limit>;

const counterKey = (limit: Limit, key: string) => `${limit.name}|${key}`;

/**
 * Counts one attempt under each `[limit, key]` in the caller's transaction and says whether all of them were still
 * within their limit (the attempt is counted either way: an attacker gains nothing by being refused).
 */
export async function countAttemptsInTx(tx: Tx, attempts: [Limit, string][], now = Date.now()): Promise<Verdict> {
  let worst: Verdict = { allowed: true };
  for (const [limit, key] of attempts) {
    const row = (await first(
      tx
        .insert(schema.attemptCounter)
        .values({ key: counterKey(limit, key), count: 1, resetsAt: now + limit.windowMs })
        .onConflictDoUpdate({
          target: schema.attemptCounter.key,
          set: {
            count: sql`CASE WHEN ${schema.attemptCounter.resetsAt} <= ${now} THEN 1 ELSE ${schema.attemptCounter.count} + 1 END`,
            resetsAt: sql`CASE WHEN ${schema.attemptCounter.resetsAt} <= ${now} THEN ${now + limit.windowMs} ELSE ${schema.attemptCounter.resetsAt} END`,
          },
        })
        .returning({ count: schema.attemptCounter.count, resetsAt: schema.attemptCounter.resetsAt }),
    ))!;
    if (row.count > limit.limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil((row.resetsAt - now) / 1000));
      if (worst.allowed || retryAfterSeconds > worst.retryAfterSeconds) worst = { allowed: false, retryAfterSeconds };
    }
  }
  return worst;
}

/** Counts the attempts in a transaction of their own. */
export async function countAttempts(db: Db, attempts: [Limit, string][], now = Date.now()): Promise<Verdict> {
  return writeTransaction(db, (tx) => countAttemptsInTx(tx, attempts, now));
}

/** Forgets a counter (a success ends the run of failures it counted). */
export async function clearAttemptsInTx(tx: Tx, limit: Limit, key: string): Promise<void> {
  await tx.delete(schema.attemptCounter).where(eq(schema.attemptCounter.key, counterKey(limit, key)));
}

/** Gives back one counted attempt (a success should not use up a shared address's allowance). */
export async function refundAttemptInTx(tx: Tx, limit: Limit, key: string): Promise<void> {
  await tx
    .update(schema.attemptCounter)
    .set({ count: greatest(sql`${schema.attemptCounter.count} - 1`, 0) })
    .where(eq(schema.attemptCounter.key, counterKey(limit, key)));
}

/** Drops windows that have ended, so the table holds only live counters (called now and then by writers). */
export async function sweepAttemptsInTx(tx: Tx, now = Date.now()): Promise<void> {
  await tx.delete(schema.attemptCounter).where(sql`${schema.attemptCounter.resetsAt} <= ${now}`);
}

/** `then`: what else the person can do, as the end of the sentence (or nothing). */
export const tooManyAttemptsMessage = (retryAfterSeconds: number, then: 'reset' | 'signOutAndReset' | 'none' = 'reset') =>
  t(`auth:tooMany.${then}`, { count: Math.ceil(retryAfterSeconds / 60) });
