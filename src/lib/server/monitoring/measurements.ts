/**
 * The changes to an indicator's measurements and chart settings, one command each: permission, validation, one
 * write transaction (versioned, so a stale save is a conflict), the transfer's revision and an audit event.
 */
import { formats, t } from '../../../i18n/index.ts';
import { z } from 'astro/zod';
import { localNumber, runChart } from './run-chart.ts';
import { and, eq, ne } from 'drizzle-orm';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { canRecordImplementation, type Actor, type TransferAccess } from '../permissions.ts';
import { conflict, fail, parseInput, type ConflictResult, type Result } from '../result.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import type { EntryData } from '../transfers/entry-schema.ts';
import { bumpRevision } from '../transfers/revision.ts';
import { checkMeasurement, kpiRule, mixedPeriodProblem, parsePeriod, periodKind, type KpiRule, type MeasurementInput, type MeasurementValues } from './measurement-schema.ts';
import { activeOnly, requireActiveTransfer } from '../transfers/active.ts';

export type Meta = { ip: string; now?: Date };
export type TransferRef = TransferAccess & { id: string };

/**
 * The measurements an indicator keeps. Monthly values for 80 years, or daily ones for nearly three: far beyond what a
 * PDSA cycle is studied on, and it bounds what the indicator page and its charts read and draw.
 */
export const measurementsPerKpi = 1000;

/** A measurement as the person sees it, for the conflict view. */
export type MeasurementSnapshot = { period: string; value: number; numerator: number | null; denominator: number | null; note: string; dataSource: string };
export type Measurement = typeof schema.kpiMeasurement.$inferSelect;

/** An indicator record of this transfer (a record of the section with role "kpis"), with its rule; else undefined. */
export async function findKpi(db: Db | Tx, transferId: string, registry: TemplateRegistry, kpiId: string): Promise<(KpiRule & { data: EntryData; version: number }) | undefined> {
  const ref = registry.requireSection('kpis');
  const e = schema.entry;
  const row = await first(
    db
      .select({ id: e.id, data: e.data, version: e.version })
      .from(e)
      .where(and(eq(e.id, kpiId), eq(e.transferId, transferId), eq(e.template, ref.kind), eq(e.section, ref.section.id)))
      .limit(1),
  );
  if (!row) return undefined;
  const data = JSON.parse(row.data) as EntryData;
  return { ...kpiRule(ref.section, { id: row.id, data }), data, version: row.version };
}

export const kpiMissing = () => fail({ '': [t('monitoring:kpi.missing')] }, 404);

const refuse = (db: Db, actor: Actor, action: string, transferId: string, meta: Meta) =>
  denied(db, { action, actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip }, t('monitoring:kpi.cannotRecord'));

export const snapshot = (m: Measurement): MeasurementSnapshot => ({ period: m.period, value: m.value, numerator: m.numerator, denominator: m.denominator, note: m.note, dataSource: m.dataSource });

/** The measurement number `measurementsPerKpi` of an indicator, if it has one: it is full. */
export async function kpiIsFull(tx: Tx, kpiId: string, adding = 1): Promise<boolean> {
  const m = schema.kpiMeasurement;
  const row = await first(tx.select({ id: m.id }).from(m).where(eq(m.kpiId, kpiId)).limit(1).offset(measurementsPerKpi - adding));
  return row !== undefined;
}

const identity = z.object({
  measurementId: z.string().trim().max(100).optional().transform((v) => v || undefined),
  version: z.coerce.number({ error: () => t('monitoring:kpi.noVersion') }).int().min(0).optional(),
});

/**
 * Adds a measurement, or changes one when `measurementId` and `version` are given. A period that already has a value
 * is refused with a pointer to that value, never overwritten: two people entering the same month is a question to
 * settle, not a race to win.
 */
