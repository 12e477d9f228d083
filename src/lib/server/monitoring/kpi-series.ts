/**
 * Every indicator of a transfer's plan as its charts need it: the measurements in time order, how to read them
 * (rule set, baseline, phases), the PDSA cycles that test a change against it, and the computed run and XmR charts.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import { t } from '../../../i18n/index.ts';
import { prepared, schema, type Db } from '../db.ts';
import { fieldWithRole, improvementDirection, type TemplateRegistry } from '../templates/registry.ts';
import { recordsPerSection, type EntryData } from '../transfers/entry-schema.ts';
import { chartSettingsOf, measurementsPerKpi, type ChartSettings } from './measurements.ts';
import { kpiRule, parsePeriod } from './measurement-schema.ts';
import { runChart, type Direction, type RunChart } from './run-chart.ts';
import { xmrChart, type XmrChart } from './xmr.ts';

/** One point of a chart (the same shape as the charts' `KpiPoint`). */
export type SeriesPoint = { label: string; value: number };
/** A PDSA cycle drawn over the points it spans (the charts' `CycleMark`). */
export type CycleSpan = { label: string; fromIndex: number; toIndex: number };

export type KpiSeries = {
  id: string;
  title: string;
  unit?: string;
  direction: Direction;
  target?: number;
  baseline?: number;
  bounds: { min?: number; max?: number };
  points: SeriesPoint[];
  /** The stored period of each point ("2027-03", "2027-Q1"), in the same order. */
  periods: string[];
  settings: ChartSettings;
  cycles: CycleSpan[];
  run: RunChart;
  xmr: XmrChart;
};

const numberOf = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const parse = (data: string) => JSON.parse(data) as EntryData;

const e = schema.entry;
const m = schema.kpiMeasurement;
const recordsQuery = (one: boolean) => (d: Db) =>
  d
    .select({ id: e.id, data: e.data })
    .from(e)
    .where(and(eq(e.transferId, sql.placeholder('transferId')), eq(e.template, sql.placeholder('kind')), eq(e.section, sql.placeholder('section')), one ? eq(e.id, sql.placeholder('id')) : undefined))
    .orderBy(asc(e.grouping), asc(e.position), asc(e.createdAt))
    .limit(recordsPerSection);
// In the order of the index kpi_measurement_series, so SQLite sorts nothing (sorting ties of the start day by period
// cost more than the rest of the read); seriesByKpi puts such ties in order.
const measurementsQuery = (one: boolean) => (d: Db) =>
  d
    .select({ kpiId: m.kpiId, period: m.period, value: m.value, periodStart: m.periodStart })
    .from(m)
    .where(and(eq(m.transferId, sql.placeholder('transferId')), one ? eq(m.kpiId, sql.placeholder('kpiId')) : undefined))
    .orderBy(asc(m.kpiId), asc(m.periodStart))
    .limit(recordsPerSection * measurementsPerKpi);
const chartsQuery = (d: Db) => d.select().from(schema.kpiChart).where(eq(schema.kpiChart.transferId, sql.placeholder('transferId')));

/** The records of a section with a role, in plan order, at most recordsPerSection. Prepared once per database. */
async function sectionRecords(db: Db, transferId: string, kind: string, sectionId: string, id?: string) {
  const query = id === undefined ? prepared(db, 'kpi-series.records', recordsQuery(false)) : prepared(db, 'kpi-series.record', recordsQuery(true));
  const rows = await query.all({ transferId, kind, section: sectionId, id });
  return rows.map((r) => ({ id: r.id, data: parse(r.data) }));
}

/** A period's label and start day, parsed once per distinct period (a plan's indicators mostly share their periods). */
function periodParser() {
  const parsed = new Map<string, { label: string; start: string }>();
  return (period: string) => {
    let p = parsed.get(period);
    if (!p) {
      const found = parsePeriod(period);
      parsed.set(period, (p = { label: found?.label ?? period, start: found?.periodStart ?? period }));
    }
    return p;
  };
}

/**
 * The series of every indicator of the transfer's plan (or only of `kpiId`), in plan order. Reads the indicators, the
 * cycles, the chart settings and every measurement of the transfer (one query, bounded by the indicators' caps),
 * whatever their number: four prepared statements, each record's JSON parsed once, each chart computed once.
 */
export async function loadKpiSeries(db: Db, transferId: string, registry: TemplateRegistry, kpiId?: string): Promise<KpiSeries[]> {
  const kpis = registry.requireSection('kpis');
  const kpiRecords = await sectionRecords(db, transferId, kpis.kind, kpis.section.id, kpiId);
  if (kpiRecords.length === 0) return [];
  // As arrays, not objects: the largest read of the page (up to 50,000 rows), kept free of per-row mapping.
  const byKpi = seriesByKpi((await (kpiId === undefined ? prepared(db, 'kpi-series.measurements', measurementsQuery(false)) : prepared(db, 'kpi-series.measurements.one', measurementsQuery(true))).values({ transferId, kpiId })) as MeasurementRow[]);
  const charts = new Map((await prepared(db, 'kpi-series.charts', chartsQuery).all({ transferId })).map((c) => [c.kpiId, chartSettingsOf(c)]));
  const cycles = await cyclesByKpi(db, transferId, registry);
  const directionField = fieldWithRole(kpis.section, 'direction');
  const targetField = fieldWithRole(kpis.section, 'target');
  const baselineField = fieldWithRole(kpis.section, 'baseline');
  const periodOf = periodParser();

  return kpiRecords.map((record) => {
    const rule = kpiRule(kpis.section, record);
    const { periods, values } = byKpi.get(record.id) ?? { periods: [], values: [] };
    const settings = charts.get(record.id) ?? chartSettingsOf(undefined);
    const phaseStarts = settings.phaseStarts.length === 0 ? [] : settings.phaseStarts.map((p) => periods.indexOf(p)).filter((i) => i > 0);
    const direction = improvementDirection(directionField, directionField && record.data[directionField.id]);
    const target = numberOf(targetField && record.data[targetField.id]);
    const parsed = periods.map(periodOf);
    const own = cycles.get(record.id) ?? [];
    const starts = own.length ? parsed.map((p) => p.start) : [];
    return {
      id: record.id,
      title: rule.title,
      unit: rule.unit,
      direction,
      target,
      baseline: numberOf(baselineField && record.data[baselineField.id]),
      bounds: { min: rule.min, max: rule.max },
      points: values.map((value, i) => ({ label: parsed[i]!.label, value })),
      periods,
      settings,
      cycles: own.flatMap((c) => cycleSpan(c, starts)),
      run: runChart(values, { ruleSet: settings.ruleSet, direction, baselineCount: settings.baselineCount, phaseStarts }),
      xmr: xmrChart(values, { direction, target, baselineCount: settings.baselineCount, phaseStarts }),
    };
  });
}

