/**
 * The review dashboards under load, through the real server: a mentor's cohort (50 transfers) and the programme
 * dashboard (every transfer, with its charts), next to the workspace home page, in the same run, 25 connections.
 * The database gets 200 transfers across 20 adopting organisations, each with review rows in mixed states,
 * 10 actions, 3 objectives, 4 KPIs and a few comments; 50 of them are assigned to mentor@demo.example.
 * Measured twice: as served (rendered once per change of the data, then from the page cache) and from a server
 * with PORTAL_PAGE_CACHE=off (rendered on every request). Goal: p99 ≤ 100 ms on both dashboards.
 *
 *   npm run build && node tests/bench/review-dashboards.ts [seconds per run, default 10]
 */
import autocannon from 'autocannon';
import { eq } from 'drizzle-orm';
import { days } from '../../src/lib/server/clock.ts';
import { closeDatabase, openDatabase, schema, writeTransaction } from '../../src/lib/server/db.ts';
import { contentIds, readFrontmatter, requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

requireBuild();
const duration = Number(process.argv[2] ?? 10);
type Result = { requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };

/** A small seeded generator, so every run measures the same data. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = random(42);
const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)];

for (const cache of ['on', 'off'] as const) await measure(cache);

async function measure(cache: 'on' | 'off') {
  const server = await startServer({ PORTAL_PAGE_CACHE: cache });
  try {
    const db = openDatabase(server.databasePath);
    const userId = async (email: string) => (await db.select({ id: schema.user.id }).from(schema.user).where(eq(schema.user.email, email)).get())!.id;
    const mentor = await userId('mentor@demo.example');
    const otherMentor = await userId('mentor.basque@demo.example');
    const practices = contentIds('practices').map((id) => ({ id, title: String(readFrontmatter('practices', id).title) }));
    const now = Date.now();
    const at = (dayOffset: number) => new Date(now + days(dayOffset)).toISOString();
    const date = (dayOffset: number) => at(dayOffset).slice(0, 10);
    const states = ['submitted', 'changes-requested', 'resubmitted', 'approved'] as const;
    const statuses = ['Not started', 'In progress', 'Done', 'Delayed', 'Cancelled'] as const;

    await writeTransaction(db, async (tx) => {
      const organisations = Array.from({ length: 20 }, (_, i) => ({ id: crypto.randomUUID(), name: `Bench: Adopting region ${String(i + 1).padStart(2, '0')}`, kind: 'next-adopter' as const }));
      await tx.insert(schema.organisation).values(organisations);
      for (let i = 0; i < 200; i++) {
        const organisation = organisations[i % organisations.length];
        const practice = practices[i % practices.length];
        const transferId = crypto.randomUUID();
        await tx.insert(schema.transfer).values({ id: transferId, organisationId: organisation.id, practiceId: practice.id, title: `${organisation.name}: ${practice.title} (${i + 1})` });
        await tx.insert(schema.transferMentor).values({ transferId, userId: i < 50 ? mentor : otherMentor });

        // Stages go in order: a later stage is only under review once the earlier ones were submitted.
        const reached = Math.floor(rand() * 4);
        for (const [s, stage] of (['needs-scope', 'situation', 'action-plan'] as const).slice(0, reached).entries()) {
          const submittedAt = at(-Math.floor(rand() * 30) - 1);
          await tx.insert(schema.stageReview).values({ transferId, stage, state: s < reached - 1 ? 'approved' : pick(states), latestSubmission: 1 + Math.floor(rand() * 3), submittedAt, updatedAt: submittedAt });
        }

        const entry = async (section: string, data: Record<string, unknown>, position: number) => {
          const id = crypto.randomUUID();
          await tx.insert(schema.entry).values({ id, transferId, template: 'action-plan', section, position, data: JSON.stringify(data) });
          return id;
        };
        const objectives: string[] = [];
        for (const k of [0, 1, 2]) objectives.push(await entry('objectives', { statement: `Objective ${k + 1}: more patients with a shared care plan`, measure: 'Share of patients', 'target-date': date(365) }, k));
        for (let k = 0; k < 10; k++) {
          await entry('actions', { title: `Action ${k + 1}`, owner: 'Regional IT office', status: pick(statuses), 'percent-done': String(k * 10), start: date(-120 + k * 10), end: date(-60 + k * 15), 'linked-objectives': [objectives[k % 3]] }, k);
        }
        // The fourth KPI measures the first objective again, so the third stays uncovered in some transfers.
        for (let k = 0; k < 4; k++) await entry('kpis', { name: `KPI ${k + 1}`, type: 'Process', baseline: '10', target: '80', 'linked-objectives': [objectives[k % (rand() < 0.5 ? 2 : 3)]] }, k);

        for (let k = 0; k < 3; k++) {
          const required = rand() < 0.7;
          await tx
            .insert(schema.comment)
            .values({ id: crypto.randomUUID(), transferId, stage: 'action-plan', authorId: i < 50 ? mentor : otherMentor, body: 'Please give a baseline for this KPI.', required, status: required ? pick(['open', 'addressed'] as const) : null, createdAt: at(-k) });
        }
      }
    });
    await closeDatabase(db);

    const cookies = { mentor: await server.signIn('mentor@demo.example'), coordinator: await server.signIn('coordinator@demo.example'), editor: await server.signIn('editor@demo.example') };
    const targets = [
      { name: "mentor's cohort (53 transfers)", url: `${server.url}/workspace/cohort/`, cookie: cookies.mentor, rows: 53 },
      { name: 'programme dashboard (203 transfers)', url: `${server.url}/workspace/programme/`, cookie: cookies.coordinator, rows: 203 },
      { name: 'workspace home, same run', url: `${server.url}/workspace/`, cookie: cookies.editor, rows: 0 },
    ];
    const sizes: number[] = [];
    for (const t of targets) {
      const res = await fetch(t.url, { headers: { Cookie: t.cookie } });
      const html = await res.text();
      if (res.status !== 200) throw new Error(`${t.url} answered ${res.status}`);
      // The 200 seeded transfers plus the 3 demo ones, each a table row: the page shows what was measured.
      const rows = html.match(/<tr data-transfer=/g)?.length ?? 0;
      if (rows !== t.rows) throw new Error(`${t.url} shows ${rows} transfers, expected ${t.rows}`);
      sizes.push(html.length);
    }

    const results: Result[] = [];
    for (const t of targets) results.push((await autocannon({ url: t.url, connections: 25, duration, headers: { Cookie: t.cookie } })) as unknown as Result);

    const row = (name: string, bytes: number, r: Result) =>
      `${`${name} (${(bytes / 1024).toFixed(0)} kB)`.padEnd(50)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   non-2xx ${r.non2xx}  errors ${r.errors}`;
    console.log(`Review dashboards, page cache ${cache}, 25 connections, ${duration} s per run`);
    targets.forEach((t, i) => console.log(row(t.name, sizes[i], results[i])));
    const worst = Math.max(results[0].latency.p99, results[1].latency.p99);
    console.log(`dashboards p99 = ${results[0].latency.p99} ms (cohort), ${results[1].latency.p99} ms (programme); goal ≤ 100 ms: ${worst <= 100 ? 'met' : 'NOT met'}`);
  } finally {
    await server.stop();
  }
}
