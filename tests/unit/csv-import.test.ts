import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { confirmImport, importRowLimit, previewImport } from '../../src/lib/server/monitoring/csv-import.ts';
import { listMeasurements, saveMeasurement } from '../../src/lib/server/monitoring/measurements.ts';
import { createTestDb } from '../support/db.ts';
import { meta, monitoringFixture } from '../support/kpis.ts';

let db: Db;
let f: Awaited<ReturnType<typeof monitoringFixture>>;
let plans: string;
let share: string;
const preview = (text: string) => previewImport(db, f.transfer, f.registry, text);
const confirm = (text: string, fingerprint: string, actor = f.editor) => confirmImport(db, actor, f.transfer, f.registry, text, fingerprint, meta);
const all = async () => db.select().from(schema.kpiMeasurement);

beforeEach(async () => {
  db = await createTestDb();
  f = await monitoringFixture(db);
  plans = await f.addKpi({ title: 'Shared plans per month', unit: 'plans', minimum: 0 });
  share = await f.addKpi({ title: 'Share with a plan', unit: '%' });
});

const pasted = ['indicator,period,value,numerator,denominator,note', 'Shared plans per month,2027-01,12,,,first', 'shared plans per month,2027-02,abc,,,', `${'Share with a plan'},2027-Q1,,30,120,`, 'Waiting days,2027-01,3,,,', 'Share with a plan,2027-Q2,120,,,'].join('\n');

describe('previewImport', () => {
  it('lists every row with its line, and every error of each row, writing nothing', async () => {
    const p = await preview(pasted);
    expect(p.problems).toEqual([]);
    expect(p.totals).toEqual({ rows: 5, create: 2, replace: 0, withErrors: 3 });
    expect(p.rows.map((r) => [r.line, r.action ?? 'error'])).toEqual([
      [2, 'create'],
      [3, 'error'],
      [4, 'create'],
      [5, 'error'],
      [6, 'error'],
    ]);
    expect(p.rows[1]!.errors).toEqual([expect.stringMatching(/^Shared plans per month — Value "abc": enter a number/)]);
    expect(p.rows[2]!.parsed).toMatchObject({ period: '2027-Q1', value: 25 });
    expect(p.rows[3]!.errors).toEqual([expect.stringMatching(/No indicator of this plan is called "Waiting days"/)]);
    expect(p.rows[4]!.errors).toEqual([expect.stringMatching(/above the highest possible value, 100 %/)]);
    expect(await all()).toHaveLength(0);
  });
  it('reads a semicolon-separated export with a byte-order mark, columns in any order, an indicator by id', async () => {
    const p = await preview(`\uFEFFPeriod;Value;Data source;Indicator\r\n2027-03;"7";"Registry; monthly";${plans}\r\n`);
    expect(p.rows).toMatchObject([{ line: 2, action: 'create', parsed: { period: '2027-03', value: 7, dataSource: 'Registry; monthly' } }]);
  });
  it('shows the old value of a measurement a row replaces', async () => {
    await saveMeasurement(db, f.editor, f.transfer, f.registry, plans, { period: '2027-01', value: '10' }, meta);
    const p = await preview('indicator,period,value\nShared plans per month,2027-01,12\n');
    expect(p.rows[0]).toMatchObject({ action: 'replace', old: { value: 10, version: 1 } });
    expect(p.totals).toMatchObject({ create: 0, replace: 1 });
  });
  it('refuses a row whose kind of period differs from the rest of its indicator’s series', async () => {
    const rows = (await preview('indicator,period,value\nShared plans per month,2027-01,1\nShared plans per month,2027-Q2,2\n')).rows;
    expect(rows[0]!.errors).toEqual([]);
    expect(rows[1]!.errors).toEqual([expect.stringMatching(/its measurements are months \(2027-03\); this one is of quarters/)]);
  });
  it('refuses a period given twice, an unknown column and a header without the needed columns', async () => {
    expect((await preview('indicator,period,value\nShared plans per month,2027-01,1\nShared plans per month,2027-01,2\n')).rows[1]!.errors).toEqual([expect.stringMatching(/January 2027 is given twice: on line 2 and here/)]);
    expect((await preview('indicator,period,value,colour\nx,2027-01,1\n')).problems).toEqual([expect.stringMatching(/Column "colour" is not one the import knows/)]);
    expect((await preview('indicator,period,value,constructor\nx,2027-01,1\n')).problems).toEqual([expect.stringMatching(/Column "constructor" is not one the import knows/)]);
    expect((await preview('value\n1\n')).problems).toEqual([expect.stringMatching(/at least indicator and period/)]);
  });
  it(`says so when the text has more than ${importRowLimit} rows or more than 1 MiB`, async () => {
    const rows = Array.from({ length: importRowLimit + 1 }, () => 'a,2027-01,1').join('\n');
    expect((await preview(`indicator,period,value\n${rows}`)).problems).toEqual([expect.stringMatching(/more than 20,000 rows/)]);
    expect((await preview(`indicator,period,value,note\nx,2027-01,1,${'n'.repeat(1024 * 1024)}`)).problems).toEqual([expect.stringMatching(/larger than 1 MiB/)]);
  });
  it('answers quoting it cannot read with the line, not an exception', async () => {
    expect((await preview('indicator,period,value\n"Shared plans,2027-01,1\n')).problems).toEqual([expect.stringMatching(/could not be read/)]);
  });
});

