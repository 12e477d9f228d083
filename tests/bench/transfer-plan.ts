/**
 * Transfer workspace under load, through the real server:
 *  1. saving a SWOT item (POST, validation, versioned write, audit, redirect) at 25 connections: saves/s and p99,
 *     as served (answered by the direct save path, src/server/direct-save.ts) and, in the same run, on a second
 *     server with PORTAL_DIRECT_SAVE=off (every save through the page);
 *  2. the action plan page of a large transfer (200 actions, 50 KPIs, 20 objectives, 100 SWOT items, 30 needs)
 *     next to the workspace home page, in the same run: p99 of each; once as served (rendered once per change of
 *     the transfer, then from the page cache) and once from the second server, also with PORTAL_PAGE_CACHE=off
 *     (rendered on every request).
 * Goals: ≥ 1,000 saves/s; plan page p99 ≤ 100 ms.
 *
 *   npm run build && node tests/bench/transfer-plan.ts [seconds per run, default 10]
 */
import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { closeDatabase, openDatabase, schema } from '../../src/lib/server/db.ts';
import { openTransfer, saveEntry, transfersOf } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { readFrontmatter, requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

requireBuild();
const duration = Number(process.argv[2] ?? 10);
type Result = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number; statusCodeStats?: Record<string, { count: number }> };
const section = (template: string, id: string) => templateSchema.parse(readFrontmatter('templates', template)).sections.find((s) => s.id === id)!;

const server = await startServer();
try {
  const cookie = await server.signIn('editor@demo.example');
  const db = openDatabase(server.databasePath);
  const northland = (await db.select().from(schema.organisation).where(eq(schema.organisation.name, 'Demo: Northland Health Region')).get())!;
  const [demo] = await db.select().from(schema.transfer).where(eq(schema.transfer.organisationId, northland.id));

  // 1. Saves through HTTP.
  const saves = await saveSwotItems(server.url, cookie, demo.id);
  const saved = await db.select({ id: schema.entry.id }).from(schema.entry).where(eq(schema.entry.transferId, demo.id));
  await closeDatabase(db);

  const transferId = await seedLargeTransfer(server.databasePath);
  const planUrl = `${server.url}/workspace/transfers/${transferId}/action-plan/`;
  const check = await fetch(planUrl, { headers: { Cookie: cookie } });
  const planBytes = (await check.arrayBuffer()).byteLength;
  if (check.status !== 200) throw new Error(`plan page answered ${check.status}`);
  const plan = (await autocannon({ url: planUrl, connections: 25, duration, headers: { Cookie: cookie } })) as unknown as Result;
  const home = (await autocannon({ url: `${server.url}/workspace/`, connections: 25, duration, headers: { Cookie: cookie } })) as unknown as Result;
  await server.stop();

  // Everything through the pages: saves, and the plan page rendered on every request.
  const uncachedServer = await startServer({ PORTAL_PAGE_CACHE: 'off', PORTAL_DIRECT_SAVE: 'off' });
  let uncached: Result;
  let pageSaves: Result;
  try {
    const uncachedCookie = await uncachedServer.signIn('editor@demo.example');
    const pagesDb = openDatabase(uncachedServer.databasePath);
    const [pagesDemo] = await pagesDb.select().from(schema.transfer).where(eq(schema.transfer.organisationId, (await pagesDb.select().from(schema.organisation).where(eq(schema.organisation.name, 'Demo: Northland Health Region')).get())!.id));
    await closeDatabase(pagesDb);
    pageSaves = await saveSwotItems(uncachedServer.url, uncachedCookie, pagesDemo.id);
    const uncachedId = await seedLargeTransfer(uncachedServer.databasePath);
    uncached = (await autocannon({ url: `${uncachedServer.url}/workspace/transfers/${uncachedId}/action-plan/`, connections: 25, duration, headers: { Cookie: uncachedCookie } })) as unknown as Result;
  } finally {
    await uncachedServer.stop();
  }

  const row = (name: string, r: Result) =>
    `${name.padEnd(46)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   errors ${r.errors}`;
  console.log(`Transfer workspace, 25 connections, ${duration} s per run`);
  console.log(row('save a SWOT item (POST → 303), as served', saves));
  console.log(`  ${saved.length} items stored; non-2xx responses (the 303 redirects): ${saves.non2xx}`);
  console.log(row('the same save through the page (direct path off)', pageSaves));
  console.log(`  direct path / page: ${(saves.requests.average / pageSaves.requests.average).toFixed(2)}× the saves per second`);
  console.log(row(`action plan of a large transfer (${(planBytes / 1024).toFixed(0)} kB)`, plan));
  console.log(row('workspace home, same run', home));
  console.log(row('the plan page rendered on every request (cache off)', uncached));
  console.log(`saves/s = ${saves.requests.average.toFixed(0)} (goal ≥ 1,000); plan page p99 = ${plan.latency.p99} ms (goal ≤ 100 ms)`);
} finally {
  await server.stop();
}

