/**
 * Every change to a transfer, one function each: validate, check permission, one write (guarded by the record's
 * version, so a stale save is a conflict and never a silent overwrite), audit.
 */
import { z } from 'astro/zod';
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import { getOrganisation } from '../accounts.ts';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { first, prepared, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { canEditTransfer, canOpenTransfer, type Actor, type TransferAccess } from '../permissions.ts';
import { conflict, fail, parseInput, zodErrors, type ConflictResult, type Result } from '../result.ts';
import { t } from '../../../i18n/index.ts';
import { bumpRevision } from './revision.ts';
import { moveToTrash } from './trash.ts';
import { entrySchema, linkProblems, recordsPerSection, type EntryData, type LinkTargets, type Section } from './entry-schema.ts';
import type { TemplateKind } from './queries.ts';
import { activeOnly, requireActiveTransfer } from './active.ts';
import { isWorkingLanguage } from './working-language.ts';

type Meta = { ip: string; now?: Date };
type Practice = { id: string; title: string; featureIds: string[] };

export const openTransferInput = z.object({
  organisationId: z.string().min(1, { error: () => t('transfers:commands.chooseOrganisation') }),
  practiceId: z.string().min(1, { error: () => t('transfers:commands.choosePractice') }),
  mentorIds: z.preprocess((v) => (Array.isArray(v) ? v : v ? [v] : []), z.array(z.string()).min(1, { error: () => t('transfers:commands.assignMentor') })),
  /** The ids of the transfers of the same organisation and practice the coordinator confirmed they know of. */
  confirmDuplicates: z.preprocess((v) => (Array.isArray(v) ? v : v ? [v] : []), z.array(z.string())).default([]),
  /** The language the team will write its records in (English when the form does not say). */
  workingLanguage: z.preprocess((v) => v || 'en', z.string().refine(isWorkingLanguage, { error: () => t('transfers:lifecycle.chooseLanguage') })),
});

/** A transfer of the same organisation and practice, named to the coordinator before a second one is opened. */
export type ExistingTransfer = { id: string; title: string; status: (typeof schema.transferStatuses)[number]; createdAt: string };
export type DuplicateResult = { ok: false; status: 409; errors: Record<string, string[]>; duplicates: ExistingTransfer[] };

/** Every transfer (any status) of an organisation adopting a practice, oldest first. */
export async function transfersOf(db: Db, organisationId: string, practiceId: string): Promise<ExistingTransfer[]> {
  const t = schema.transfer;
  return db.select({ id: t.id, title: t.title, status: t.status, createdAt: t.createdAt }).from(t).where(and(eq(t.organisationId, organisationId), eq(t.practiceId, practiceId))).orderBy(asc(t.createdAt));
}

/**
 * A coordinator opens a transfer: adopting organisation × practice × mentors. Opening the same organisation ×
 * practice again is refused unless the coordinator confirmed each existing transfer by its id (`confirmDuplicates`,
 * a checkbox that names and links them): a confirmation given before another one was opened does not cover it.
 */
export async function openTransfer(db: Db, actor: Actor, input: unknown, practices: Practice[], meta: Meta): Promise<Result<{ transferId: string }> | DuplicateResult> {
  if (!canOpenTransfer(actor)) return refuse(db, actor, 'transfer.open', null, meta);
  const parsed = parseInput(openTransferInput, input);
  if (!parsed.ok) return parsed;
  const { organisationId, practiceId, mentorIds, workingLanguage } = parsed.data;
  const organisation = await getOrganisation(db, organisationId);
  if (!organisation || organisation.kind !== 'next-adopter') return fail({ organisationId: [t('transfers:commands.chooseNextAdopter')] });
  const practice = practices.find((p) => p.id === practiceId);
  if (!practice) return fail({ practiceId: [t('transfers:commands.choosePractice')] });
  const mentors = await db.select({ userId: schema.membership.userId }).from(schema.membership).where(eq(schema.membership.role, 'mentor'));
  if (!mentorIds.every((id) => mentors.some((m) => m.userId === id))) return fail({ mentorIds: [t('transfers:commands.mentorsFromList')] });
  const transferId = crypto.randomUUID();
  const duplicates = await writeTransaction(db, async (tx) => {
    // Checked in the transaction that inserts, so two coordinators cannot both open "the first" one at once.
    const existing = await transfersOf(tx as Db, organisationId, practiceId);
    if (existing.some((t) => !parsed.data.confirmDuplicates.includes(t.id))) return existing;
    await tx.insert(schema.transfer).values({ id: transferId, organisationId, practiceId, title: `${organisation.name}: ${practice.title}`, workingLanguage, createdBy: actor.userId });
    for (const userId of new Set(mentorIds)) await tx.insert(schema.transferMentor).values({ transferId, userId });
    await recordAuditInTx(tx, { action: 'transfer.open', outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip, detail: { organisationId, practiceId, mentorIds, workingLanguage, ...(existing.length ? { alongside: existing.map((t) => t.id) } : {}) } });
    return [];
  });
  if (duplicates.length > 0) {
    return { ok: false, status: 409, duplicates, errors: { confirmDuplicates: [t('transfers:commands.duplicate', { count: duplicates.length, organisation: organisation.name, practice: practice.title })] } };
  }
  return { ok: true, transferId };
}

const refuse = (db: Db, actor: Actor, action: string, transferId: string | null, meta: Meta) =>
  denied(db, { action, actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip }, t('transfers:commands.cannotChange'));

export const featureChoiceInput = z
  .object({
    featureId: z.string().min(1),
    decision: z.enum(schema.featureDecisions, { error: () => t('transfers:commands.chooseDecision') }),
    note: z.string().trim().max(2000).default(''),
    version: z.coerce.number().int().min(0).default(0),
  })
  .refine((v) => v.decision === 'keep' || v.note.length > 0, { error: () => t('transfers:commands.sayHowOrWhy'), path: ['note'] });

/** Records keep / adapt (how) / drop (why) for one core feature. Version 0 means "no choice recorded yet". */
export const setFeatureChoice = activeOnly(async function setFeatureChoice(db: Db, actor: Actor, transfer: TransferAccess & { id: string }, featureIds: string[], input: unknown, meta: Meta): Promise<Result | ConflictResult<{ decision: string; note: string }>> {
  if (!canEditTransfer(actor, transfer)) return refuse(db, actor, 'feature-choice.set', transfer.id, meta);
  const parsed = parseInput(featureChoiceInput, input);
  if (!parsed.ok) return parsed;
  const { featureId, decision, note, version } = parsed.data;
  if (!featureIds.includes(featureId)) return fail({ featureId: [t('transfers:commands.noSuchFeature')] });
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    const current = await first(tx.select().from(schema.featureChoice).where(and(eq(schema.featureChoice.transferId, transfer.id), eq(schema.featureChoice.featureId, featureId))).limit(1));
    if ((current?.version ?? 0) !== version) return { stale: true, conflict: current };
    if (current) await tx.update(schema.featureChoice).set({ decision, note, version: current.version + 1, updatedAt: now, updatedBy: actor.userId }).where(and(eq(schema.featureChoice.transferId, transfer.id), eq(schema.featureChoice.featureId, featureId)));
    else await tx.insert(schema.featureChoice).values({ transferId: transfer.id, featureId, decision, note, version: 1, updatedAt: now, updatedBy: actor.userId });
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'feature-choice.set', outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip, detail: { featureId, decision } });
    return { stale: false, conflict: undefined };
  });
  if (outcome.stale) {
    if (!outcome.conflict) return fail({ '': [t('transfers:commands.decisionChanged')] }, 409);
    return conflict({ decision: outcome.conflict.decision, note: outcome.conflict.note }, outcome.conflict.version);
  }
  return { ok: true };
});

