/**
 * A mixed load through the real server, 100 connections: about 70 % page reads (the action plan of a large
 * transfer, the SWOT page saves land on, the print view), 20 % saves (a SWOT item added through the real form post)
 * and 10 % other (the sign-in page, the workspace home). In the same run, the baseline: the same reads and other
 * pages in the same proportions, without saves, so what saves cost the readers shows as the difference.
 * Saves are spread over many transfers, so no section reaches the 200 records it may hold during the run.
 *
 *   npm run build && npm run bench:mixed [-- --duration 20]
 */
import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { closeDatabase, openDatabase, schema } from '../../src/lib/server/db.ts';
import { openTransfer, saveEntry, transfersOf } from '../../src/lib/server/transfers/commands.ts';
import { recordsPerSection } from '../../src/lib/server/transfers/entry-schema.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { readFrontmatter, requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

requireBuild();
const arg = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const duration = arg('duration', 20);
const connections = arg('connections', 100);
const saveTransfers = arg('transfers', 60);

type Kind = 'read' | 'save' | 'other';
type Result = { requests: { average: number; total: number }; latency: { p50: number; p90: number; p99: number }; errors: number; timeouts: number };
const section = (template: string, id: string) => templateSchema.parse(readFrontmatter('templates', template)).sections.find((s) => s.id === id)!;

const server = await startServer();
// What each run draws from: set once the server is seeded.
let cookie = '';
let reads: string[] = [];
let saveTargets: string[] = [];
const others = ['/sign-in/', '/workspace/'];
try {
  cookie = await server.signIn('editor@demo.example');
  const seeded = await seed(server.databasePath);
  saveTargets = seeded.saveTargets;
  const planTransfer = seeded.planTransfer;
  reads = [`/workspace/transfers/${planTransfer}/action-plan/`, `/workspace/transfers/${planTransfer}/print/`, ...saveTargets.slice(0, 5).map((id) => `/workspace/transfers/${id}/swot/`)];
  for (const path of [...reads, ...others]) {
    const r = await fetch(server.url + path, { headers: { Cookie: cookie } });
    if (r.status !== 200) throw new Error(`${path} answered ${r.status}`);
    await r.arrayBuffer();
  }

  const baseline = await run({ read: 70, save: 0, other: 10 });
  const mixed = await run({ read: 70, save: 20, other: 10 });
  const db = openDatabase(server.databasePath);
  const stored = (await db.select({ id: schema.entry.id }).from(schema.entry).where(eq(schema.entry.section, 'swot-item'))).length;
  await closeDatabase(db);

  const row = (name: string, r: Awaited<ReturnType<typeof run>>) =>
    `${name.padEnd(34)} ${r.result.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.result.latency.p50).padStart(4)} ms   p90 ${String(r.result.latency.p90).padStart(4)} ms   p99 ${String(r.result.latency.p99).padStart(4)} ms   errors ${r.result.errors + r.result.timeouts + r.failed}   (${Object.entries(r.sent).map(([k, n]) => `${k} ${n}`).join(', ')})`;
  console.log(`Mixed load, ${connections} connections, ${duration} s per run`);
  console.log(row('baseline: reads and other only', baseline));
  console.log(row('70 % reads, 20 % saves, 10 % other', mixed));
  console.log(`  errors: connection errors, timeouts and answers other than 200 (reads) or 303 (saves); ${stored} SWOT items stored`);
} finally {
  await server.stop();
}

/** One autocannon run where each request is drawn at random from the mix (weights out of 100). */
async function run(weights: Record<Kind, number>) {
  const total = weights.read + weights.save + weights.other;
  const sent: Record<Kind, number> = { read: 0, save: 0, other: 0 };
  let failed = 0;
  let n = 0;
  const pick = <T>(list: T[]) => list[Math.floor(Math.random() * list.length)];
  const result = (await autocannon({
    url: server.url,
    connections,
    duration,
    headers: { Cookie: cookie },
    requests: [
      {
        setupRequest: (req: autocannon.Request) => {
          const draw = Math.random() * total;
          const kind: Kind = draw < weights.read ? 'read' : draw < weights.read + weights.save ? 'save' : 'other';
          sent[kind]++;
          if (kind !== 'save') return { ...req, method: 'GET' as const, path: kind === 'read' ? pick(reads) : pick(others), body: undefined };
          // Round-robin over the transfers, so each section fills evenly and stays under its limit.
          const transferId = saveTargets[n++ % saveTargets.length];
          const body = new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: pick(['strengths', 'weaknesses', 'opportunities', 'threats']), version: '0', 'f.statement': 'Benchmark item', 'f.impact': '3' }).toString();
          return { ...req, method: 'POST' as const, path: `/workspace/transfers/${transferId}/swot/`, body, headers: { ...req.headers, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' } };
        },
        onResponse: (status: number) => {
          if (status !== 200 && status !== 303) failed++;
        },
      },
    ],
  })) as unknown as Result;
  return { result, sent, failed };
}

/** A large transfer to read (as tests/bench/transfer-plan.ts seeds it, smaller), and transfers for the saves to go to. */
async function seed(databasePath: string) {
  const db = openDatabase(databasePath);
  const user = async (email: string) => (await db.select().from(schema.user).where(eq(schema.user.email, email)).get())!;
  const northland = (await db.select().from(schema.organisation).where(eq(schema.organisation.name, 'Demo: Northland Health Region')).get())!;
  const coordinator = await loadActor(db, (await user('coordinator@demo.example')).id);
  const editor = await loadActor(db, (await user('editor@demo.example')).id);
  const mentor = await user('mentor@demo.example');
  const practice = { id: 'shared-care-platform', title: 'The Shared Care Platform', featureIds: ['one-screen-overview', 'shared-care-plan'] };
  const meta = { ip: 'bench' };
  const open = async () => {
    const opened = await openTransfer(db, coordinator, { organisationId: northland.id, practiceId: practice.id, mentorIds: [mentor.id], confirmDuplicates: (await transfersOf(db, northland.id, practice.id)).map((t) => t.id) }, [practice], meta);
    if (!opened.ok) throw new Error('could not open a transfer');
    return (await loadTransfer(db, opened.transferId))!;
  };
  const plan = await open();
  const add = async (sectionId: string, values: Record<string, unknown>, links: Record<string, string[]> = {}) => {
    const r = await saveEntry(db, editor, plan, { template: 'action-plan', section: section('action-plan', sectionId) }, { values }, links, meta);
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.entryId;
  };
  const objectives: string[] = [];
  for (let i = 0; i < 20; i++) objectives.push(await add('objectives', { statement: `Objective ${i}`, measure: 'Share of patients', 'target-date': '2027-12-31' }));
  for (let i = 0; i < 100; i++) await add('actions', { title: `Action ${i}: connect system ${i}`, owner: 'Regional IT office', status: 'In progress', 'percent-done': String(i % 100), start: '2027-01-01', end: '2027-06-30', 'linked-objectives': [objectives[i % 20]] }, { 'action-plan/objectives': objectives });
  const saveTargets: string[] = [];
  for (let i = 0; i < saveTransfers; i++) saveTargets.push((await open()).id);
  await closeDatabase(db);
  console.log(`Seeded: a plan of 20 objectives and 100 actions; ${saveTransfers} transfers for saves (room for ${saveTransfers * recordsPerSection} SWOT items)`);
  return { planTransfer: plan.id, saveTargets };
}
