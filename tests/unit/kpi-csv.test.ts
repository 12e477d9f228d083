import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db.ts';
import { kpiCsvResponse } from '../../src/lib/server/monitoring/kpi-csv.ts';
import { exportJson, monitoringRecords } from '../../src/lib/server/transfers/export.ts';
import { saveMeasurement } from '../../src/lib/server/monitoring/measurements.ts';
import { createTestDb } from '../support/db.ts';
import { meta, monitoringFixture } from '../support/kpis.ts';

let db: Db;
let f: Awaited<ReturnType<typeof monitoringFixture>>;
let kpiId: string;

beforeEach(async () => {
  db = await createTestDb();
  f = await monitoringFixture(db);
  kpiId = await f.addKpi({ title: 'Net change', unit: 'patients' });
});

describe('kpiCsvResponse', () => {
  it('writes one row per measurement, UTF-8 with a byte-order mark, CRLF and ISO dates', async () => {
    for (const [period, value] of [['2027-Q1', '-3'], ['2027-Q2', '4.5']]) await saveMeasurement(db, f.editor, f.transfer, f.registry, kpiId, { period, value, note: 'Écoute' }, meta);
    const response = await kpiCsvResponse(db, f.transfer.id, kpiId, 'Net change');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="net-change-/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('"period","period start","value","numerator","denominator","note","data source","entered by","entered at"');
    expect(lines[1]).toMatch(/^"2027-Q1","2027-01-01",-3,,,"Écoute"/);
    expect(lines[2]).toMatch(/^"2027-Q2","2027-04-01",4.5,,,"Écoute","","Test editor","\d{4}-\d{2}-\d{2}T[\d:.]+Z"$/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
  });
  it('neutralises cells a spreadsheet would run as a formula', async () => {
    await saveMeasurement(db, f.editor, f.transfer, f.registry, kpiId, { period: '2027-01', value: '1', note: '=HYPERLINK("http://evil")', dataSource: '@SUM(A1)' }, meta);
    const text = await (await kpiCsvResponse(db, f.transfer.id, kpiId, 'Net change')).text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")","'@SUM(A1)"`);
  });
});

describe('monitoringRecords', () => {
  it('adds the measurements and chart settings to the JSON export', async () => {
    await saveMeasurement(db, f.editor, f.transfer, f.registry, kpiId, { period: '2027-01', value: '3' }, meta);
    const json = exportJson({ transfer: f.transfer, practiceTitle: 'Practice', choices: [], entries: [], registry: f.registry, features: [], comments: [], monitoring: await monitoringRecords(db, f.transfer.id) });
    expect(json.monitoring).toMatchObject({ kpiMeasurements: [{ kpiId, period: '2027-01', value: 3, version: 1 }], kpiCharts: [], actionUpdates: [] });
  });
});
