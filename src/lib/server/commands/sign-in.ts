/**
 * Signing in. Every failure gives the same answer whether or not the e-mail exists (and takes as long), so the
 * form cannot be used to find out who has an account.
 */
import { z } from 'astro/zod';
import { findUserByEmail } from '../accounts.ts';
import { recordAudit, recordAuditInTx } from '../audit.ts';
import { dummyPasswordHash, verifyPassword } from '../auth/password.ts';
import { limits } from '../auth/rate-limit.ts';
import { createSession } from '../auth/session.ts';
import { writeTransaction, type Db } from '../db.ts';
import { fail, parseInput, type Result } from '../result.ts';

export const signInInput = z.object({
  email: z.string().trim().min(1, { error: 'Enter your e-mail address.' }).max(254),
  password: z.string().min(1, { error: 'Enter your password.' }).max(1024),
});

export const signInFailedMessage = 'The e-mail address or password is not right.';

type Meta = { ip: string; userAgent?: string | null; now?: Date };

export async function signIn(db: Db, input: unknown, meta: Meta): Promise<Result<{ token: string; expiresAt: Date; userId: string }>> {
  const parsed = parseInput(signInInput, input);
  if (!parsed.ok) return parsed;
  const { email, password } = parsed.data;
  const accountKey = `${email.toLowerCase()}|${meta.ip}`;
  const now = meta.now?.getTime() ?? Date.now();
  for (const [limiter, key] of [[limits.signInPerIp, meta.ip], [limits.signInPerAccount, accountKey]] as const) {
    const verdict = limiter.check(key, now);
    if (!verdict.allowed) {
      await recordAudit(db, { action: 'sign-in', outcome: 'denied', ip: meta.ip, detail: { reason: 'rate-limited', email } });
      const wait = Math.ceil(verdict.retryAfterSeconds / 60);
      return fail({ '': [`Too many attempts. Try again in ${wait} minute${wait === 1 ? '' : 's'}, or reset your password.`] }, 429);
    }
  }
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
  if (!user || !user.passwordHash || !valid || user.disabledAt) {
    limits.signInPerIp.hit(meta.ip, now);
    limits.signInPerAccount.hit(accountKey, now);
    await recordAudit(db, { action: 'sign-in', outcome: 'failure', actorUserId: user?.id, ip: meta.ip, detail: { email, reason: !user ? 'unknown-email' : user.disabledAt ? 'disabled' : 'wrong-password' } });
    return fail({ '': [signInFailedMessage] }, 400);
  }
  limits.signInPerAccount.reset(accountKey);
  const { token, expiresAt } = await writeTransaction(db, async (tx) => {
    const session = await createSession(tx, user.id, { ip: meta.ip, userAgent: meta.userAgent }, meta.now);
    await recordAuditInTx(tx, { action: 'sign-in', outcome: 'success', actorUserId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip });
    return session;
  });
  return { ok: true, token, expiresAt, userId: user.id };
}
