/**
 * Authenticated workspace home under load: `autocannon -c 25` against the production server (session check,
 * memberships query, render), next to a plain node:http server returning the same bytes, in the same run.
 * Goal: p99 ≤ 50 ms and ≥ 20 % of the plain server's throughput.
 *
 *   npm run build && node tests/bench/workspace-home.ts [seconds per run, default 10]
 */
import autocannon from 'autocannon';
import { createServer } from 'node:http';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

requireBuild();
const duration = Number(process.argv[2] ?? 10);
const run = (url: string, headers: Record<string, string> = {}) =>
  autocannon({ url, connections: 25, duration, headers }) as Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number }>;

const server = await startServer();
try {
  const cookie = await server.signIn('editor@demo.example');
  const page = await fetch(`${server.url}/workspace/`, { headers: { Cookie: cookie } });
  if (page.status !== 200) throw new Error(`workspace home answered ${page.status}`);
  const body = Buffer.from(await page.arrayBuffer());
  const headers = Object.fromEntries(page.headers);

  const plain = createServer((_, res) => res.writeHead(200, headers).end(body));
  await new Promise<void>((ok) => plain.listen(0, '127.0.0.1', ok));
  const plainUrl = `http://127.0.0.1:${(plain.address() as { port: number }).port}/workspace/`;

  const baseline = await run(plainUrl);
  const portal = await run(`${server.url}/workspace/`, { Cookie: cookie });
  plain.close();

  const row = (name: string, r: Awaited<ReturnType<typeof run>>) =>
    `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   non-2xx ${r.non2xx}  errors ${r.errors}`;
  console.log(`Workspace home (${body.length} bytes), 25 connections, ${duration} s each`);
  console.log(row('plain node:http, same bytes', baseline));
  console.log(row('portal, signed in as an editor', portal));
  console.log(`throughput ratio portal/plain = ${((portal.requests.average / baseline.requests.average) * 100).toFixed(1)} %  (goal ≥ 20 %)`);
  console.log(`portal p99 = ${portal.latency.p99} ms  (goal ≤ 50 ms)`);
} finally {
  await server.stop();
}