/** A measurement as read: indicator, period, value, and the day the period starts. */
export type MeasurementRow = [kpiId: string, period: string, value: number, periodStart: string];
/** One indicator's measurements in time order. */
export type Series = { periods: string[]; values: number[] };

/**
 * Rows ordered by indicator and start day, as series per indicator; periods starting the same day (2027-01 and
 * 2027-Q1) are ordered by their text, as a sort by (start, period) would.
 */
export function seriesByKpi(rows: MeasurementRow[]): Map<string, Series> {
  const found = new Map<string, Series & { starts: string[]; ties: boolean }>();
  for (const [kpiId, period, value, start] of rows) {
    let s = found.get(kpiId);
    if (!s) found.set(kpiId, (s = { periods: [], values: [], starts: [], ties: false }));
    if (s.starts.length && s.starts[s.starts.length - 1] === start) s.ties = true;
    s.periods.push(period);
    s.values.push(value);
    s.starts.push(start);
  }
  const result = new Map<string, Series>();
  for (const [kpiId, s] of found) {
    if (s.ties) {
      const order = s.periods.map((_, i) => i).sort((a, b) => (s.starts[a]! < s.starts[b]! ? -1 : s.starts[a]! > s.starts[b]! ? 1 : s.periods[a]! < s.periods[b]! ? -1 : 1));
      result.set(kpiId, { periods: order.map((i) => s.periods[i]!), values: order.map((i) => s.values[i]!) });
    } else result.set(kpiId, { periods: s.periods, values: s.values });
  }
  return result;
}

type Cycle = { label: string; start?: string; end?: string };

/** The PDSA cycles that name each indicator, labelled "PDSA <n>" by their place in the cycles list. */
async function cyclesByKpi(db: Db, transferId: string, registry: TemplateRegistry): Promise<Map<string, Cycle[]>> {
  const found = new Map<string, Cycle[]>();
  const pdsa = registry.sectionWithRole('pdsa-cycles');
  if (!pdsa) return found;
  const link = pdsa.section.fields.find((f) => f.linksTo === registry.requireSection('kpis').key);
  if (!link) return found;
  const startField = fieldWithRole(pdsa.section, 'start');
  const endField = fieldWithRole(pdsa.section, 'end');
  const records = await sectionRecords(db, transferId, pdsa.kind, pdsa.section.id);
  for (const [i, record] of records.entries()) {
    const linked = record.data[link.id];
    if (!Array.isArray(linked)) continue;
    const date = (f: typeof startField) => (f && typeof record.data[f.id] === 'string' ? (record.data[f.id] as string) : undefined);
    const cycle = { label: `PDSA ${i + 1}`, start: date(startField), end: date(endField) };
    for (const kpiId of linked) {
      let list = found.get(kpiId);
      if (!list) found.set(kpiId, (list = []));
      list.push(cycle);
    }
  }
  return found;
}

/**
 * The points a cycle spans: from the first whose period starts on or after the cycle's start, to the last that starts
 * on or before its end (a cycle without an end runs to the latest point). None when no point falls inside it.
 */
export function cycleSpan(cycle: Cycle, periodStarts: string[]): CycleSpan[] {
  const from = cycle.start ? periodStarts.findIndex((p) => p >= cycle.start!) : 0;
  if (from < 0) return [];
  let to = periodStarts.length - 1;
  if (cycle.end) while (to >= from && periodStarts[to]! > cycle.end) to--;
  return to >= from ? [{ label: cycle.label, fromIndex: from, toIndex: to }] : [];
}

export type CurrentSignal = 'improvement' | 'concern' | 'none';

/**
 * What the charts say now: the readings of the run and XmR signals that reach the latest point, within the latest
 * phase. A concern outranks an improvement (what needs attention must not be hidden by good news on the other
 * chart); signals without a side (too few runs, few crossings) and series without a direction count as none.
 */
export function currentSignal(series: { points: { length: number }; run: RunChart; xmr: XmrChart }): CurrentSignal {
  const last = series.points.length - 1;
  if (last < 0) return 'none';
  const phaseStart = Math.max(series.run.phases.at(-1)?.start ?? 0, series.xmr.phases.at(-1)?.start ?? 0);
  const readings = [...series.run.signals, ...series.xmr.signals].filter((s) => s.to === last && s.from >= phaseStart).map((s) => s.reading);
  if (readings.includes('concern')) return 'concern';
  if (readings.includes('improvement')) return 'improvement';
  return 'none';
}

/** What the charts say now, in a sentence of the reader's language. */
export const signalWords = (signal: CurrentSignal): string => t(`monitoring:signal.now.${signal}`);
