import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { first, schema, writeTransaction, type Db } from '../../src/lib/server/db.ts';
import { currentSignal, cycleSpan, loadKpiSeries } from '../../src/lib/server/monitoring/kpi-series.ts';
import { isPercentUnit, parsePeriod } from '../../src/lib/server/monitoring/measurement-schema.ts';
import { deleteMeasurement, listMeasurements, measurementsPerKpi, saveChartSettings, saveMeasurement } from '../../src/lib/server/monitoring/measurements.ts';
import { pageKey } from '../../src/lib/server/page-cache.ts';
import { templatePagePattern } from '../../src/lib/server/transfers/page-data.ts';
import { createOrganisation, createTestDb, createUser } from '../support/db.ts';
import { meta, monitoringFixture } from '../support/kpis.ts';

let db: Db;
let f: Awaited<ReturnType<typeof monitoringFixture>>;
let kpiId: string;
const audit = async (action: string) => db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, action)).orderBy(schema.auditEvent.id);
const revision = async () => (await first(db.select({ r: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, f.transfer.id)).limit(1)))!.r;
const save = (input: Record<string, unknown>, id = kpiId, actor = f.editor) => saveMeasurement(db, actor, f.transfer, f.registry, id, input, meta);

beforeEach(async () => {
  db = await createTestDb();
  f = await monitoringFixture(db);
  kpiId = await f.addKpi({ title: 'Shared plans per month', unit: 'plans', minimum: 0, maximum: 500, direction: f.higherIsBetter, target: 80 });
});

describe('parsePeriod', () => {
  it('reads a day, a month and a quarter, each with its first day', () => {
    expect(parsePeriod('2027-03-31')).toEqual({ period: '2027-03-31', periodStart: '2027-03-31', label: '2027-03-31' });
    expect(parsePeriod('2027-03')).toEqual({ period: '2027-03', periodStart: '2027-03-01', label: 'March 2027' });
    expect(parsePeriod('2027-q3')).toEqual({ period: '2027-Q3', periodStart: '2027-07-01', label: 'Q3 2027' });
  });
  it.each(['2027-02-30', '2027-13', '2027-Q5', '1899-12', '2101-Q1', '27-03', 'March 2027', ''])('refuses %j', (text) => {
    expect(parsePeriod(text)).toBeUndefined();
  });
  it('knows a percentage unit whatever its case', () => {
    expect(['%', 'Percent', ' percentage '].every(isPercentUnit)).toBe(true);
    expect(isPercentUnit('patients')).toBe(false);
  });
});