describe('confirmImport', () => {
  it('refuses a text with any error and writes nothing', async () => {
    const p = await preview(pasted);
    expect(await confirm(pasted, p.fingerprint)).toMatchObject({ ok: false, status: 400, errors: { '': [expect.stringMatching(/3 of the rows have errors, so nothing was imported/)] }, preview: { totals: { withErrors: 3 } } });
    expect(await all()).toHaveLength(0);
  });
  it('imports every row in one transaction with one audit event, replacing with a new version', async () => {
    await saveMeasurement(db, f.editor, f.transfer, f.registry, plans, { period: '2027-01', value: '10' }, meta);
    const text = 'indicator,period,value,numerator,denominator\nShared plans per month,2027-01,12,,\nShare with a plan,2027-Q1,,30,120\n';
    const p = await preview(text);
    expect(await confirm(text, p.fingerprint)).toEqual({ ok: true, created: 1, replaced: 1 });
    expect(await listMeasurements(db, f.transfer.id, plans)).toMatchObject([{ period: '2027-01', value: 12, version: 2 }]);
    expect(await listMeasurements(db, f.transfer.id, share)).toMatchObject([{ period: '2027-Q1', value: 25, numerator: 30, denominator: 120, version: 1 }]);
    expect(await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'kpi-measurement.import'))).toMatchObject([{ outcome: 'success' }]);
  });
  it('refuses a stale fingerprint when a replaced measurement changed meanwhile, and shows the preview again', async () => {
    const saved = await saveMeasurement(db, f.editor, f.transfer, f.registry, plans, { period: '2027-01', value: '10' }, meta);
    const text = 'indicator,period,value\nShared plans per month,2027-01,12\n';
    const p = await preview(text);
    if (!saved.ok) throw new Error('not saved');
    await saveMeasurement(db, f.editor, f.transfer, f.registry, plans, { measurementId: saved.measurementId, version: 1, period: '2027-01', value: '11' }, meta);
    const refused = await confirm(text, p.fingerprint);
    expect(refused).toMatchObject({ ok: false, status: 409, errors: { '': [expect.stringMatching(/changed since your preview/)] }, preview: { rows: [{ old: { value: 11, version: 2 } }] } });
    expect((await listMeasurements(db, f.transfer.id, plans))[0]).toMatchObject({ value: 11 });
  });
  it('refuses a viewer, audited', async () => {
    const text = 'indicator,period,value\nShared plans per month,2027-01,12\n';
    const p = await preview(text);
    expect(await confirm(text, p.fingerprint, await f.actor(f.p.viewer.id))).toMatchObject({ ok: false, status: 403 });
    expect(await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'kpi-measurement.import'))).toMatchObject([{ outcome: 'denied' }]);
  });
  it('imports 10,000 rows in one transaction', async () => {
    const kpis = await Promise.all(Array.from({ length: 10 }, (_, i) => f.addKpi({ title: `Indicator ${i}`, unit: 'cases' })));
    const lines = ['indicator,period,value,note'];
    for (const [k] of kpis.entries()) for (let d = 0; d < 1000; d++) lines.push(`Indicator ${k},${new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)},${d % 17},day ${d}`);
    const text = lines.join('\r\n');
    const before = (await first(db.select({ r: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, f.transfer.id)).limit(1)))!.r;
    const p = await preview(text);
    expect(p.totals).toEqual({ rows: 10_000, create: 10_000, replace: 0, withErrors: 0 });
    expect(await confirm(text, p.fingerprint)).toEqual({ ok: true, created: 10_000, replaced: 0 });
    expect(await all()).toHaveLength(10_000);
    expect((await first(db.select({ r: schema.transfer.revision }).from(schema.transfer).where(eq(schema.transfer.id, f.transfer.id)).limit(1)))!.r).toBe(before + 1);
  });
});
