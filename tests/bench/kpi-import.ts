/**
 * Preview and import of 10,000 measurements from CSV against a file database, with a baseline in the same run: the
 * same rows saved one by one through saveMeasurement (what entering them by form would cost). Goal: preview +
 * import ≤ 2 s. Run: npm run bench:import
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeDatabase, migrateDatabase, openDatabase } from '../../src/lib/server/db.ts';
import { confirmImport, previewImport } from '../../src/lib/server/monitoring/csv-import.ts';
import { saveMeasurement } from '../../src/lib/server/monitoring/measurements.ts';
import { meta, monitoringFixture } from '../support/kpis.ts';

const rows = Number(process.env.ROWS ?? 10_000);
const indicators = 10;
const dir = mkdtempSync(join(tmpdir(), 'kpi-import-'));

async function setUp(name: string) {
  const db = openDatabase(join(dir, `${name}.db`));
  migrateDatabase(db);
  const f = await monitoringFixture(db);
  const kpis = [];
  for (let k = 0; k < indicators; k++) kpis.push(await f.addKpi({ title: `Indicator ${k}`, unit: 'cases', minimum: 0 }));
  const lines = ['indicator,period,value,note,data source'];
  const perKpi = Math.ceil(rows / indicators);
  for (let k = 0; k < indicators; k++)
    for (let d = 0; d < perKpi && lines.length <= rows; d++) lines.push(`Indicator ${k},${new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10)},${(d * 7) % 23},day ${d},registry`);
  return { db, f, kpis, text: lines.join('\r\n'), lines };
}

const ms = (start: number) => `${(performance.now() - start).toFixed(0)} ms`;

try {
  const a = await setUp('import');
  let t = performance.now();
  const preview = await previewImport(a.db, a.f.transfer, a.f.registry, a.text);
  const previewTime = ms(t);
  const t2 = performance.now();
  const imported = await confirmImport(a.db, a.f.editor, a.f.transfer, a.f.registry, a.text, preview.fingerprint, meta);
  console.log(`CSV import of ${preview.totals.rows} rows (${(Buffer.byteLength(a.text) / 1024).toFixed(0)} KiB): preview ${previewTime}, confirm ${ms(t2)}, total ${ms(t)}; ${JSON.stringify(imported)}`);
  t = performance.now();
  const again = await previewImport(a.db, a.f.transfer, a.f.registry, a.text);
  const t3 = performance.now();
  const replaced = await confirmImport(a.db, a.f.editor, a.f.transfer, a.f.registry, a.text, again.fingerprint, meta);
  console.log(`Re-import replacing every row: preview ${(t3 - t).toFixed(0)} ms, confirm ${ms(t3)}; ${JSON.stringify(replaced)}`);
  await closeDatabase(a.db);

  const b = await setUp('baseline');
  t = performance.now();
  for (const line of b.lines.slice(1)) {
    const [title, period, value, note, dataSource] = line.split(',');
    const saved = await saveMeasurement(b.db, b.f.editor, b.f.transfer, b.f.registry, b.kpis[Number(title!.split(' ')[1])]!, { period, value, note, dataSource }, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
  }
  console.log(`Baseline, the same ${rows} rows through saveMeasurement one by one: ${ms(t)}`);
  await closeDatabase(b.db);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
