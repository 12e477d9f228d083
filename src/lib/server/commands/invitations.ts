/** Invitations: the only way into the workspace. Single-use links that expire after 7 days. */
import { z } from 'astro/zod';
import { and, eq, isNull } from 'drizzle-orm';
import { findUserByEmail, getOrganisation, normaliseEmail } from '../accounts.ts';
import { denied, recordAuditInTx } from '../audit.ts';
import { hashPassword, passwordMaxLength, passwordProblem } from '../auth/password.ts';
import { createSession } from '../auth/session.ts';
import { generateSecret, hashSecret, secretMatches, splitToken } from '../auth/tokens.ts';
import { addMs, days, isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db } from '../db.ts';
import { sendMail } from '../mail/mailer.ts';
import { canAdminister, rolesForKind, type Actor } from '../permissions.ts';
import { fail, parseInput, type Result } from '../result.ts';
import { currentLocale, formats, t, tIn } from '../../../i18n/index.ts';
import { defaultLocale, isLocale } from '../../../i18n/locales.ts';

export const invitationLifetimeMs = days(7);

export const inviteInput = z.object({
  email: z.email({ error: () => t('auth:validEmail') }).max(254),
  organisationId: z.string().min(1, { error: () => t('auth:invitation.chooseOrganisation') }),
  role: z.enum(schema.roles, { error: () => t('auth:invitation.chooseRole') }),
  /** The language of the invitation e-mail, its page and the new account; by default the inviter's. */
  locale: z.string().optional().refine((code) => code === undefined || code === '' || isLocale(code), { error: () => t('auth:invitation.unknownLanguage') }),
});

type Meta = { ip: string; origin: string; now?: Date };

export async function inviteUser(db: Db, actor: Actor, input: unknown, meta: Meta): Promise<Result<{ invitationId: string }>> {
  if (!canAdminister(actor)) return denied(db, { action: 'invitation.create', actorUserId: actor.userId, ip: meta.ip }, t('auth:invitation.onlyCoordinatorsInvite'));
  const parsed = parseInput(inviteInput, input);
  if (!parsed.ok) return parsed;
  const email = normaliseEmail(parsed.data.email);
  const organisation = await getOrganisation(db, parsed.data.organisationId);
  if (!organisation) return fail({ organisationId: [t('auth:invitation.chooseOrganisation')] });
  if (!rolesForKind[organisation.kind].includes(parsed.data.role))
    return fail({ role: [t('auth:invitation.rolesIn', { organisation: organisation.name, roles: formats().list(rolesForKind[organisation.kind].map((r) => t(`common:roles.${r}`)), 'disjunction') })] });
  if (await findUserByEmail(db, email)) return fail({ email: [t('auth:invitation.hasAccount')] });

  const now = meta.now ?? new Date();
  const id = crypto.randomUUID();
  const secret = generateSecret();
  const locale = parsed.data.locale || currentLocale();
  // The page opens in the invitation's language (request-locale.ts reads ?lang= before sign-in).
  const link = `${meta.origin}/invitations/${id}.${secret}${locale === defaultLocale ? '' : `?lang=${locale}`}`;
  await writeTransaction(db, async (tx) => {
    await tx.insert(schema.invitation).values({
      id,
      tokenHash: hashSecret(secret),
      email,
      organisationId: organisation.id,
      role: parsed.data.role,
      locale,
      invitedBy: actor.userId,
      createdAt: isoNow(now),
      expiresAt: isoNow(addMs(now, invitationLifetimeMs)),
    });
    await recordAuditInTx(tx, { action: 'invitation.create', outcome: 'success', actorUserId: actor.userId, targetType: 'invitation', targetId: id, ip: meta.ip, detail: { email, organisationId: organisation.id, role: parsed.data.role, locale } });
  });
  // After the commit: an invitation that was not stored is never mailed.
  // In the invitee's language (chosen by the inviter), not necessarily the inviter's.
  const tr = tIn(locale);
  await sendMail(db, {
    to: email,
    subject: tr('mail:invitation.subject', { organisation: organisation.name }),
    text: tr('mail:invitation.body', { organisation: organisation.name, role: tr(`common:roles.${parsed.data.role}`), link }),
  });
  return { ok: true, invitationId: id };
}

