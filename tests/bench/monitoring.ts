/**
 * Implementation monitoring under load, through the real server, next to the workspace home page in the same run:
 *  1. the KPI page of a transfer with 50 indicators × 60 monthly measurements and 4 PDSA cycles
 *     (/workspace/transfers/<id>/kpis/, read by the Northland editor);
 *  2. a mentor's cohort with 50 transfers in implementation (each: approved action plan, 8 indicators × 24 points,
 *     8 actions, 3 objectives, 2 PDSA cycles, a progress report), plus the demo transfers.
 * Each at 25 connections (p99), and rendered alone: N sequential GETs, one at a time (mean and median). Measured as
 * served (page cache on) and from a server with PORTAL_PAGE_CACHE=off (rendered on every request).
 * Goals: p99 ≤ 100 ms as served; a single uncached KPI page render ≤ 20 ms; the uncached cohort well under 100 ms.
 *
 *   npm run build && node tests/bench/monitoring.ts [seconds per run, default 10] [sequential GETs, default 50]
 */
import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { closeDatabase, openDatabase, schema, writeTransaction, type Tx } from '../../src/lib/server/db.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

requireBuild();
const duration = Number(process.argv[2] ?? 10);
const sequential = Number(process.argv[3] ?? 50);
type Result = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };

/** "YYYY-MM" periods, `count` of them, ending with November 2026. */
const monthsTo = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(2026, 10 - (count - 1 - i), 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });

/** A series with a level shift two thirds of the way, and some noise: signals to find, as in real data. */
const series = (count: number, k: number) => Array.from({ length: count }, (_, i) => 40 + ((i * 7 + k * 3) % 9) + (i > (2 * count) / 3 ? 8 : 0));

async function add(tx: Tx, transferId: string, template: string, section: string, position: number, data: Record<string, unknown>) {
  const id = crypto.randomUUID();
  await tx.insert(schema.entry).values({ id, transferId, template, section, position, data: JSON.stringify(data) });
  return id;
}

async function addKpis(tx: Tx, transferId: string, count: number, points: number, objectives: string[]) {
  const ids: string[] = [];
  for (let k = 0; k < count; k++) {
    const kpiId = await add(tx, transferId, 'action-plan', 'kpis', k, { name: `KPI ${k + 1}: share of patients with a shared care plan`, type: 'Process', unit: '%', baseline: 40, target: 60, direction: k % 3 === 0 ? 'Lower is better' : 'Higher is better', lowest: 0, highest: 100, frequency: 'Monthly', 'linked-objectives': [objectives[k % objectives.length]] });
    ids.push(kpiId);
    const values = series(points, k);
    await tx.insert(schema.kpiMeasurement).values(monthsTo(points).map((period, i) => ({ id: crypto.randomUUID(), transferId, kpiId, period, periodStart: `${period}-01`, value: values[i], updatedAt: '2026-12-01T00:00:00.000Z' })));
  }
  return ids;
}

async function addCycles(tx: Tx, transferId: string, count: number, objectives: string[], kpis: string[]) {
  for (let c = 0; c < count; c++)
    await add(tx, transferId, 'pdsa', 'cycles', c, { change: `Cycle ${c + 1}`, objective: [objectives[c % objectives.length]], kpis: kpis.slice(c * 3, c * 3 + 5), start: `2026-0${c + 1}-01`, end: `2026-0${c + 2}-28`, prediction: 'More plans in use', decision: c % 2 ? 'Adopt' : '' });
}

for (const cache of ['on', 'off'] as const) await measure(cache);