describe('saveMeasurement', () => {
  it('records a value for a period, bumps the revision and audits it', async () => {
    const before = await revision();
    const saved = await save({ period: '2027-03', value: '42', note: 'First month', dataSource: 'EHR' });
    expect(saved).toMatchObject({ ok: true });
    expect(await listMeasurements(db, f.transfer.id, kpiId)).toMatchObject([{ period: '2027-03', periodStart: '2027-03-01', value: 42, note: 'First month', dataSource: 'EHR', version: 1 }]);
    expect(await revision()).toBe(before + 1);
    expect(await audit('kpi-measurement.save')).toHaveLength(1);
  });
  it('refuses a value outside the indicator’s bounds, naming the field and the indicator', async () => {
    const saved = await save({ period: '2027-03', value: '501' });
    expect(saved).toMatchObject({ ok: false, status: 400, errors: { value: [expect.stringMatching(/^Shared plans per month — Value 501 is above the highest possible value, 500/)] } });
    expect(await save({ period: '2027-03', value: '-1' })).toMatchObject({ ok: false, errors: { value: [expect.stringMatching(/below the lowest/)] } });
    expect(await listMeasurements(db, f.transfer.id, kpiId)).toHaveLength(0);
  });
  it('bounds a percentage without bounds to 0–100', async () => {
    const percent = await f.addKpi({ title: 'Share with a plan', unit: '%' });
    expect(await save({ period: '2027-03', value: '101' }, percent)).toMatchObject({ ok: false, errors: { value: [expect.stringMatching(/above the highest possible value, 100 %/)] } });
    expect(await save({ period: '2027-03', value: '100' }, percent)).toMatchObject({ ok: true });
  });
  it.each(['2027-13', '2027-02-30', 'March', '2102-01'])('refuses the period %j', async (period) => {
    expect(await save({ period, value: '3' })).toMatchObject({ ok: false, errors: { period: [expect.stringMatching(/^Shared plans per month — Period/)] } });
  });
  it.each(['1,5', '1e3', '0x10', 'Infinity', 'twelve'])('refuses %j as a value', async (value) => {
    expect(await save({ period: '2027-03', value })).toMatchObject({ ok: false, errors: { value: [expect.stringMatching(/plain digits/)] } });
  });
  it('computes the value from numerator and denominator, × 100 for a percentage', async () => {
    const percent = await f.addKpi({ title: 'Share with a plan', unit: 'percent' });
    expect(await save({ period: '2027-03', numerator: '30', denominator: '120' }, percent)).toMatchObject({ ok: true });
    expect((await listMeasurements(db, f.transfer.id, percent))[0]).toMatchObject({ value: 25, numerator: 30, denominator: 120 });
    expect(await save({ period: '2027-04', numerator: '3', denominator: '4' })).toMatchObject({ ok: true });
    expect((await listMeasurements(db, f.transfer.id, kpiId))[0]).toMatchObject({ value: 0.75 });
  });
  it('refuses a numerator without a denominator, a zero denominator, a negative numerator and a value that disagrees', async () => {
    expect(await save({ period: '2027-03', value: '3', numerator: '3' })).toMatchObject({ ok: false, errors: { denominator: [expect.stringMatching(/give both, or neither/)] } });
    expect(await save({ period: '2027-03', numerator: '3', denominator: '0' })).toMatchObject({ ok: false, errors: { denominator: [expect.stringMatching(/more than 0/)] } });
    expect(await save({ period: '2027-03', numerator: '-3', denominator: '4' })).toMatchObject({ ok: false, errors: { numerator: [expect.stringMatching(/cannot be negative/)] } });
    expect(await save({ period: '2027-03', value: '0.8', numerator: '3', denominator: '4' })).toMatchObject({ ok: false, errors: { value: [expect.stringMatching(/does not match numerator ÷ denominator = 0.75 \(they must agree within 1 %\)/)] } });
    expect(await save({ period: '2027-03', value: '0.754', numerator: '3', denominator: '4' })).toMatchObject({ ok: true });
  });
  it('bounds the note and the data source', async () => {
    const saved = await save({ period: '2027-03', value: '1', note: 'x'.repeat(2001), dataSource: 'y'.repeat(301) });
    expect(saved).toMatchObject({ ok: false, errors: { note: [expect.stringMatching(/at most 2,000 characters/)], dataSource: [expect.stringMatching(/at most 300 characters/)] } });
  });
  it('refuses a second value for a period, pointing to the existing one, and overwrites nothing', async () => {
    await save({ period: '2027-03', value: '42' });
    const second = await save({ period: '2027-03', value: '43' });
    expect(second).toMatchObject({ ok: false, status: 409, errors: { period: [expect.stringMatching(/March 2027 already has a value \(42\)\. Edit that measurement/)] } });
    expect((await listMeasurements(db, f.transfer.id, kpiId)).map((m) => m.value)).toEqual([42]);
  });
  it('updates the version it edited, and answers a stale save with both versions', async () => {
    const created = await save({ period: '2027-03', value: '42' });
    if (!created.ok) throw new Error('not saved');
    expect(await save({ measurementId: created.measurementId, version: '1', period: '2027-03', value: '44' })).toMatchObject({ ok: true });
    const stale = await save({ measurementId: created.measurementId, version: '1', period: '2027-03', value: '45' });
    expect(stale).toMatchObject({ ok: false, status: 409, conflict: { version: 2, theirs: { period: '2027-03', value: 44 } } });
    expect((await listMeasurements(db, f.transfer.id, kpiId))[0]).toMatchObject({ value: 44, version: 2 });
  });
  it('refuses to move a measurement onto a period that has one', async () => {
    await save({ period: '2027-03', value: '42' });
    const april = await save({ period: '2027-04', value: '40' });
    if (!april.ok) throw new Error('not saved');
    expect(await save({ measurementId: april.measurementId, version: '1', period: '2027-03', value: '40' })).toMatchObject({ ok: false, status: 409 });
  });
  it('answers 404 for an indicator of another transfer or a record that is not an indicator', async () => {
    expect(await save({ period: '2027-03', value: '1' }, crypto.randomUUID())).toMatchObject({ ok: false, status: 404 });
    const cycle = await f.addCycle([kpiId], '2027-01-01');
    expect(await save({ period: '2027-03', value: '1' }, cycle)).toMatchObject({ ok: false, status: 404, errors: { '': [expect.stringMatching(/does not exist in this transfer’s action plan/)] } });
  });
  it('keeps one kind of period per indicator: days, months or quarters, never mixed', async () => {
    expect((await save({ period: '2027-03', value: '10' })).ok).toBe(true);
    expect(await save({ period: '2027-03-31', value: '11' })).toMatchObject({ ok: false, errors: { period: [expect.stringMatching(/its measurements are months \(2027-03\); this one is of days/)] } });
    expect(await save({ period: '2027-Q2', value: '11' })).toMatchObject({ ok: false, errors: { period: [expect.stringMatching(/this one is of quarters/)] } });
    expect(await listMeasurements(db, f.transfer.id, kpiId)).toHaveLength(1);
  });
  it(`keeps at most ${measurementsPerKpi} measurements per indicator`, async () => {
    const now = new Date().toISOString();
    const days = Array.from({ length: measurementsPerKpi }, (_, i) => new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10));
    await writeTransaction(db, async (tx) => {
      await tx.insert(schema.kpiMeasurement).values(days.map((day) => ({ id: crypto.randomUUID(), transferId: f.transfer.id, kpiId, period: day, periodStart: day, value: 1, updatedAt: now })));
    });
    expect(await save({ period: '2030-01-01', value: '1' })).toMatchObject({ ok: false, status: 409, errors: { '': [expect.stringMatching(/at most 1,000 measurements/)] } });
  });
  it('refuses viewers, mentors and other organisations, and audits each refusal', async () => {
    const other = await f.actor(f.p.otherEditor.id);
    const unassigned = await createUser(db, 'mentor', (await createOrganisation(db, 'early-adopter')).id);
    for (const id of [f.p.viewer.id, f.p.mentor.id, f.p.coordinator.id, unassigned.id]) expect(await save({ period: '2027-03', value: '1' }, kpiId, await f.actor(id))).toMatchObject({ ok: false, status: 403 });
    expect(await save({ period: '2027-03', value: '1' }, kpiId, other)).toMatchObject({ ok: false, status: 403 });
    expect(await db.select().from(schema.auditEvent).where(and(eq(schema.auditEvent.action, 'kpi-measurement.save'), eq(schema.auditEvent.outcome, 'denied')))).toHaveLength(5);
    expect(await listMeasurements(db, f.transfer.id, kpiId)).toHaveLength(0);
  });
});

