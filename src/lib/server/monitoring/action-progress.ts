/**
 * Dated progress updates on an action: what was done, what blocks it, what comes next. Each update is kept (the
 * action's history), and the action's own status and percent done follow the latest one, so the plan, the timeline
 * and the roll-up always show where the action stands.
 */
import { formats, t } from '../../../i18n/index.ts';
import { z } from 'astro/zod';
import { and, count, desc, eq, gt, sql } from 'drizzle-orm';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db } from '../db.ts';
import { canRecordImplementation, type Actor, type TransferAccess } from '../permissions.ts';
import { conflict, fail, parseInput, type ConflictResult, type Result } from '../result.ts';
import { fieldWithRole, statusOptions, type SectionRef } from '../templates/registry.ts';
import { bumpRevision } from '../transfers/revision.ts';
import { calendarDay, strictNumber, type EntryData } from '../transfers/entry-schema.ts';
import { today } from './action-status.ts';
import { activeOnly, requireActiveTransfer } from '../transfers/active.ts';

type Meta = { ip: string; now?: Date };

/** Updates kept per action: years of weekly updates, and a bound on what the action page lists. */
export const updatesPerAction = 500;
export const maxUpdateText = 5000;

export type ActionUpdate = { id: string; actionId: string; onDate: string; status: string; progress: number | null; done: string; blockers: string; nextStep: string; createdAt: string; authorName: string | null };

const text = (label: string) => z.string({ error: () => t('monitoring:action.textRequired', { label }) }).trim().max(maxUpdateText, { error: () => t('monitoring:action.textTooLong', { label, max: formats().number(maxUpdateText) }) }).default('');

/** The update form, checked against the status options of the action section's status-role field and the day it is. */
export function actionUpdateInput(options: string[], todayIso: string) {
  return z.object({
    onDate: z
      .string({ error: () => t('monitoring:action.dateInvalid') })
      .trim()
      .refine((v) => calendarDay(v) !== undefined, { error: () => t('monitoring:action.dateNotReal'), abort: true })
      .refine((v) => v <= todayIso, { error: () => t('monitoring:action.dateFuture', { today: todayIso }) }),
    status: z.string({ error: () => t('monitoring:action.statusInvalid') }).refine((v) => options.includes(v), { error: () => t('monitoring:action.statusInvalid') }),
    progress: z.preprocess(
      (v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : strictNumber(v)),
      z.number({ error: () => t('monitoring:action.progressNumber') }).int({ error: () => t('monitoring:action.progressWhole') }).min(0, { error: () => t('monitoring:action.progressMin') }).max(100, { error: () => t('monitoring:action.progressMax') }).optional(),
    ),
    done: text(t('monitoring:action.field.done')),
    blockers: text(t('monitoring:action.field.blockers')),
    nextStep: text(t('monitoring:action.field.nextStep')),
    version: z.coerce.number({ error: () => t('monitoring:action.stale') }).int().min(1, { error: () => t('monitoring:action.stale') }),
  });
}

/**
 * Records one update and sets the action's status and percent done from it, in one transaction. `version` is the
 * action's version the person saw: if someone edited the action since, nothing is written and the action as it is
 * now comes back as a conflict. A done-meaning status without a percent counts as 100 %; any other status without
 * one leaves the action's percent as it was.
 */
