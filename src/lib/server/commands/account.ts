/** What people do to their own account: change the password, end other sessions, sign out. */
import { z } from 'astro/zod';
import { eq } from 'drizzle-orm';
import { recordAudit, recordAuditInTx } from '../audit.ts';
import { hashPassword, passwordMaxLength, passwordProblem, verifyPassword } from '../auth/password.ts';
import { clearAttemptsInTx, countAttempts, limits, tooManyAttemptsMessage } from '../auth/rate-limit.ts';
import { endOpenResetsInTx } from './password-reset.ts';
import { createSession, invalidateSession, invalidateUserSessions } from '../auth/session.ts';
import { first, schema, writeTransaction, type Db } from '../db.ts';
import { fail, parseInput, type Result } from '../result.ts';
import { t } from '../../../i18n/index.ts';
import { defaultLocale, isLocale } from '../../../i18n/locales.ts';
import { canSetOwnLanguage, type Actor } from '../permissions.ts';

export const changePasswordInput = z
  .object({
    // Messages are functions: they are read when a form fails, in the language of that request.
    current: z.string().min(1, { error: () => t('account:password.enterCurrent') }).max(1024),
    password: z.string().max(passwordMaxLength * 4),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { error: () => t('account:password.notSame'), path: ['confirm'] });

/**
 * Changes the password, ends every session of the user and every reset link still open, and opens a fresh
 * session for the browser that asked. The current-password check is counted first, like a sign-in: a stolen
 * session must not become a way to guess the password.
 */
export async function changePassword(db: Db, userId: string, input: unknown, meta: { ip: string; userAgent?: string | null; now?: Date }): Promise<Result<{ token: string; expiresAt: Date }>> {
  const parsed = parseInput(changePasswordInput, input);
  if (!parsed.ok) return parsed;
  const verdict = await countAttempts(db, [[limits.passwordCheck, userId]], meta.now?.getTime());
  if (!verdict.allowed) {
    await recordAudit(db, { action: 'password.change', outcome: 'denied', actorUserId: userId, ip: meta.ip, detail: { reason: 'rate-limited' } });
    return fail({ current: [tooManyAttemptsMessage(verdict.retryAfterSeconds, 'signOutAndReset')] }, 429);
  }
  const user = await first(db.select().from(schema.user).where(eq(schema.user.id, userId)).limit(1));
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, parsed.data.current))) {
    await recordAudit(db, { action: 'password.change', outcome: 'failure', actorUserId: userId, ip: meta.ip, detail: { reason: 'wrong-current-password' } });
    return fail({ current: [t('account:password.wrongCurrent')] });
  }
  const problem = passwordProblem(parsed.data.password, user);
  if (problem) return fail({ password: [problem] });
  const passwordHash = await hashPassword(parsed.data.password);
  const session = await writeTransaction(db, async (tx) => {
    await tx.update(schema.user).set({ passwordHash }).where(eq(schema.user.id, userId));
    await invalidateUserSessions(tx, userId);
    await endOpenResetsInTx(tx, userId, meta.now);
    await clearAttemptsInTx(tx, limits.passwordCheck, userId);
    const fresh = await createSession(tx, userId, meta);
    await recordAuditInTx(tx, { action: 'password.change', outcome: 'success', actorUserId: userId, targetType: 'user', targetId: userId, ip: meta.ip });
    return fresh;
  });
  return { ok: true, token: session.token, expiresAt: session.expiresAt };
}

export async function signOutOtherSessions(db: Db, userId: string, currentSessionId: string, meta: { ip: string }): Promise<Result<{ ended: number }>> {
  const ended = await writeTransaction(db, async (tx) => {
    const n = await invalidateUserSessions(tx, userId, currentSessionId);
    await recordAuditInTx(tx, { action: 'session.sign-out-others', outcome: 'success', actorUserId: userId, targetType: 'user', targetId: userId, ip: meta.ip, detail: { ended: n } });
    return n;
  });
  return { ok: true, ended };
}

/** Ends this session on the server and records it, in one transaction. */
export async function signOut(db: Db, session: { id: string; userId: string }, meta: { ip: string }): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await invalidateSession(tx, session.id);
    await recordAuditInTx(tx, { action: 'sign-out', outcome: 'success', actorUserId: session.userId, ip: meta.ip });
  });
}

export const languageInput = z.object({
  locale: z.string().refine((code) => isLocale(code), { error: () => t('account:language.unknown') }),
});

/**
 * The language the person reads the workspace and their e-mails in. English is stored as null (the default), so
 * that a person who never chose keeps following the portal's default.
 */
export async function setLanguage(db: Db, actor: Actor, input: unknown, meta: { ip: string }): Promise<Result<{ locale: string }>> {
  if (!canSetOwnLanguage(actor)) return fail({ '': [t('account:language.notAllowed')] }, 403);
  const parsed = parseInput(languageInput, input);
  if (!parsed.ok) return parsed;
  const { locale } = parsed.data;
  await writeTransaction(db, async (tx) => {
    await tx.update(schema.user).set({ locale: locale === defaultLocale ? null : locale }).where(eq(schema.user.id, actor.userId));
    await recordAuditInTx(tx, { action: 'account.language', outcome: 'success', actorUserId: actor.userId, targetType: 'user', targetId: actor.userId, ip: meta.ip, detail: { locale } });
  });
  return { ok: true, locale };
}
