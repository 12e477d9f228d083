/**
 * What a large PDF costs everyone else, through the real server: while the PDF of a large transfer (800 SWOT items,
 * 200 actions with their timeline, 50 KPIs, 20 objectives, 30 needs) is made, a small static file is asked for
 * again and again; the slowest of those answers is how long any request waits behind the PDF.
 * Goal: the slowest answer under 200 ms (pdfmake lays the PDF out in a worker thread, print/pdf-renderer.ts).
 *
 *   npm run build && node tests/bench/pdf-stall.ts
 */
import { eq } from 'drizzle-orm';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { closeDatabase, openDatabase, schema } from '../../src/lib/server/db.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { readFrontmatter, requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

requireBuild();
const section = (template: string, id: string) => templateSchema.parse(readFrontmatter('templates', template)).sections.find((s) => s.id === id)!;

const server = await startServer();
try {
  const cookie = await server.signIn('coordinator@demo.example');
  const transferId = await seedLargeTransfer(server.databasePath);
  const pdfUrl = `${server.url}/workspace/transfers/${transferId}/transfer.pdf`;
  /** Asks for a small file every 10 ms until `work` ends: how many answers, and the slowest. */
  const probeWhile = async <T>(work: Promise<T>) => {
    let slowest = 0;
    let probes = 0;
    let done = false;
    void work.finally(() => (done = true));
    while (!done) {
      const t = performance.now();
      await fetch(`${server.url}/robots.txt`).then((r) => r.arrayBuffer());
      slowest = Math.max(slowest, performance.now() - t);
      probes++;
      await new Promise((r) => setTimeout(r, 10));
    }
    return { slowest, probes, result: await work };
  };
  const idle = await probeWhile(new Promise((r) => setTimeout(r, 2000)));
  console.log(`No PDF: slowest of ${idle.probes} requests in 2 s: ${Math.round(idle.slowest)} ms (the machine's own noise)`);
  for (let round = 1; round <= 3; round++) {
    const started = performance.now();
    const pdf = fetch(pdfUrl, { headers: { Cookie: cookie } }).then(async (r) => ({ status: r.status, bytes: (await r.arrayBuffer()).byteLength, ms: performance.now() - started }));
    const { slowest, probes, result } = await probeWhile(pdf);
    console.log(`PDF ${round}: ${result.status}, ${Math.round(result.bytes / 1024)} KiB in ${(result.ms / 1000).toFixed(1)} s; slowest of ${probes} other requests meanwhile: ${Math.round(slowest)} ms`);
  }
} finally {
  await server.stop();
}

async function seedLargeTransfer(databasePath: string): Promise<string> {
  const db = openDatabase(databasePath);
  const northland = (await db.select().from(schema.organisation).where(eq(schema.organisation.name, 'Demo: Northland Health Region')).get())!;
  const coordinator = await loadActor(db, (await db.select().from(schema.user).where(eq(schema.user.email, 'coordinator@demo.example')).get())!.id);
  const editor = await loadActor(db, (await db.select().from(schema.user).where(eq(schema.user.email, 'editor@demo.example')).get())!.id);
  const mentor = (await db.select().from(schema.user).where(eq(schema.user.email, 'mentor@demo.example')).get())!;
  const practice = { id: 'shared-care-platform', title: 'The Shared Care Platform', featureIds: ['one-screen-overview', 'shared-care-plan'] };
  const opened = await openTransfer(db, coordinator, { organisationId: northland.id, practiceId: practice.id, mentorIds: [mentor.id] }, [practice], { ip: 'bench' });
  if (!opened.ok) throw new Error('could not open the large transfer');
  const transfer = (await loadTransfer(db, opened.transferId))!;
  const add = async (template: string, sectionId: string, templateFile: string, values: Record<string, unknown>, links: Record<string, string[]> = {}, grouping = '') => {
    const r = await saveEntry(db, editor, transfer, { template, section: section(templateFile, sectionId), grouping }, { values }, links, { ip: 'bench' });
    if (!r.ok) throw new Error(JSON.stringify(r));
    return r.entryId;
  };
  const needs: string[] = [];
  for (let i = 0; i < 30; i++) needs.push(await add('needs-scope', 'needs', 'needs-and-scope', { 'need-statement': `Need ${i}: shared information across sectors`, priority: 'High', 'core-features': ['shared-care-plan'] }, { 'core-features': practice.featureIds }));
  const quadrants = ['strengths', 'weaknesses', 'opportunities', 'threats'];
  // 200 per quadrant, written directly: a save stops at 200 SWOT items, transfers from before that limit hold more.
  for (let i = 0; i < 800; i++) {
    const data = { statement: `SWOT item ${i} with some evidence behind it, as the team wrote it down after the workshop`, impact: String((i % 5) + 1), 'related-needs': [needs[i % 30]] };
    await db.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: transfer.id, template: 'swot', section: 'swot-item', grouping: quadrants[i % 4]!, position: i + 1, data: JSON.stringify(data), createdBy: editor.userId, updatedBy: editor.userId });
  }
  const objectives: string[] = [];
  for (let i = 0; i < 20; i++) objectives.push(await add('action-plan', 'objectives', 'action-plan', { statement: `Objective ${i}`, measure: 'Share of patients', 'target-date': '2027-12-31', 'linked-needs': [needs[i]] }, { 'needs-scope/needs': needs }));
  for (let i = 0; i < 200; i++) await add('action-plan', 'actions', 'action-plan', { title: `Action ${i}: connect system ${i}`, owner: 'Regional IT office', status: 'In progress', 'percent-done': String(i % 100), start: '2027-01-01', end: '2027-06-30', 'linked-objectives': [objectives[i % 20]] }, { 'action-plan/objectives': objectives });
  for (let i = 0; i < 50; i++) await add('action-plan', 'kpis', 'action-plan', { name: `KPI ${i}`, type: 'Process', 'linked-objectives': [objectives[i % 20]], baseline: '10', target: '80' }, { 'action-plan/objectives': objectives });
  await closeDatabase(db);
  return transfer.id;
}