export const recordActionUpdate = activeOnly(async function recordActionUpdate(
  db: Db,
  actor: Actor,
  transfer: TransferAccess & { id: string },
  actions: SectionRef,
  actionId: string,
  input: unknown,
  meta: Meta,
): Promise<Result<{ updateId: string }> | ConflictResult<EntryData>> {
  if (!canRecordImplementation(actor, transfer)) return denied(db, { action: 'action.update', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip }, t('monitoring:action.cannotRecord'));
  const statusField = fieldWithRole(actions.section, 'status');
  const progressField = fieldWithRole(actions.section, 'progress');
  if (!statusField) return fail({ '': [t('monitoring:action.noStatusField')] }, 409);
  const parsed = parseInput(actionUpdateInput(statusField.options ?? [], today(meta.now)), input, ['version']);
  if (!parsed.ok) return parsed;
  const { onDate, status, done, blockers, nextStep, version } = parsed.data;
  const progress = parsed.data.progress ?? (statusOptions(statusField).done.includes(status) ? 100 : undefined);
  const now = isoNow(meta.now);
  type Outcome = { kind: 'saved'; updateId: string } | { kind: 'missing' } | { kind: 'full' } | { kind: 'conflict'; data: string; version: number };
  const outcome = await writeTransaction(db, async (tx): Promise<Outcome> => {
    await requireActiveTransfer(tx, transfer.id);
    const action = await first(
      tx
        .select()
        .from(schema.entry)
        .where(and(eq(schema.entry.id, actionId), eq(schema.entry.transferId, transfer.id), eq(schema.entry.template, actions.kind), eq(schema.entry.section, actions.section.id)))
        .limit(1),
    );
    if (!action) return { kind: 'missing' };
    if (action.version !== version) return { kind: 'conflict', data: action.data, version: action.version };
    const [{ n }] = await tx.select({ n: count() }).from(schema.actionUpdate).where(eq(schema.actionUpdate.actionId, actionId));
    if (n >= updatesPerAction) return { kind: 'full' };
    const updateId = crypto.randomUUID();
    await tx.insert(schema.actionUpdate).values({ id: updateId, transferId: transfer.id, actionId, onDate, status, progress: progress ?? null, done, blockers, nextStep, createdBy: actor.userId, createdAt: now });
    // The action follows its latest update by day: an update written afterwards about an earlier day joins the
    // history without turning the action's status back.
    const later = await first(
      tx
        .select({ id: schema.actionUpdate.id })
        .from(schema.actionUpdate)
        .where(and(eq(schema.actionUpdate.actionId, actionId), gt(schema.actionUpdate.onDate, onDate)))
        .limit(1),
    );
    if (!later) {
      const data = JSON.parse(action.data) as EntryData;
      data[statusField.id] = status;
      if (progressField && progress !== undefined) data[progressField.id] = progress;
      await tx.update(schema.entry).set({ data: JSON.stringify(data), version: action.version + 1, updatedAt: now, updatedBy: actor.userId }).where(eq(schema.entry.id, actionId));
    }
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'action.update', outcome: 'success', actorUserId: actor.userId, targetType: 'entry', targetId: actionId, ip: meta.ip, detail: { transferId: transfer.id, updateId, onDate, status, progress: progress ?? null } });
    return { kind: 'saved', updateId };
  });
  if (outcome.kind === 'missing') return fail({ '': [t('monitoring:action.missing')] }, 404);
  if (outcome.kind === 'full') return fail({ '': [t('monitoring:action.full', { max: updatesPerAction })] }, 409);
  if (outcome.kind === 'conflict') return conflict(JSON.parse(outcome.data) as EntryData, outcome.version, t('monitoring:action.conflict'));
  return { ok: true, updateId: outcome.updateId };
});

const columns = {
  id: schema.actionUpdate.id,
  actionId: schema.actionUpdate.actionId,
  onDate: schema.actionUpdate.onDate,
  status: schema.actionUpdate.status,
  progress: schema.actionUpdate.progress,
  done: schema.actionUpdate.done,
  blockers: schema.actionUpdate.blockers,
  nextStep: schema.actionUpdate.nextStep,
  createdAt: schema.actionUpdate.createdAt,
  authorName: schema.user.name,
};

/** An action's updates, newest first (by the day they describe, then when they were recorded), at most `updatesPerAction`. */
export async function listActionUpdates(db: Db, transferId: string, actionId: string): Promise<ActionUpdate[]> {
  return db
    .select(columns)
    .from(schema.actionUpdate)
    .leftJoin(schema.user, eq(schema.user.id, schema.actionUpdate.createdBy))
    .where(and(eq(schema.actionUpdate.transferId, transferId), eq(schema.actionUpdate.actionId, actionId)))
    .orderBy(desc(schema.actionUpdate.onDate), desc(schema.actionUpdate.createdAt), desc(sql`${schema.actionUpdate}.rowid`))
    .limit(updatesPerAction);
}

/** The latest update of each action of a transfer, with how many it has: what the plan shows beside each action. */
export async function latestUpdates(db: Db, transferId: string): Promise<Map<string, ActionUpdate & { count: number }>> {
  const au = schema.actionUpdate;
  // Ranked on the (transfer, on_date) index: one row per action comes back, however many updates there are.
  const ranked = db
    .select({
      ...columns,
      n: sql<number>`row_number() over (partition by ${au.actionId} order by ${au.onDate} desc, ${au.createdAt} desc, ${au}.rowid desc)`.as('n'),
      count: sql<number>`count(*) over (partition by ${au.actionId})`.as('count'),
    })
    .from(au)
    .leftJoin(schema.user, eq(schema.user.id, au.createdBy))
    .where(eq(au.transferId, transferId))
    .as('ranked');
  const rows = await db.select().from(ranked).where(eq(ranked.n, 1));
  return new Map(rows.map(({ n: _n, ...r }) => [r.actionId, r]));
}
