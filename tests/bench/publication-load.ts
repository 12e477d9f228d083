/**
 * Requests while the public site is rebuilt: the publication job builds in a child process at low priority, and
 * this measures what that costs everyone else. The workspace home (rendered on demand, signed in) and a static
 * practice page under `autocannon -c 25`, first with the server idle (baseline), then while a rebuild runs, in the
 * same run and on the same server. Figures: req/s and p99 of each, and the ratio.
 *
 *   npm run build && node tests/bench/publication-load.ts [seconds per run, default 8]
 */
import autocannon from 'autocannon';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

requireBuild();
const duration = Number(process.argv[2] ?? 8);
type Figures = { requests: { average: number }; latency: { p99: number }; non2xx: number; errors: number };
const run = (url: string, headers: Record<string, string> = {}) => autocannon({ url, connections: 25, duration, headers }) as Promise<Figures>;
const line = (name: string, f: Figures) => `${name.padEnd(44)} ${f.requests.average.toFixed(0).padStart(6)} req/s  p99 ${String(f.latency.p99).padStart(4)} ms  non-2xx ${f.non2xx}  errors ${f.errors}`;

const server = await startServer({ PORTAL_PUBLICATION: 'on' });
try {
  const editor = await server.signIn('editor@demo.example');
  const coordinator = await server.signIn('coordinator@demo.example');
  const home = `${server.url}/workspace/`;
  const practice = `${server.url}/practices/shared-care-platform/`;
  const idle = { home: await run(home, { Cookie: editor }), practice: await run(practice) };

  const asked = await fetch(`${server.url}/admin/publication/`, { method: 'POST', redirect: 'manual', headers: { Cookie: coordinator, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  if (asked.status !== 303) throw new Error(`rebuild request answered ${asked.status}`);
  // Let the build get going (Astro's start-up, then rendering and indexing) before measuring.
  await new Promise((ok) => setTimeout(ok, 1500));
  const building = { home: await run(home, { Cookie: editor }), practice: await run(practice) };
  const log = server.output().split('\n').filter((l) => l.startsWith('publication:'));
  const stillBuilding = !log.some((l) => /swapped in|failed/.test(l));

  console.log(`Requests while the public site is rebuilt (25 connections, ${duration} s each, same server):`);
  console.log(line('workspace home, idle', idle.home));
  console.log(line('workspace home, during a rebuild', building.home));
  console.log(line('static practice page, idle', idle.practice));
  console.log(line('static practice page, during a rebuild', building.practice));
  const ratio = (a: Figures, b: Figures) => (b.requests.average / a.requests.average).toFixed(2);
  console.log(`during / idle throughput: home ×${ratio(idle.home, building.home)}, practice page ×${ratio(idle.practice, building.practice)}`);
  console.log(stillBuilding ? 'the rebuild was still running at the end of the second measurement' : `the rebuild ended during the measurement: ${log.join(' | ')}`);
} finally {
  await server.stop();
}