export const saveMeasurement = activeOnly(async function saveMeasurement(
  db: Db,
  actor: Actor,
  transfer: TransferRef,
  registry: TemplateRegistry,
  kpiId: string,
  input: MeasurementInput & { measurementId?: unknown; version?: unknown },
  meta: Meta,
): Promise<Result<{ measurementId: string }> | ConflictResult<MeasurementSnapshot>> {
  if (!canRecordImplementation(actor, transfer)) return refuse(db, actor, 'kpi-measurement.save', transfer.id, meta);
  const ids = parseInput(identity, input, ['measurementId', 'version']);
  if (!ids.ok) return ids;
  const kpi = await findKpi(db, transfer.id, registry, kpiId);
  if (!kpi) return kpiMissing();
  const checked = checkMeasurement(input, kpi);
  if (!checked.ok) return fail(checked.errors);
  const values = checked.data;
  const { measurementId, version } = ids.data;
  const now = isoNow(meta.now);
  const m = schema.kpiMeasurement;
  type Outcome = { kind: 'saved'; id: string } | { kind: 'missing' } | { kind: 'full' } | { kind: 'taken'; other: Measurement } | { kind: 'conflict'; current: Measurement } | { kind: 'mixed'; message: string };
  const outcome = await writeMeasurement();
  async function writeMeasurement(): Promise<Outcome> {
    return writeTransaction(db, async (tx): Promise<Outcome> => {
      await requireActiveTransfer(tx, transfer.id);
      const samePeriod = await first(tx.select().from(m).where(and(eq(m.kpiId, kpiId), eq(m.period, values.period))).limit(1));
      // Another measurement of the series (not the one being edited) says which kind of period the series counts.
      const other = await first(tx.select({ period: m.period }).from(m).where(and(eq(m.kpiId, kpiId), measurementId ? ne(m.id, measurementId) : undefined)).limit(1));
      const mixed = other && mixedPeriodProblem(kpi!.title, values.period, periodKind(other.period));
      if (mixed) return { kind: 'mixed', message: mixed };
      if (measurementId) {
        const current = await first(tx.select().from(m).where(and(eq(m.id, measurementId), eq(m.kpiId, kpiId), eq(m.transferId, transfer.id))).limit(1));
        if (!current) return { kind: 'missing' };
        if (current.version !== (version ?? 0)) return { kind: 'conflict', current };
        if (samePeriod && samePeriod.id !== current.id) return { kind: 'taken', other: samePeriod };
        await tx
          .update(m)
          .set({ ...row(values), version: current.version + 1, updatedBy: actor.userId, updatedAt: now })
          .where(eq(m.id, current.id));
        await bumpRevision(tx, transfer.id);
        await recordAuditInTx(tx, { action: 'kpi-measurement.save', outcome: 'success', actorUserId: actor.userId, targetType: 'kpi-measurement', targetId: current.id, ip: meta.ip, detail: { transferId: transfer.id, kpiId, period: values.period, version: current.version + 1 } });
        return { kind: 'saved', id: current.id };
      }
      if (samePeriod) return { kind: 'taken', other: samePeriod };
      // Checked in the transaction that inserts, so two saves at once cannot both take the last place.
      if (await kpiIsFull(tx, kpiId)) return { kind: 'full' };
      const id = crypto.randomUUID();
      await tx.insert(m).values({ id, transferId: transfer.id, kpiId, ...row(values), version: 1, createdBy: actor.userId, createdAt: now, updatedBy: actor.userId, updatedAt: now });
      await bumpRevision(tx, transfer.id);
      await recordAuditInTx(tx, { action: 'kpi-measurement.save', outcome: 'success', actorUserId: actor.userId, targetType: 'kpi-measurement', targetId: id, ip: meta.ip, detail: { transferId: transfer.id, kpiId, period: values.period, version: 1 } });
      return { kind: 'saved', id };
    });
  }
  switch (outcome.kind) {
    case 'saved':
      return { ok: true, measurementId: outcome.id };
    case 'missing':
      return fail({ '': [t('monitoring:kpi.deletedMeanwhile')] }, 404);
    case 'full':
      return fail({ '': [t('monitoring:kpi.full', { kpi: kpi.title, max: formats().number(measurementsPerKpi) })] }, 409);
    case 'taken':
      return fail({ period: [`${kpi.title} — ${t('monitoring:kpi.periodTaken', { period: values.label, value: localNumber(outcome.other.value, 6) })}`] }, 409);
    case 'conflict':
      return conflict(snapshot(outcome.current), outcome.current.version);
    case 'mixed':
      return fail({ period: [outcome.message] });
  }
});

