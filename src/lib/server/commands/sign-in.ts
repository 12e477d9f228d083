/**
 * Signing in. Every failure gives the same answer whether or not the e-mail exists (and takes as long), so the
 * form cannot be used to find out who has an account. The attempt is counted before the password is hashed
 * (rate-limit.ts); an account with a second factor gets a session that opens nothing but the code page.
 */
import { z } from 'astro/zod';
import { eq, isNotNull, and } from 'drizzle-orm';
import { findUserByEmail, normaliseEmail } from '../accounts.ts';
import { recordAudit, recordAuditInTx } from '../audit.ts';
import { dummyPasswordHash, verifyPassword } from '../auth/password.ts';
import { clearAttemptsInTx, countAttempts, limits, refundAttemptInTx, tooManyAttemptsMessage, type Limit } from '../auth/rate-limit.ts';
import { createSession } from '../auth/session.ts';
import { trustDeviceInTx, trustedDeviceOf } from '../auth/trusted-device.ts';
import { first, schema, writeTransaction, type Db } from '../db.ts';
import { fail, parseInput, type Result } from '../result.ts';
import { t } from '../../../i18n/index.ts';

export const signInInput = z.object({
  email: z.string().trim().min(1, { error: () => t('auth:enterEmail') }).max(254),
  password: z.string().min(1, { error: () => t('auth:enterPassword') }).max(1024),
});

export const signInFailedMessage = () => t('auth:signInFailed');

type Meta = { ip: string; userAgent?: string | null; now?: Date; deviceCookie?: string };
export type SignedIn = { token: string; expiresAt: Date; userId: string; secondFactorPending: boolean; deviceCookie?: string };

export async function signIn(db: Db, input: unknown, meta: Meta): Promise<Result<SignedIn>> {
  const parsed = parseInput(signInInput, input);
  if (!parsed.ok) return parsed;
  const { email, password } = parsed.data;
  const account = normaliseEmail(email);
  const now = meta.now?.getTime() ?? Date.now();
  const user = await findUserByEmail(db, email);
  const device = user ? await trustedDeviceOf(db, user.id, meta.deviceCookie) : undefined;
  // A browser the account trusts is counted on its own allowance only; any other on the IP's, the account's from
  // that IP and the account's from everywhere. Counted now, before the hash, so concurrency cannot beat it.
  const attempts: [Limit, string][] = device
    ? [[limits.signInPerDevice, device]]
    : [[limits.signInPerIp, meta.ip], [limits.signInPerAccountIp, `${account}|${meta.ip}`], [limits.signInPerAccount, account]];
  const verdict = await countAttempts(db, attempts, now);
  if (!verdict.allowed) {
    await recordAudit(db, { action: 'sign-in', outcome: 'denied', actorUserId: user?.id, ip: meta.ip, detail: { reason: 'rate-limited', email: account, trustedDevice: !!device } });
    return fail({ '': [tooManyAttemptsMessage(verdict.retryAfterSeconds)] }, 429);
  }
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !user.passwordHash || !valid || user.disabledAt) {
    await recordAudit(db, { action: 'sign-in', outcome: 'failure', actorUserId: user?.id, ip: meta.ip, detail: { email: account, reason: !user ? 'unknown-email' : user.disabledAt ? 'disabled' : 'wrong-password' } });
    return fail({ '': [signInFailedMessage()] }, 400);
  }
  const hasSecondFactor =
    !!(await first(db.select({ userId: schema.totpCredential.userId }).from(schema.totpCredential).where(and(eq(schema.totpCredential.userId, user.id), isNotNull(schema.totpCredential.confirmedAt))).limit(1))) ||
    !!(await first(db.select({ id: schema.passkeyCredential.id }).from(schema.passkeyCredential).where(eq(schema.passkeyCredential.userId, user.id)).limit(1)));
  const signedIn = await writeTransaction(db, async (tx) => {
    // The password was right: it does not count against anyone's allowance, and this address's run of failures ends.
    if (device) await clearAttemptsInTx(tx, limits.signInPerDevice, device);
    else {
      await refundAttemptInTx(tx, limits.signInPerIp, meta.ip);
      await refundAttemptInTx(tx, limits.signInPerAccount, account);
      await clearAttemptsInTx(tx, limits.signInPerAccountIp, `${account}|${meta.ip}`);
    }
    const session = await createSession(tx, user.id, { ip: meta.ip, userAgent: meta.userAgent, secondFactorPending: hasSecondFactor }, meta.now);
    // The device is trusted only once the whole sign-in succeeds; with a second factor, that is after the code.
    const deviceCookie = device || hasSecondFactor ? undefined : await trustDeviceInTx(tx, user.id);
    await recordAuditInTx(tx, { action: 'sign-in', outcome: 'success', actorUserId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip, detail: hasSecondFactor ? { step: 'password', secondFactor: 'pending' } : undefined });
    return { ...session, deviceCookie };
  });
  return { ok: true, token: signedIn.token, expiresAt: signedIn.expiresAt, userId: user.id, secondFactorPending: hasSecondFactor, deviceCookie: signedIn.deviceCookie };
}
