/** Coordinators' commands on organisations: create one (its kind is chosen then and never changes) and rename it. */
import { z } from 'astro/zod';
import { and, eq, ne, sql } from 'drizzle-orm';
import { t } from '../../../i18n/index.ts';
import { denied, recordAuditInTx } from '../audit.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { canManageOrganisations, type Actor } from '../permissions.ts';
import { fail, parseInput, type Result } from '../result.ts';

type Meta = { ip: string; now?: Date };

const refuse = (db: Db, actor: Actor, action: string, targetId: string | null, meta: Meta) =>
  denied(db, { action, actorUserId: actor.userId, targetType: 'organisation', targetId, ip: meta.ip }, t('admin:organisations.refused'));

const name = z.string().trim().min(2, { error: () => t('admin:organisations.nameLength') }).max(120, { error: () => t('admin:organisations.nameTooLong') });

/**
 * Names are unique whatever their case or spacing ("Lakeside Trust" and "lakeside  trust", "ÉCOLE X" and "école x"
 * are one organisation). Compared here rather than in SQL, whose lower() folds only ASCII; the table is small (a
 * programme's organisations), and this runs in the writing transaction, so no other write comes in between.
 */
const nameKey = (value: string) => value.normalize('NFKC').toLocaleLowerCase('und').replace(/\s+/g, ' ').trim();
async function nameTaken(tx: Tx, value: string, except?: string) {
  const key = nameKey(value);
  const rows = await tx.select({ id: schema.organisation.id, name: schema.organisation.name }).from(schema.organisation).where(except ? ne(schema.organisation.id, except) : undefined);
  return rows.some((r) => nameKey(r.name) === key);
}
const takenMessage = (value: string) => t('admin:organisations.taken', { name: value });

export const createOrganisationInput = z.object({ name, kind: z.enum(schema.organisationKinds, { error: () => t('admin:organisations.chooseKind') }) });

export async function createOrganisation(db: Db, actor: Actor, input: unknown, meta: Meta): Promise<Result<{ organisationId: string }>> {
  if (!canManageOrganisations(actor)) return refuse(db, actor, 'organisation.create', null, meta);
  const parsed = parseInput(createOrganisationInput, input);
  if (!parsed.ok) return parsed;
  const value = parsed.data.name.replace(/\s+/g, ' ');
  const organisationId = crypto.randomUUID();
  const created = await writeTransaction(db, async (tx) => {
    if (await nameTaken(tx, value)) return false;
    await tx.insert(schema.organisation).values({ id: organisationId, name: value, kind: parsed.data.kind });
    await recordAuditInTx(tx, { action: 'organisation.create', outcome: 'success', actorUserId: actor.userId, targetType: 'organisation', targetId: organisationId, ip: meta.ip, detail: { name: value, kind: parsed.data.kind } });
    return true;
  });
  return created ? { ok: true, organisationId } : fail({ name: [takenMessage(value)] }, 409);
}

export const renameOrganisationInput = z.object({ organisationId: z.string().min(1), name });

export async function renameOrganisation(db: Db, actor: Actor, input: unknown, meta: Meta): Promise<Result> {
  const targetId = typeof (input as { organisationId?: unknown })?.organisationId === 'string' ? (input as { organisationId: string }).organisationId : null;
  if (!canManageOrganisations(actor)) return refuse(db, actor, 'organisation.rename', targetId, meta);
  const parsed = parseInput(renameOrganisationInput, input, ['organisationId']);
  if (!parsed.ok) return parsed;
  const value = parsed.data.name.replace(/\s+/g, ' ');
  const outcome = await writeTransaction(db, async (tx) => {
    const current = await first(tx.select().from(schema.organisation).where(eq(schema.organisation.id, parsed.data.organisationId)).limit(1));
    if (!current) return 'missing';
    if (current.name === value) return 'same';
    if (await nameTaken(tx, value, current.id)) return 'taken';
    await tx.update(schema.organisation).set({ name: value }).where(eq(schema.organisation.id, current.id));
    // A transfer is titled "<organisation>: <practice>" when opened: titles that still start so follow the new name.
    const t = schema.transfer;
    const prefix = `${current.name}: `;
    await tx.update(t).set({ title: sql`${`${value}: `} || substr(${t.title}, ${prefix.length + 1})` }).where(and(eq(t.organisationId, current.id), sql`substr(${t.title}, 1, ${prefix.length}) = ${prefix}`));
    // Cached transfer pages and dashboards show the name: a new revision of its transfers renders them again.
    await tx.update(t).set({ revision: sql`${t.revision} + 1` }).where(eq(t.organisationId, current.id));
    await recordAuditInTx(tx, { action: 'organisation.rename', outcome: 'success', actorUserId: actor.userId, targetType: 'organisation', targetId: current.id, ip: meta.ip, detail: { from: current.name, to: value } });
    return 'renamed';
  });
  if (outcome === 'missing') return fail({ '': [t('admin:organisations.missing')] }, 404);
  if (outcome === 'taken') return fail({ name: [takenMessage(value)] }, 409);
  return { ok: true };
}