/** The stored columns of a checked measurement. */
export const row = (v: MeasurementValues) => ({
  period: v.period,
  periodStart: v.periodStart,
  value: v.value,
  numerator: v.numerator,
  denominator: v.denominator,
  note: v.note,
  dataSource: v.dataSource,
});

/** Deletes a measurement, only the version the person saw. */
export const deleteMeasurement = activeOnly(async function deleteMeasurement(db: Db, actor: Actor, transfer: TransferRef, registry: TemplateRegistry, kpiId: string, measurementId: string, version: number, meta: Meta): Promise<Result> {
  if (!canRecordImplementation(actor, transfer)) return refuse(db, actor, 'kpi-measurement.delete', transfer.id, meta);
  if (!(await findKpi(db, transfer.id, registry, kpiId))) return kpiMissing();
  const m = schema.kpiMeasurement;
  const done = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    const removed = await tx.delete(m).where(and(eq(m.id, measurementId), eq(m.kpiId, kpiId), eq(m.transferId, transfer.id), eq(m.version, version))).returning({ period: m.period });
    if (removed.length !== 1) return false;
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'kpi-measurement.delete', outcome: 'success', actorUserId: actor.userId, targetType: 'kpi-measurement', targetId: measurementId, ip: meta.ip, detail: { transferId: transfer.id, kpiId, period: removed[0]!.period } });
    return true;
  });
  return done ? { ok: true } : fail({ '': [t('monitoring:kpi.deleteStale')] }, 409);
});

/** Chart settings as stored, or the defaults when the indicator has none. */
export type ChartSettings = { ruleSet: (typeof schema.chartRuleSets)[number]; baselineCount: number; phaseStarts: string[]; version: number };
export const defaultChartSettings: ChartSettings = { ruleSet: 'ihi', baselineCount: 12, phaseStarts: [], version: 0 };

const asList = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\r\n,]+/) : []).map((s) => String(s).trim()).filter(Boolean);

export const chartSettingsInput = z.object({
  ruleSet: z.enum(schema.chartRuleSets, { error: () => t('monitoring:kpi.ruleSetInvalid') }),
  baselineCount: z.coerce.number({ error: () => t('monitoring:kpi.baselineWhole') }).int({ error: () => t('monitoring:kpi.baselineWhole') }).min(2, { error: () => t('monitoring:kpi.baselineMin') }).max(60, { error: () => t('monitoring:kpi.baselineMax') }),
  phaseStarts: z.preprocess(asList, z.array(z.string().max(20)).max(20, { error: () => t('monitoring:kpi.phasesMax') })),
  version: z.coerce.number().int().min(0).default(0),
});

/**
 * Sets how an indicator's charts are read: the rule set, the baseline's length and the periods where a new phase
 * starts (each the period of one of its measurements, after the first; kept in time order).
 */