type EntryTarget = { template: TemplateKind; section: Section; grouping?: string };

// The statements of the commonest write, prepared once per connection (on better-sqlite3 `tx` is the connection's drizzle instance).
const lastPositionStatement = (tx: Tx) =>
  prepared(tx as Db, 'entry.last-position', (d) =>
    d
      .select({ position: schema.entry.position })
      .from(schema.entry)
      .where(and(eq(schema.entry.transferId, sql.placeholder('transferId')), eq(schema.entry.template, sql.placeholder('template')), eq(schema.entry.section, sql.placeholder('section')), eq(schema.entry.grouping, sql.placeholder('grouping'))))
      .orderBy(desc(schema.entry.position))
      .limit(1),
  );

/** The section's record number `recordsPerSection`, if it has one: the section is full. */
const lastPlaceStatement = (tx: Tx) =>
  prepared(tx as Db, 'entry.section-full', (d) =>
    d
      .select({ id: schema.entry.id })
      .from(schema.entry)
      .where(and(eq(schema.entry.transferId, sql.placeholder('transferId')), eq(schema.entry.template, sql.placeholder('template')), eq(schema.entry.section, sql.placeholder('section'))))
      .limit(1)
      .offset(recordsPerSection - 1),
  );

const insertEntryStatement = (tx: Tx) =>
  prepared(tx as Db, 'entry.insert', (d) =>
    d
      .insert(schema.entry)
      .values({
        id: sql.placeholder('id'),
        transferId: sql.placeholder('transferId'),
        template: sql.placeholder('template'),
        section: sql.placeholder('section'),
        grouping: sql.placeholder('grouping'),
        position: sql.placeholder('position'),
        data: sql.placeholder('data'),
        createdBy: sql.placeholder('userId'),
        updatedBy: sql.placeholder('userId'),
        createdAt: sql.placeholder('now'),
        updatedAt: sql.placeholder('now'),
      }),
  );