/** SWOT items saved through the real form post, at 25 connections. */
async function saveSwotItems(url: string, cookie: string, transferId: string): Promise<Result> {
  return (await autocannon({
    url: `${url}/workspace/transfers/${transferId}/swot/`,
    method: 'POST',
    connections: 25,
    duration,
    headers: { Cookie: cookie, Origin: url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'threats', version: '0', 'f.statement': 'Benchmark threat', 'f.evidence': 'Load test', 'f.impact': '3', 'f.stakeholder': 'Hospital' }).toString(),
  })) as unknown as Result;
}

/** A large transfer, filled through the same commands the pages use, in the server's database. */
async function seedLargeTransfer(databasePath: string): Promise<string> {
  const db = openDatabase(databasePath);
  const northland = (await db.select().from(schema.organisation).where(eq(schema.organisation.name, 'Demo: Northland Health Region')).get())!;
  const coordinator = await loadActor(db, (await db.select().from(schema.user).where(eq(schema.user.email, 'coordinator@demo.example')).get())!.id);
  const editor = await loadActor(db, (await db.select().from(schema.user).where(eq(schema.user.email, 'editor@demo.example')).get())!.id);
  const mentor = (await db.select().from(schema.user).where(eq(schema.user.email, 'mentor@demo.example')).get())!;
  const practice = { id: 'shared-care-platform', title: 'The Shared Care Platform', featureIds: ['one-screen-overview', 'shared-care-plan'] };
  const opened = await openTransfer(db, coordinator, { organisationId: northland.id, practiceId: practice.id, mentorIds: [mentor.id], confirmDuplicates: (await transfersOf(db, northland.id, practice.id)).map((t) => t.id) }, [practice], { ip: 'bench' });
  if (!opened.ok) throw new Error('could not open the large transfer');
  const transfer = (await loadTransfer(db, opened.transferId))!;
  const meta = { ip: 'bench' };
  // Link choices are keyed by the target the field names ("<kind>/<section>"), as the pages' are.
  const add = async (template: string, sectionId: string, templateFile: string, values: Record<string, unknown>, links: Record<string, string[]> = {}, grouping = '') => {
    const r = await saveEntry(db, editor, transfer, { template, section: section(templateFile, sectionId), grouping }, { values }, links, meta);
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.entryId;
  };
  const needs: string[] = [];
  for (let i = 0; i < 30; i++) needs.push(await add('needs-scope', 'needs', 'needs-and-scope', { 'need-statement': `Need ${i}: shared information across sectors`, priority: 'High', 'core-features': ['shared-care-plan'] }, { 'core-features': practice.featureIds }));
  const quadrants = ['strengths', 'weaknesses', 'opportunities', 'threats'];
  for (let i = 0; i < 100; i++) await add('swot', 'swot-item', 'swot', { statement: `SWOT item ${i} with some evidence behind it`, impact: String((i % 5) + 1), 'related-needs': [needs[i % 30]] }, { 'needs-scope/needs': needs }, quadrants[i % 4]);
  const objectives: string[] = [];
  for (let i = 0; i < 20; i++) objectives.push(await add('action-plan', 'objectives', 'action-plan', { statement: `Objective ${i}`, measure: 'Share of patients', 'target-date': '2027-12-31', 'linked-needs': [needs[i]] }, { 'needs-scope/needs': needs }));
  for (let i = 0; i < 200; i++) await add('action-plan', 'actions', 'action-plan', { title: `Action ${i}: connect system ${i}`, owner: 'Regional IT office', status: 'In progress', 'percent-done': String(i % 100), start: '2027-01-01', end: '2027-06-30', 'linked-objectives': [objectives[i % 20]] }, { 'action-plan/objectives': objectives });
  for (let i = 0; i < 50; i++) await add('action-plan', 'kpis', 'action-plan', { name: `KPI ${i}`, type: 'Process', 'linked-objectives': [objectives[i % 20]], baseline: '10', target: '80' }, { 'action-plan/objectives': objectives });
  await closeDatabase(db);

  return transfer.id;
}