describe('deleteMeasurement', () => {
  it('deletes only the version that was seen, and audits it', async () => {
    const created = await save({ period: '2027-03', value: '42' });
    if (!created.ok) throw new Error('not saved');
    expect(await deleteMeasurement(db, f.editor, f.transfer, f.registry, kpiId, created.measurementId, 2, meta)).toMatchObject({ ok: false, status: 409 });
    expect(await deleteMeasurement(db, await f.actor(f.p.viewer.id), f.transfer, f.registry, kpiId, created.measurementId, 1, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await deleteMeasurement(db, f.editor, f.transfer, f.registry, kpiId, created.measurementId, 1, meta)).toMatchObject({ ok: true });
    expect(await listMeasurements(db, f.transfer.id, kpiId)).toHaveLength(0);
    expect((await audit('kpi-measurement.delete')).map((a) => a.outcome)).toEqual(['denied', 'success']);
  });
});

describe('saveChartSettings', () => {
  it('keeps the rule set, the baseline and phase starts at measured periods, in time order, versioned', async () => {
    // Twelve months around 10, then eight around 20: a shift from 2027-01 on, where the team may rephase.
    const values = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12, 20, 21, 19, 22, 20, 21, 19, 20];
    const months = values.map((_, i) => `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
    for (const [i, period] of months.entries()) await save({ period, value: String(values[i]) });
    const chart = (input: Record<string, unknown>) => saveChartSettings(db, f.editor, f.transfer, f.registry, kpiId, input, meta);
    expect(await chart({ ruleSet: 'anhoej', baselineCount: '1', phaseStarts: '' })).toMatchObject({ ok: false, errors: { baselineCount: ['Baseline points: at least 2.'] } });
    expect(await chart({ ruleSet: 'anhoej', baselineCount: '12', phaseStarts: '2027-10' })).toMatchObject({ ok: false, errors: { phaseStarts: [expect.stringMatching(/"2027-10" has none/)] } });
    expect(await chart({ ruleSet: 'anhoej', baselineCount: '12', phaseStarts: '2026-01' })).toMatchObject({ ok: false, errors: { phaseStarts: [expect.stringMatching(/first measurement/)] } });
    // Before the shift there is no sustained signal to rephase after.
    expect(await chart({ ruleSet: 'ihi', baselineCount: '12', phaseStarts: '2026-06' })).toMatchObject({ ok: false, errors: { phaseStarts: [expect.stringMatching(/only after a sustained signal.*2026-06/)] } });
    expect(await chart({ ruleSet: 'ihi', baselineCount: '12', phaseStarts: ['2027-03', '2027-01'], version: '0' })).toMatchObject({ ok: false, errors: { phaseStarts: [expect.stringMatching(/2027-03 has none/)] } });
    expect(await chart({ ruleSet: 'anhoej', baselineCount: '12', phaseStarts: ['2027-01'], version: '0' })).toMatchObject({ ok: true });
    expect(await chart({ ruleSet: 'ihi', baselineCount: '6', phaseStarts: [], version: '0' })).toMatchObject({ ok: false, status: 409, conflict: { version: 1, theirs: { ruleSet: 'anhoej', phaseStarts: ['2027-01'] } } });
    const [series] = await loadKpiSeries(db, f.transfer.id, f.registry);
    expect(series!.settings).toMatchObject({ ruleSet: 'anhoej', baselineCount: 12, phaseStarts: ['2027-01'], version: 1 });
    expect(series!.run.phases.map((p) => p.start)).toEqual([0, 12]);
    expect(await audit('kpi-chart.save')).toHaveLength(1);
  });
});

describe('loadKpiSeries', () => {
  it('gives each indicator its points in time order, its cycles and its charts', async () => {
    const second = await f.addKpi({ title: 'Waiting days', unit: 'days', direction: f.lowerIsBetter });
    for (const period of ['2027-03', '2027-01', '2027-04', '2027-02']) await save({ period, value: '10' });
    await f.addCycle([kpiId, second], '2027-02-01', '2027-03-31');
    await f.addCycle([kpiId], '2027-03-15');
    const series = await loadKpiSeries(db, f.transfer.id, f.registry);
    expect(series.map((s) => s.title)).toEqual(['Shared plans per month', 'Waiting days']);
    expect(series[0]).toMatchObject({ unit: 'plans', direction: 'up', target: 80, bounds: { min: 0, max: 500 }, periods: ['2027-01', '2027-02', '2027-03', '2027-04'] });
    expect(series[0]!.points.map((p) => p.label)).toEqual(['January 2027', 'February 2027', 'March 2027', 'April 2027']);
    expect(series[0]!.cycles).toEqual([
      { label: 'PDSA 1', fromIndex: 1, toIndex: 2 },
      { label: 'PDSA 2', fromIndex: 3, toIndex: 3 },
    ]);
    expect(series[1]).toMatchObject({ direction: 'down', points: [], cycles: [] });
    expect(currentSignal(series[1]!)).toBe('none');
  });
  it('reads the latest point’s signal: improvement, concern or none', async () => {
    const values = [10, 11, 10, 12, 11, 10, 11, 12, 10, 11, 10, 11, 20, 21, 22, 23, 24, 25, 26, 27];
    for (const [i, v] of values.entries()) await save({ period: `2027-01-${String(i + 1).padStart(2, '0')}`, value: String(v) });
    const [up] = await loadKpiSeries(db, f.transfer.id, f.registry);
    expect(currentSignal(up!)).toBe('improvement');
    expect(currentSignal({ ...up!, run: { ...up!.run, signals: [{ ...up!.run.signals[0]!, reading: 'concern', to: 19 }] } })).toBe('concern');
  });
  it('draws a cycle over the points inside its dates only', () => {
    expect(cycleSpan({ label: 'PDSA 1', start: '2028-01-01' }, ['2027-01-01'])).toEqual([]);
    expect(cycleSpan({ label: 'PDSA 1', start: '2026-01-01', end: '2026-12-31' }, ['2027-01-01'])).toEqual([]);
  });
});

describe('the indicators page in the page cache', () => {
  it('is cached per transfer revision, so a saved measurement gives it a new key, and hidden from other organisations', async () => {
    const url = new URL(`http://x/workspace/transfers/${f.transfer.id}/kpis/`);
    const pattern = templatePagePattern(f.registry.kinds.map((k) => k.kind));
    const key = () => pageKey(db, url, f.editor, 0, pattern);
    const before = await key();
    expect(before).toBeDefined();
    await save({ period: '2027-03', value: '1' });
    expect(await key()).not.toBe(before);
    expect(await pageKey(db, url, await f.actor(f.p.otherEditor.id), 0, pattern)).toBeUndefined();
  });
});