/** The invitation a token stands for, if it is genuine, unused, not revoked and not expired. */
export async function findOpenInvitation(db: Db, token: string, now = new Date()) {
  const parts = splitToken(token);
  if (!parts) return undefined;
  const row = await first(
    db
      .select({ invitation: schema.invitation, organisationName: schema.organisation.name })
      .from(schema.invitation)
      .innerJoin(schema.organisation, eq(schema.organisation.id, schema.invitation.organisationId))
      .where(eq(schema.invitation.id, parts.id))
      .limit(1),
  );
  if (!row || !secretMatches(parts.secret, row.invitation.tokenHash)) return undefined;
  const { invitation } = row;
  if (invitation.acceptedAt || invitation.revokedAt || invitation.expiresAt <= isoNow(now)) return undefined;
  return { id: invitation.id, email: invitation.email, role: invitation.role, locale: invitation.locale, organisationId: invitation.organisationId, organisationName: row.organisationName };
}

export const invalidInvitationMessage = () => t('auth:invitationMessages.invalid');
export const accountExistsMessage = () => t('auth:invitationMessages.accountExists');

export const acceptInput = z
  .object({
    name: z.string().trim().min(2, { error: () => t('auth:invitationMessages.enterName') }).max(120),
    password: z.string().max(passwordMaxLength * 4),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { error: () => t('account:password.notSame'), path: ['confirm'] });

/** `meta.locale`: the language the page was read in; a language other than English chosen there wins over the invitation's. */
export async function acceptInvitation(db: Db, token: string, input: unknown, meta: { ip: string; userAgent?: string | null; now?: Date; locale?: string }): Promise<Result<{ token: string; expiresAt: Date; userId: string }>> {
  const now = meta.now ?? new Date();
  const invitation = await findOpenInvitation(db, token, now);
  if (!invitation) return fail({ '': [invalidInvitationMessage()] }, 410);
  const parsed = parseInput(acceptInput, input);
  if (!parsed.ok) return parsed;
  const problem = passwordProblem(parsed.data.password, { email: invitation.email, name: parsed.data.name });
  if (problem) return fail({ password: [problem] });
  const passwordHash = await hashPassword(parsed.data.password);
  const userId = crypto.randomUUID();
  const session = await writeTransaction(db, async (tx) => {
    // Two open invitations to one address: the first accepted made the account; this one has nothing to create.
    if ((await tx.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, invitation.email))).length > 0) return 'account-exists' as const;
    // Single use even under a double submit: only the first transaction finds the invitation still open.
    const claimed = await tx
      .update(schema.invitation)
      .set({ acceptedAt: isoNow(now) })
      .where(and(eq(schema.invitation.id, invitation.id), isNull(schema.invitation.acceptedAt), isNull(schema.invitation.revokedAt)))
      .returning({ id: schema.invitation.id });
    if (claimed.length !== 1) return undefined;
    const chosen = meta.locale && meta.locale !== defaultLocale && isLocale(meta.locale) ? meta.locale : invitation.locale;
    await tx.insert(schema.user).values({ id: userId, email: invitation.email, name: parsed.data.name, passwordHash, locale: chosen && chosen !== defaultLocale ? chosen : null });
    await tx.insert(schema.membership).values({ id: crypto.randomUUID(), userId, organisationId: invitation.organisationId, role: invitation.role });
    await recordAuditInTx(tx, { action: 'invitation.accept', outcome: 'success', actorUserId: userId, targetType: 'invitation', targetId: invitation.id, ip: meta.ip, detail: { role: invitation.role, organisationId: invitation.organisationId } });
    return createSession(tx, userId, { ip: meta.ip, userAgent: meta.userAgent }, now);
  });
  if (session === 'account-exists') return fail({ '': [accountExistsMessage()] }, 409);
  if (!session) return fail({ '': [invalidInvitationMessage()] }, 410);
  return { ok: true, token: session.token, expiresAt: session.expiresAt, userId };
}

export async function revokeInvitation(db: Db, actor: Actor, invitationId: string, meta: { ip: string; now?: Date }): Promise<Result> {
  if (!canAdminister(actor)) return denied(db, { action: 'invitation.revoke', actorUserId: actor.userId, targetType: 'invitation', targetId: invitationId, ip: meta.ip }, t('auth:invitation.onlyCoordinatorsRevoke'));
  const revoked = await writeTransaction(db, async (tx) => {
    const rows = await tx
      .update(schema.invitation)
      .set({ revokedAt: isoNow(meta.now) })
      .where(and(eq(schema.invitation.id, invitationId), isNull(schema.invitation.acceptedAt), isNull(schema.invitation.revokedAt)))
      .returning({ id: schema.invitation.id });
    if (rows.length !== 1) return false;
    await recordAuditInTx(tx, { action: 'invitation.revoke', outcome: 'success', actorUserId: actor.userId, targetType: 'invitation', targetId: invitationId, ip: meta.ip });
    return true;
  });
  if (!revoked) return fail({ '': [t('auth:invitation.alreadyUsed')] }, 409);
  return { ok: true };
}
