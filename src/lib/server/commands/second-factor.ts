/**
 * Second-factor commands: enrol an authenticator app (TOTP) and receive recovery codes, give a code at sign-in,
 * replace the recovery codes, remove one's own factor where the role allows, and a coordinator's reset of someone
 * else's lost factor (they enrol again at their next sign-in). Every code check counts against the person's
 * allowance first (rate-limit.ts), and every outcome is audited.
 */
import { z } from 'astro/zod';
import { and, eq, isNull } from 'drizzle-orm';
import { recordAudit, recordAuditInTx } from '../audit.ts';
import { countAttempts, clearAttemptsInTx, limits, tooManyAttemptsMessage } from '../auth/rate-limit.ts';
import { acceptedStep, hashRecoveryCode, mustHaveSecondFactor, newRecoveryCodes, newTotpKey } from '../auth/second-factor.ts';
import { invalidateUserSessions, type Session } from '../auth/session.ts';
import { trustDeviceInTx } from '../auth/trusted-device.ts';
import { isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { canResetSecondFactor, type Actor } from '../permissions.ts';
import { fail, parseInput, type Result } from '../result.ts';
import { t } from '../../../i18n/index.ts';

export const codeInput = z.object({ code: z.string().trim().min(1, { error: () => t('auth:factorMessages.enterCode') }).max(64) });
export const wrongCodeMessage = () => t('auth:factorMessages.wrongCode');

type Meta = { ip: string; now?: Date };

export async function totpOf(db: Db | Tx, userId: string) {
  return first(db.select().from(schema.totpCredential).where(eq(schema.totpCredential.userId, userId)).limit(1));
}

export async function unusedRecoveryCodes(db: Db, userId: string): Promise<number> {
  return (await db.select({ id: schema.recoveryCode.id }).from(schema.recoveryCode).where(and(eq(schema.recoveryCode.userId, userId), isNull(schema.recoveryCode.usedAt)))).length;
}

/** The key to show while enrolling: the pending one, or a new one. Refused once a factor is confirmed. */
export async function startEnrolment(db: Db, userId: string): Promise<Result<{ key: Uint8Array }>> {
  const existing = await totpOf(db, userId);
  if (existing?.confirmedAt) return fail({ '': [t('auth:factorMessages.alreadySetUp')] }, 409);
  if (existing) return { ok: true, key: new Uint8Array(existing.key) };
  const key = newTotpKey();
  await writeTransaction(db, async (tx) => {
    await tx.insert(schema.totpCredential).values({ userId, key: Buffer.from(key) }).onConflictDoNothing();
  });
  return { ok: true, key: new Uint8Array((await totpOf(db, userId))!.key) };
}

/** Counts a code attempt for the user; the refusal to give when over the limit. */
async function overLimit(db: Db, userId: string, action: string, meta: Meta) {
  const verdict = await countAttempts(db, [[limits.secondFactor, userId]], meta.now?.getTime());
  if (verdict.allowed) return undefined;
  await recordAudit(db, { action, outcome: 'denied', actorUserId: userId, ip: meta.ip, detail: { reason: 'rate-limited' } });
  return fail({ code: [tooManyAttemptsMessage(verdict.retryAfterSeconds, 'none')] }, 429);
}

async function replaceRecoveryCodesInTx(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.delete(schema.recoveryCode).where(eq(schema.recoveryCode.userId, userId));
  await tx.insert(schema.recoveryCode).values(codes.map((code) => ({ id: crypto.randomUUID(), userId, codeHash: hashRecoveryCode(code) })));
  return codes;
}

/** The first code from the app confirms the enrolment; the recovery codes are returned to be shown once. */
export async function confirmEnrolment(db: Db, userId: string, input: unknown, meta: Meta): Promise<Result<{ recoveryCodes: string[] }>> {
  const parsed = parseInput(codeInput, input);
  if (!parsed.ok) return parsed;
  const limited = await overLimit(db, userId, 'second-factor.enrol', meta);
  if (limited) return limited;
  const pending = await totpOf(db, userId);
  if (!pending || pending.confirmedAt) return fail({ '': [t('auth:factorMessages.startAgain')] }, 409);
  const step = acceptedStep(new Uint8Array(pending.key), parsed.data.code, pending.lastStep, meta.now?.getTime());
  if (step === undefined) {
    await recordAudit(db, { action: 'second-factor.enrol', outcome: 'failure', actorUserId: userId, ip: meta.ip, detail: { reason: 'wrong-code' } });
    return fail({ code: [wrongCodeMessage()] });
  }
  const recoveryCodes = await writeTransaction(db, async (tx) => {
    await tx.update(schema.totpCredential).set({ confirmedAt: isoNow(meta.now), lastStep: step }).where(eq(schema.totpCredential.userId, userId));
    await clearAttemptsInTx(tx, limits.secondFactor, userId);
    const codes = await replaceRecoveryCodesInTx(tx, userId);
    await recordAuditInTx(tx, { action: 'second-factor.enrol', outcome: 'success', actorUserId: userId, targetType: 'user', targetId: userId, ip: meta.ip });
    return codes;
  });
  return { ok: true, recoveryCodes };
}

/**
 * The second step of signing in: a code from the app, or one recovery code (used up). On success the session
 * opens fully and the browser becomes a trusted device of the account.
 */
export async function verifySecondFactor(db: Db, session: Session, input: unknown, meta: Meta): Promise<Result<{ deviceCookie: string; usedRecoveryCode: boolean }>> {
  const parsed = parseInput(codeInput, input);
  if (!parsed.ok) return parsed;
  if (!session.secondFactorPending) return fail({ '': [t('auth:factorMessages.noCodeWaited')] }, 409);
  const userId = session.userId;
  const limited = await overLimit(db, userId, 'second-factor.verify', meta);
  if (limited) return limited;
  const totp = await totpOf(db, userId);
  const step = totp?.confirmedAt ? acceptedStep(new Uint8Array(totp.key), parsed.data.code, totp.lastStep, meta.now?.getTime()) : undefined;
  const outcome = await writeTransaction(db, async (tx) => {
    let usedRecoveryCode = false;
    if (step !== undefined) {
      // Only a later step than the last accepted one: the same code cannot open a second session.
      const claimed = await tx.update(schema.totpCredential).set({ lastStep: step }).where(and(eq(schema.totpCredential.userId, userId), eq(schema.totpCredential.lastStep, totp!.lastStep))).returning({ userId: schema.totpCredential.userId });
      if (claimed.length !== 1) return undefined;
    } else {
      const used = await tx
        .update(schema.recoveryCode)
        .set({ usedAt: isoNow(meta.now) })
        .where(and(eq(schema.recoveryCode.userId, userId), eq(schema.recoveryCode.codeHash, hashRecoveryCode(parsed.data.code)), isNull(schema.recoveryCode.usedAt)))
        .returning({ id: schema.recoveryCode.id });
      if (used.length !== 1) return undefined;
      usedRecoveryCode = true;
    }
    await tx.update(schema.session).set({ secondFactorPending: false }).where(eq(schema.session.id, session.id));
    await clearAttemptsInTx(tx, limits.secondFactor, userId);
    const deviceCookie = await trustDeviceInTx(tx, userId);
    await recordAuditInTx(tx, { action: 'second-factor.verify', outcome: 'success', actorUserId: userId, targetType: 'user', targetId: userId, ip: meta.ip, detail: { method: usedRecoveryCode ? 'recovery-code' : 'totp' } });
    return { deviceCookie, usedRecoveryCode };
  });
  if (!outcome) {
    await recordAudit(db, { action: 'second-factor.verify', outcome: 'failure', actorUserId: userId, ip: meta.ip, detail: { reason: 'wrong-code' } });
    return fail({ code: [wrongCodeMessage()] });
  }
  return { ok: true, ...outcome };
}

/** New recovery codes (the old ones stop working), after a current code from the app. */
export async function regenerateRecoveryCodes(db: Db, userId: string, input: unknown, meta: Meta): Promise<Result<{ recoveryCodes: string[] }>> {
  const checked = await checkCurrentCode(db, userId, input, 'recovery-codes.regenerate', meta);
  if (!checked.ok) return checked;
  const recoveryCodes = await writeTransaction(db, async (tx) => {
    await tx.update(schema.totpCredential).set({ lastStep: checked.step }).where(eq(schema.totpCredential.userId, userId));
    const codes = await replaceRecoveryCodesInTx(tx, userId);
    await recordAuditInTx(tx, { action: 'recovery-codes.regenerate', outcome: 'success', actorUserId: userId, targetType: 'user', targetId: userId, ip: meta.ip });
    return codes;
  });
  return { ok: true, recoveryCodes };
}

/** Removes one's own factor, after a current code; not for the roles that must keep one. */
export async function removeSecondFactor(db: Db, actor: Actor, input: unknown, meta: Meta): Promise<Result> {
  if (mustHaveSecondFactor(actor)) return fail({ '': [t('auth:factorMessages.required')] }, 403);
  const checked = await checkCurrentCode(db, actor.userId, input, 'second-factor.remove', meta);
  if (!checked.ok) return checked;
  await writeTransaction(db, async (tx) => {
    await tx.delete(schema.totpCredential).where(eq(schema.totpCredential.userId, actor.userId));
    await tx.delete(schema.recoveryCode).where(eq(schema.recoveryCode.userId, actor.userId));
    await recordAuditInTx(tx, { action: 'second-factor.remove', outcome: 'success', actorUserId: actor.userId, targetType: 'user', targetId: actor.userId, ip: meta.ip });
  });
  return { ok: true };
}

async function checkCurrentCode(db: Db, userId: string, input: unknown, action: string, meta: Meta): Promise<Result<{ step: number }>> {
  const parsed = parseInput(codeInput, input);
  if (!parsed.ok) return parsed;
  const limited = await overLimit(db, userId, action, meta);
  if (limited) return limited;
  const totp = await totpOf(db, userId);
  const step = totp?.confirmedAt ? acceptedStep(new Uint8Array(totp.key), parsed.data.code, totp.lastStep, meta.now?.getTime()) : undefined;
  if (step === undefined) {
    await recordAudit(db, { action, outcome: 'failure', actorUserId: userId, ip: meta.ip, detail: { reason: 'wrong-code' } });
    return fail({ code: [wrongCodeMessage()] });
  }
  return { ok: true, step };
}

/**
 * A coordinator resets the second factor of someone who lost it (after checking who they are, outside the
 * portal): the app, the recovery codes and the passkeys go, every session of the person ends, and they set up a new one at
 * their next sign-in.
 */
export async function resetSecondFactor(db: Db, actor: Actor, targetUserId: string, meta: Meta): Promise<Result> {
  if (!canResetSecondFactor(actor, targetUserId)) {
    await recordAudit(db, { action: 'second-factor.reset', outcome: 'denied', actorUserId: actor.userId, targetType: 'user', targetId: targetUserId, ip: meta.ip });
    return fail({ '': [t('auth:factorMessages.cannotReset')] }, 403);
  }
  const removed = await writeTransaction(db, async (tx) => {
    const gone = await tx.delete(schema.totpCredential).where(eq(schema.totpCredential.userId, targetUserId)).returning({ userId: schema.totpCredential.userId });
    await tx.delete(schema.recoveryCode).where(eq(schema.recoveryCode.userId, targetUserId));
    const passkeys = await tx.delete(schema.passkeyCredential).where(eq(schema.passkeyCredential.userId, targetUserId)).returning({ id: schema.passkeyCredential.id });
    const ended = await invalidateUserSessions(tx, targetUserId);
    await recordAuditInTx(tx, { action: 'second-factor.reset', outcome: 'success', actorUserId: actor.userId, targetType: 'user', targetId: targetUserId, ip: meta.ip, detail: { hadApp: gone.length > 0, passkeys: passkeys.length, sessionsEnded: ended } });
    return gone.length + passkeys.length;
  });
  return removed ? { ok: true } : fail({ '': [t('auth:factorMessages.nothingToReset')] }, 409);
}