export const saveChartSettings = activeOnly(async function saveChartSettings(db: Db, actor: Actor, transfer: TransferRef, registry: TemplateRegistry, kpiId: string, input: unknown, meta: Meta): Promise<Result | ConflictResult<ChartSettings>> {
  if (!canRecordImplementation(actor, transfer)) return refuse(db, actor, 'kpi-chart.save', transfer.id, meta);
  const parsed = parseInput(chartSettingsInput, input, ['version']);
  if (!parsed.ok) return parsed;
  const kpi = await findKpi(db, transfer.id, registry, kpiId);
  if (!kpi) return kpiMissing();
  const { ruleSet, baselineCount, version } = parsed.data;
  const m = schema.kpiMeasurement;
  const points = await db.select({ period: m.period, periodStart: m.periodStart }).from(m).where(eq(m.kpiId, kpiId)).orderBy(m.periodStart, m.period).limit(measurementsPerKpi);
  const order = new Map(points.map((p, i) => [p.period, i]));
  const wanted = [...new Set(parsed.data.phaseStarts.map((p) => parsePeriod(p)?.period ?? p))];
  const unknown = wanted.filter((p) => !order.has(p));
  if (unknown.length > 0) return fail({ phaseStarts: [`${kpi.title} — ${t('monitoring:kpi.phaseUnknown', { periods: unknown.map((p) => `"${p}"`).join(', ') })}`] });
  if (wanted.some((p) => order.get(p) === 0)) return fail({ phaseStarts: [`${kpi.title} — ${t('monitoring:kpi.phaseFirst')}`] });
  const phaseStarts = wanted.sort((a, b) => order.get(a)! - order.get(b)!);
  const values = await db.select({ value: m.value }).from(m).where(eq(m.kpiId, kpiId)).orderBy(m.periodStart, m.period).limit(measurementsPerKpi);
  const early = rephaseWithoutSignal(values.map((v) => v.value), phaseStarts.map((p) => order.get(p)!), ruleSet, baselineCount);
  if (early !== undefined) return fail({ phaseStarts: [`${kpi.title} — ${t('monitoring:kpi.phaseWithoutSignal', { period: phaseStarts[early] })}`] });
  const now = isoNow(meta.now);
  const c = schema.kpiChart;
  const outcome = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    const current = await first(tx.select().from(c).where(eq(c.kpiId, kpiId)).limit(1));
    if ((current?.version ?? 0) !== version) return { stale: current ?? null };
    const values = { ruleSet, baselineCount, phaseStarts: JSON.stringify(phaseStarts), updatedBy: actor.userId, updatedAt: now };
    if (current) await tx.update(c).set({ ...values, version: current.version + 1 }).where(eq(c.kpiId, kpiId));
    else await tx.insert(c).values({ kpiId, transferId: transfer.id, ...values, version: 1 });
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'kpi-chart.save', outcome: 'success', actorUserId: actor.userId, targetType: 'kpi-chart', targetId: kpiId, ip: meta.ip, detail: { transferId: transfer.id, ruleSet, baselineCount, phaseStarts } });
    return { stale: undefined };
  });
  if (outcome.stale === null) return fail({ '': [t('monitoring:kpi.chartReset')] }, 409);
  if (outcome.stale) return conflict(chartSettingsOf(outcome.stale), outcome.stale.version);
  return { ok: true };
});

/**
 * The first phase start (its position in `starts`) not preceded by a sustained signal: the run chart, phased as the
 * starts before it say, must show a shift (IHI) or an unusually long run (Anhøj) in the phase the new one ends,
 * beginning at or before the new start (rephasing at the first point of a shift is the usual choice). Undefined when
 * every start has one.
 */
export function rephaseWithoutSignal(values: number[], starts: number[], ruleSet: ChartSettings['ruleSet'], baselineCount: number): number | undefined {
  for (const [i, start] of starts.entries()) {
    const chart = runChart(values, { ruleSet, baselineCount, phaseStarts: starts.slice(0, i) });
    const phaseStart = chart.phases.findLast((p) => p.start < start)?.start ?? 0;
    if (!chart.signals.some((s) => (s.rule === 'shift' || s.rule === 'long-run') && s.from >= phaseStart && s.from <= start)) return i;
  }
  return undefined;
}

export const chartSettingsOf = (row: typeof schema.kpiChart.$inferSelect | undefined): ChartSettings =>
  row ? { ruleSet: row.ruleSet, baselineCount: row.baselineCount, phaseStarts: JSON.parse(row.phaseStarts) as string[], version: row.version } : defaultChartSettings;

/** The measurements of one indicator, oldest first, at most `measurementsPerKpi`, with who entered them. */
export async function listMeasurements(db: Db, transferId: string, kpiId: string) {
  const m = schema.kpiMeasurement;
  return db
    .select({ measurement: m, enteredBy: schema.user.name })
    .from(m)
    .leftJoin(schema.user, eq(schema.user.id, m.createdBy))
    .where(and(eq(m.transferId, transferId), eq(m.kpiId, kpiId)))
    .orderBy(m.periodStart, m.period)
    .limit(measurementsPerKpi)
    .then((rows) => rows.map((r) => ({ ...r.measurement, enteredBy: r.enteredBy ?? '' })));
}
