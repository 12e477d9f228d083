/**
 * Password reset by e-mailed link (30 minutes, single use). The request always gets the same answer, so it cannot
 * reveal who has an account; a completed reset ends every session of the account.
 */
import { z } from 'astro/zod';
import { and, eq, isNull } from 'drizzle-orm';
import { findUserByEmail } from '../accounts.ts';
import { recordAudit, recordAuditInTx } from '../audit.ts';
import { hashPassword, passwordMaxLength, passwordProblem } from '../auth/password.ts';
import { countAttempts, countAttemptsInTx, limits } from '../auth/rate-limit.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { generateSecret, hashSecret, secretMatches, splitToken } from '../auth/tokens.ts';
import { addMs, isoNow, minutes } from '../clock.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { sendMail } from '../mail/mailer.ts';
import { fail, parseInput, type Result } from '../result.ts';
import { t, tIn } from '../../../i18n/index.ts';

export const resetLifetimeMs = minutes(30);
/** In the language of the page asking (a function: read when it is shown). */
export const resetRequestedMessage = () => t('auth:reset.requested');

export const requestResetInput = z.object({ email: z.email({ error: () => t('auth:validEmail') }).max(254) });

/**
 * Answers at once and does the work afterwards (`work`, which the caller may await; the page does not): the
 * answer then takes as long whether or not the address has an account, where doing the lookup, the insert and
 * the outbox write first made it measurably slower for existing e-mails.
 */
export async function requestPasswordReset(db: Db, input: unknown, meta: { ip: string; origin: string; now?: Date }): Promise<Result<{ work: Promise<void> }>> {
  const parsed = parseInput(requestResetInput, input);
  if (!parsed.ok) return parsed;
  const now = meta.now ?? new Date();
  const ipVerdict = await countAttempts(db, [[limits.resetPerIp, meta.ip]], now.getTime());
  if (!ipVerdict.allowed) {
    await recordAudit(db, { action: 'password-reset.request', outcome: 'denied', ip: meta.ip, detail: { reason: 'rate-limited' } });
    return fail({ '': [t('auth:reset.tooMany', { minutes: Math.ceil(ipVerdict.retryAfterSeconds / 60) })] }, 429);
  }
  const work = new Promise<void>((resolve) => setImmediate(resolve)).then(() => sendResetLink(db, parsed.data.email, { ...meta, now })).catch((error) => {
    console.error('password reset: the link could not be prepared', error);
  });
  return { ok: true, work };
}

/** The work behind a reset request: exported for tests that need it to fail. */
export async function sendResetLink(db: Db, email: string, meta: { ip: string; origin: string; now: Date }): Promise<void> {
  const { now } = meta;
  const user = await findUserByEmail(db, email);
  if (!user || user.disabledAt || !user.passwordHash) {
    await recordAudit(db, { action: 'password-reset.request', outcome: 'failure', ip: meta.ip, detail: { email, reason: user ? 'not-eligible' : 'unknown-email' } });
    return;
  }
  const id = crypto.randomUUID();
  const secret = generateSecret();
  const stored = await writeTransaction(db, async (tx) => {
    // A few e-mails an hour per account, counted with the insert, so no burst slips past.
    if (!(await countAttemptsInTx(tx, [[limits.resetPerAccount, user.id]], now.getTime())).allowed) {
      await recordAuditInTx(tx, { action: 'password-reset.request', outcome: 'denied', actorUserId: user.id, ip: meta.ip, detail: { reason: 'rate-limited-account' } });
      return false;
    }
    await tx.insert(schema.passwordReset).values({ id, tokenHash: hashSecret(secret), userId: user.id, createdAt: isoNow(now), expiresAt: isoNow(addMs(now, resetLifetimeMs)) });
    await recordAuditInTx(tx, { action: 'password-reset.request', outcome: 'success', actorUserId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip });
    return true;
  });
  // After the commit: a link that was not stored is never mailed.
  if (!stored) return;
  // In the account's language, whoever asked; the link opens the page in it too.
  const locale = user.locale ?? 'en';
  const tr = tIn(locale);
  await sendMail(db, {
    to: user.email,
    subject: tr('mail:reset.subject'),
    text: tr('mail:reset.body', { link: `${meta.origin}/reset-password/${id}.${secret}${locale === 'en' ? '' : `?lang=${locale}`}` }),
  });
}

/** Ends every reset link of the user still open: a new password, however it was set, makes the old links useless. */
export async function endOpenResetsInTx(tx: Tx, userId: string, now = new Date()): Promise<void> {
  await tx.update(schema.passwordReset).set({ usedAt: isoNow(now) }).where(and(eq(schema.passwordReset.userId, userId), isNull(schema.passwordReset.usedAt)));
}

export async function findOpenReset(db: Db, token: string, now = new Date()) {
  const parts = splitToken(token);
  if (!parts) return undefined;
  const row = await first(
    db
      .select({ reset: schema.passwordReset, email: schema.user.email, name: schema.user.name, disabledAt: schema.user.disabledAt })
      .from(schema.passwordReset)
      .innerJoin(schema.user, eq(schema.user.id, schema.passwordReset.userId))
      .where(eq(schema.passwordReset.id, parts.id))
      .limit(1),
  );
  if (!row || !secretMatches(parts.secret, row.reset.tokenHash) || row.reset.usedAt || row.disabledAt || row.reset.expiresAt <= isoNow(now)) return undefined;
  return { id: row.reset.id, userId: row.reset.userId, email: row.email, name: row.name };
}

export const invalidResetMessage = () => t('auth:reset.invalid');

export const resetInput = z
  .object({ password: z.string().max(passwordMaxLength * 4), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { error: () => t('account:password.notSame'), path: ['confirm'] });

export async function resetPassword(db: Db, token: string, input: unknown, meta: { ip: string; now?: Date }): Promise<Result> {
  const now = meta.now ?? new Date();
  const reset = await findOpenReset(db, token, now);
  if (!reset) return fail({ '': [invalidResetMessage()] }, 410);
  const parsed = parseInput(resetInput, input);
  if (!parsed.ok) return parsed;
  const problem = passwordProblem(parsed.data.password, reset);
  if (problem) return fail({ password: [problem] });
  const passwordHash = await hashPassword(parsed.data.password);
  const done = await writeTransaction(db, async (tx) => {
    const claimed = await tx
      .update(schema.passwordReset)
      .set({ usedAt: isoNow(now) })
      .where(and(eq(schema.passwordReset.id, reset.id), isNull(schema.passwordReset.usedAt)))
      .returning({ id: schema.passwordReset.id });
    if (claimed.length !== 1) return false;
    await tx.update(schema.user).set({ passwordHash }).where(eq(schema.user.id, reset.userId));
    // A reset is what someone does when they fear their password is known: end every session, and every other link.
    await invalidateUserSessions(tx, reset.userId);
    await endOpenResetsInTx(tx, reset.userId, now);
    await recordAuditInTx(tx, { action: 'password-reset.complete', outcome: 'success', actorUserId: reset.userId, targetType: 'user', targetId: reset.userId, ip: meta.ip });
    return true;
  });
  return done ? { ok: true } : fail({ '': [invalidResetMessage()] }, 410);
}