async function measure(cache: 'on' | 'off') {
  const server = await startServer({ PORTAL_PAGE_CACHE: cache });
  try {
    // startServer waits 10 s; a busy machine (and the demo seed's review steps) can need longer.
    for (let i = 0; i < 600 && !(await fetch(`${server.url}/`).then((r) => r.ok, () => false)); i++) await new Promise((r) => setTimeout(r, 100));
    const db = openDatabase(server.databasePath);
    const userId = async (email: string) => (await db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, email)).get())!.id;
    const mentor = await userId('mentor@demo.example');
    const northland = (await db.select().from(schema.organisation).where(eq(schema.organisation.name, 'Demo: Northland Health Region')).get())!;
    const [demo] = await db.select().from(schema.transfer).where(eq(schema.transfer.organisationId, northland.id));

    await writeTransaction(db, async (tx) => {
      // 1. The large KPI page: Northland's demo transfer gets 50 indicators × 60 points and 4 cycles.
      const objectives = [];
      for (let o = 0; o < 5; o++) objectives.push(await add(tx, demo.id, 'action-plan', 'objectives', o, { statement: `Objective ${o + 1}`, measure: 'Share', 'target-date': '2027-12-31' }));
      const kpis = await addKpis(tx, demo.id, 50, 60, objectives);
      await addCycles(tx, demo.id, 4, objectives, kpis);

      // 2. The cohort: 49 more transfers in implementation assigned to the mentor (Coastal, seeded, is the 50th).
      const organisations = Array.from({ length: 10 }, (_, i) => ({ id: crypto.randomUUID(), name: `Bench: Adopting region ${String(i + 1).padStart(2, '0')}`, kind: 'next-adopter' as const }));
      await tx.insert(schema.organisation).values(organisations);
      for (let i = 0; i < 49; i++) {
        const transferId = crypto.randomUUID();
        await tx.insert(schema.transfer).values({ id: transferId, organisationId: organisations[i % 10].id, practiceId: 'shared-care-platform', title: `Bench: transfer in implementation ${i + 1}` });
        await tx.insert(schema.transferMentor).values({ transferId, userId: mentor });
        await tx.insert(schema.stageReview).values({ transferId, stage: 'action-plan', state: 'approved', latestSubmission: 1, submittedAt: '2026-03-01T10:00:00.000Z', updatedAt: '2026-03-08T10:00:00.000Z' });
        if (i % 4 === 0) await tx.insert(schema.stageReview).values({ transferId, stage: 'progress-report', state: 'submitted', latestSubmission: 1, submittedAt: '2026-11-30T10:00:00.000Z', updatedAt: '2026-11-30T10:00:00.000Z' });
        const objectives = [];
        for (let o = 0; o < 3; o++) objectives.push(await add(tx, transferId, 'action-plan', 'objectives', o, { statement: `Objective ${o + 1}`, measure: 'Share', 'target-date': '2027-12-31' }));
        for (let a = 0; a < 8; a++) await add(tx, transferId, 'action-plan', 'actions', a, { title: `Action ${a + 1}`, owner: 'IT', status: a < 3 ? 'Done' : 'In progress', 'percent-done': a * 10, start: '2026-01-01', end: a === 7 ? '2026-10-31' : '2027-06-30', 'linked-objectives': [objectives[a % 3]] });
        const kpis = await addKpis(tx, transferId, 8, 24, objectives);
        await addCycles(tx, transferId, 2, objectives, kpis);
        await add(tx, transferId, 'progress-report', 'reports', 0, { 'period-start': '2026-07-01', 'period-end': '2026-09-30', summary: 'Quarter three' });
      }
    });
    await closeDatabase(db);

    const cookies = { mentor: await server.signIn('mentor@demo.example'), editor: await server.signIn('editor@demo.example') };
    const targets = [
      { name: 'KPI page (50 KPIs × 60 points, 4 cycles)', url: `${server.url}/workspace/transfers/${demo.id}/kpis/`, cookie: cookies.editor },
      { name: "mentor's cohort (50 in implementation)", url: `${server.url}/workspace/cohort/`, cookie: cookies.mentor },
      { name: 'workspace home, same run', url: `${server.url}/workspace/`, cookie: cookies.editor },
    ];
    console.log(`\nImplementation monitoring, page cache ${cache}, 25 connections, ${duration} s per run; ${sequential} sequential GETs each`);
    for (const t of targets) {
      const res = await fetch(t.url, { headers: { Cookie: t.cookie } });
      const html = await res.text();
      if (res.status !== 200) {
        console.log(`${t.name.padEnd(44)} answered ${res.status}: not measured (is the page merged?)`);
        continue;
      }
      if (t.url.endsWith('/cohort/')) {
        const rows = html.match(/<tr data-transfer=/g)?.length ?? 0;
        if (rows < 50) throw new Error(`the cohort shows ${rows} transfers, expected at least 50`);
      }
      // One request at a time: the time to render (uncached) or serve (cached) one page.
      const times: number[] = [];
      for (let i = 0; i < sequential; i++) {
        const started = performance.now();
        await (await fetch(t.url, { headers: { Cookie: t.cookie } })).arrayBuffer();
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      const r = (await autocannon({ url: t.url, connections: 25, duration, headers: { Cookie: t.cookie } })) as unknown as Result;
      console.log(
        `${`${t.name} (${(html.length / 1024).toFixed(0)} kB)`.padEnd(52)} single: mean ${mean.toFixed(1).padStart(6)} ms, median ${times[Math.floor(times.length / 2)].toFixed(1).padStart(6)} ms | ` +
          `${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  p99 ${String(r.latency.p99).padStart(4)} ms  non-2xx ${r.non2xx}  errors ${r.errors}`,
      );
    }
  } finally {
    await server.stop();
  }
}