/** Creates a record, or updates one when `entryId` is given; `version` must be the version the person edited. */
export const saveEntry = activeOnly(async function saveEntry(
  db: Db,
  actor: Actor,
  transfer: TransferAccess & { id: string },
  target: EntryTarget,
  input: { entryId?: string; version?: number; values: Record<string, unknown> },
  links: LinkTargets,
  meta: Meta,
): Promise<Result<{ entryId: string }> | ConflictResult<EntryData>> {
  if (!canEditTransfer(actor, transfer)) return refuse(db, actor, 'entry.save', transfer.id, meta);
  const parsed = entrySchema(target.section).safeParse(input.values);
  if (!parsed.success) return fail(zodErrors(parsed.error));
  const badLinks = linkProblems(target.section, parsed.data, links);
  if (Object.keys(badLinks).length > 0) return fail(badLinks);
  const data = JSON.stringify(Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)));
  const now = isoNow(meta.now);
  const grouping = target.grouping ?? '';
  type Outcome = { kind: 'saved'; entryId: string } | { kind: 'missing' } | { kind: 'full' } | { kind: 'conflict'; data: string; version: number };
  const outcome = await writeTransaction(db, async (tx): Promise<Outcome> => {
    await requireActiveTransfer(tx, transfer.id);
    // A section filled once per transfer (or per maturity dimension) has one record: find it instead of adding.
    // A record is found only where the form says it is (transfer, template, section, group): an id from elsewhere
    // is "missing", never overwritten with data checked against another section's rules.
    const existing = input.entryId
      ? await first(tx.select().from(schema.entry).where(and(eq(schema.entry.id, input.entryId), eq(schema.entry.transferId, transfer.id), eq(schema.entry.template, target.template), eq(schema.entry.section, target.section.id), eq(schema.entry.grouping, grouping))).limit(1))
      : !target.section.repeatable
        ? await first(tx.select().from(schema.entry).where(and(eq(schema.entry.transferId, transfer.id), eq(schema.entry.template, target.template), eq(schema.entry.section, target.section.id), eq(schema.entry.grouping, grouping))).limit(1))
        : undefined;
    if (input.entryId && !existing) return { kind: 'missing' };
    if (existing) {
      if (existing.version !== (input.version ?? 0)) return { kind: 'conflict', data: existing.data, version: existing.version };
      // updated_at explicitly, and never created_at: until migration 0004 the schema mapped updatedAt onto created_at.
      await tx.update(schema.entry).set({ data, version: existing.version + 1, updatedAt: now, updatedBy: actor.userId }).where(eq(schema.entry.id, existing.id));
      await bumpRevision(tx, transfer.id);
      await recordAuditInTx(tx, { action: 'entry.update', outcome: 'success', actorUserId: actor.userId, targetType: 'entry', targetId: existing.id, ip: meta.ip, detail: { transferId: transfer.id, template: target.template, section: target.section.id, version: existing.version + 1 } });
      return { kind: 'saved', entryId: existing.id };
    }
    // Adding is the commonest write: its statements are prepared once.
    const place = { transferId: transfer.id, template: target.template, section: target.section.id, grouping };
    // Checked in the transaction that inserts, so two saves at once cannot both take the last place. An index
    // range scan (transfer, template, section lead the index) that stops at recordsPerSection rows, however many
    // a transfer holds from before the limit.
    if (await lastPlaceStatement(tx).get(place)) return { kind: 'full' };
    const last = await lastPositionStatement(tx).get(place);
    const entryId = crypto.randomUUID();
    await insertEntryStatement(tx).run({ ...place, id: entryId, position: (last?.position ?? 0) + 1, data, userId: actor.userId, now });
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'entry.create', outcome: 'success', actorUserId: actor.userId, targetType: 'entry', targetId: entryId, ip: meta.ip, detail: { transferId: transfer.id, template: target.template, section: target.section.id } });
    return { kind: 'saved', entryId };
  });
  if (outcome.kind === 'missing') return fail({ '': [t('transfers:commands.itemDeleted')] }, 404);
  if (outcome.kind === 'full') return fail({ '': [`${target.section.title}: a transfer keeps at most ${recordsPerSection} items here, and this one has them all. Delete or combine some, then add this one; what you typed is still in the form.`] }, 409);
  if (outcome.kind === 'conflict') return conflict(JSON.parse(outcome.data) as EntryData, outcome.version);
  return { ok: true, entryId: outcome.entryId };
});

