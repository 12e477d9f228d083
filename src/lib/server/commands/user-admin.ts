/** Coordinators' commands on people's accounts: disable, enable, change role, correct a name. */
import { z } from 'astro/zod';
import { eq, sql } from 'drizzle-orm';
import { formats, t } from '../../../i18n/index.ts';
import { denied, recordAuditInTx } from '../audit.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import { isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db } from '../db.ts';
import { canManageUser, canRenamePerson, rolesForKind, type Actor } from '../permissions.ts';
import { fail, parseInput, type Result } from '../result.ts';

type Meta = { ip: string; now?: Date };

const refuse = (db: Db, actor: Actor, action: string, targetId: string, meta: Meta) =>
  denied(db, { action, actorUserId: actor.userId, targetType: 'user', targetId, ip: meta.ip }, t('admin:users.refused'));

/** Disables an account: the person cannot sign in, and every session they have ends at once. */
export async function disableUser(db: Db, actor: Actor, targetUserId: string, meta: Meta): Promise<Result> {
  if (!canManageUser(actor, targetUserId)) return refuse(db, actor, 'user.disable', targetUserId, meta);
  const done = await writeTransaction(db, async (tx) => {
    const updated = await tx.update(schema.user).set({ disabledAt: isoNow(meta.now) }).where(eq(schema.user.id, targetUserId)).returning({ id: schema.user.id });
    if (updated.length !== 1) return false;
    const ended = await invalidateUserSessions(tx, targetUserId);
    await recordAuditInTx(tx, { action: 'user.disable', outcome: 'success', actorUserId: actor.userId, targetType: 'user', targetId: targetUserId, ip: meta.ip, detail: { sessionsEnded: ended } });
    return true;
  });
  return done ? { ok: true } : fail({ '': [t('admin:users.noAccount')] }, 404);
}

export async function enableUser(db: Db, actor: Actor, targetUserId: string, meta: Meta): Promise<Result> {
  if (!canManageUser(actor, targetUserId)) return refuse(db, actor, 'user.enable', targetUserId, meta);
  const done = await writeTransaction(db, async (tx) => {
    const updated = await tx.update(schema.user).set({ disabledAt: null }).where(eq(schema.user.id, targetUserId)).returning({ id: schema.user.id });
    if (updated.length !== 1) return false;
    await recordAuditInTx(tx, { action: 'user.enable', outcome: 'success', actorUserId: actor.userId, targetType: 'user', targetId: targetUserId, ip: meta.ip });
    return true;
  });
  return done ? { ok: true } : fail({ '': [t('admin:users.noAccount')] }, 404);
}

export const changeRoleInput = z.object({ membershipId: z.string().min(1), role: z.enum(schema.roles, { error: () => t('admin:users.chooseRole') }) });

export async function changeRole(db: Db, actor: Actor, input: unknown, meta: Meta): Promise<Result> {
  const parsed = parseInput(changeRoleInput, input);
  if (!parsed.ok) return parsed;
  const row = await first(
    db
      .select({ membership: schema.membership, kind: schema.organisation.kind, organisationName: schema.organisation.name })
      .from(schema.membership)
      .innerJoin(schema.organisation, eq(schema.organisation.id, schema.membership.organisationId))
      .where(eq(schema.membership.id, parsed.data.membershipId))
      .limit(1),
  );
  if (!row) return fail({ '': [t('admin:users.noMembership')] }, 404);
  if (!canManageUser(actor, row.membership.userId)) return refuse(db, actor, 'membership.change-role', row.membership.userId, meta);
  if (!rolesForKind[row.kind].includes(parsed.data.role)) return fail({ role: [t('admin:users.rolesAllowed', { organisation: row.organisationName, roles: formats().list(rolesForKind[row.kind].map((r) => t(`admin:role.${r}`)), 'disjunction') })] });
  if (row.membership.role === parsed.data.role) return { ok: true };
  await writeTransaction(db, async (tx) => {
    await tx.update(schema.membership).set({ role: parsed.data.role }).where(eq(schema.membership.id, row.membership.id));
    await recordAuditInTx(tx, { action: 'membership.change-role', outcome: 'success', actorUserId: actor.userId, targetType: 'user', targetId: row.membership.userId, ip: meta.ip, detail: { from: row.membership.role, to: parsed.data.role, organisationId: row.membership.organisationId } });
  });
  return { ok: true };
}

export const renameUserInput = z.object({
  userId: z.string().min(1),
  name: z.string().trim().min(1, { error: () => t('admin:users.giveName') }).max(120, { error: () => t('admin:users.nameTooLong') }),
});

/** Corrects the name a person is shown by (a typo, a changed name); their e-mail address and sign-in stay as they are. */
export async function renameUser(db: Db, actor: Actor, input: unknown, meta: Meta): Promise<Result> {
  const targetId = typeof (input as { userId?: unknown })?.userId === 'string' ? (input as { userId: string }).userId : '';
  if (!canRenamePerson(actor)) return refuse(db, actor, 'user.rename', targetId, meta);
  const parsed = parseInput(renameUserInput, input, ['userId']);
  if (!parsed.ok) return parsed;
  const name = parsed.data.name.replace(/\s+/g, ' ');
  const outcome = await writeTransaction(db, async (tx) => {
    const current = await first(tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, parsed.data.userId)).limit(1));
    if (!current) return false;
    if (current.name === name) return true;
    await tx.update(schema.user).set({ name }).where(eq(schema.user.id, parsed.data.userId));
    // Cached transfer pages and dashboards show people's names (mentors, authors): a rename is rare, so every
    // transfer gets a new revision rather than a search for the pages that name this person.
    await tx.update(schema.transfer).set({ revision: sql`${schema.transfer.revision} + 1` });
    await recordAuditInTx(tx, { action: 'user.rename', outcome: 'success', actorUserId: actor.userId, targetType: 'user', targetId: parsed.data.userId, ip: meta.ip, detail: { from: current.name, to: name } });
    return true;
  });
  return outcome ? { ok: true } : fail({ '': [t('admin:users.noAccount')] }, 404);
}