/**
 * Deletes a record at the version the person saw: it moves, with its series and the links to it, to Recently deleted
 * (trash.ts), where the team can restore it for 30 days.
 */
export const deleteEntry = activeOnly(async function deleteEntry(db: Db, actor: Actor, transfer: TransferAccess & { id: string }, entryId: string, version: number, meta: Meta): Promise<Result> {
  if (!canEditTransfer(actor, transfer)) return refuse(db, actor, 'entry.delete', transfer.id, meta);
  const done = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    const removed = await moveToTrash(tx, transfer.id, entryId, version, actor.userId, isoNow(meta.now));
    if (!removed) return false;
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'entry.delete', outcome: 'success', actorUserId: actor.userId, targetType: 'entry', targetId: entryId, ip: meta.ip, detail: { transferId: transfer.id, template: removed.template, section: removed.section } });
    return true;
  });
  return done ? { ok: true } : fail({ '': [t('transfers:commands.itemChangedNotDeleted')] }, 409);
});

/**
 * Puts a record just before, or just after, another record of the same section and group: what dropping it there
 * does, and what the Move up / Move down buttons do (before the previous record, after the next). The group is renumbered in one transaction. A target that has left the group or been deleted meanwhile
 * moves nothing and says so, rather than guess.
 */
export const placeEntry = activeOnly(async function placeEntry(db: Db, actor: Actor, transfer: TransferAccess & { id: string }, entryId: string, target: { before: string } | { after: string }, meta: Meta): Promise<Result> {
  if (!canEditTransfer(actor, transfer)) return refuse(db, actor, 'entry.move', transfer.id, meta);
  const outcome = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    const current = await first(tx.select().from(schema.entry).where(and(eq(schema.entry.id, entryId), eq(schema.entry.transferId, transfer.id))).limit(1));
    if (!current) return 'missing';
    const group = await tx
      .select({ id: schema.entry.id, position: schema.entry.position })
      .from(schema.entry)
      .where(and(eq(schema.entry.transferId, transfer.id), eq(schema.entry.template, current.template), eq(schema.entry.section, current.section), eq(schema.entry.grouping, current.grouping)))
      .orderBy(asc(schema.entry.position), asc(schema.entry.createdAt));
    const other = 'before' in target ? target.before : target.after;
    if (other === entryId) return 'placed'; // dropped where it was
    const order = group.map((e) => e.id).filter((id) => id !== entryId);
    const at = order.indexOf(other);
    if (at < 0) return 'stale';
    order.splice('before' in target ? at : at + 1, 0, entryId);
    const positions = new Map(group.map((e) => [e.id, e.position]));
    // Nothing to change (the order is already so): no new revision, no audit line.
    if (order.every((id, i) => group[i].id === id) && group.every((e, i) => e.position === i + 1)) return 'placed';
    // Only the position: updated_at, updated_by and version say when and by whom a record's content last changed
    // (the export shows them), and a move changes no record's content, least of all that of the renumbered others.
    for (const [i, id] of order.entries()) {
      if (positions.get(id) !== i + 1) await tx.update(schema.entry).set({ position: i + 1 }).where(eq(schema.entry.id, id));
    }
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'entry.move', outcome: 'success', actorUserId: actor.userId, targetType: 'entry', targetId: entryId, ip: meta.ip, detail: target });
    return 'placed';
  });
  if (outcome === 'missing') return fail({ '': [t('transfers:commands.itemGone')] }, 404);
  if (outcome === 'stale') return fail({ '': [t('transfers:commands.listChanged')] }, 409);
  return { ok: true };
});
