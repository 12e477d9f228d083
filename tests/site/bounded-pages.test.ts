/**
 * Pages stay bounded whatever a transfer holds, through the real server: an action over centuries (the tester's
 * 0001-01-01 → 9999-12-31 made the action plan 17.4 MB), and a plan at the record limit, exported as a stream.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsPerSection } from '../../src/lib/server/transfers/entry-schema.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { demoTransferId, serverDb } from '../support/server-db.ts';
import { closeDatabase, rawRows, rawRun, type Db } from '../../src/lib/server/db.ts';

describe('bounded pages', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cookie: string;
  let transferId: string;
  let db: Db | undefined;
  beforeAll(async () => {
    requireBuild();
    server = await startServer();
    cookie = await server.signIn('editor@demo.example');
    db = serverDb(server);
    transferId = await demoTransferId(server);
  });
  afterAll(async () => {
    if (db) await closeDatabase(db);
    await server?.stop();
  });

  const page = async (path: string) => {
    const res = await fetch(`${server.url}/workspace/transfers/${transferId}/${path}`, { headers: { Cookie: cookie } });
    // Decoded with a byte-order mark kept (res.text() would drop it), so the CSV's can be checked.
    return { status: res.status, type: res.headers.get('content-type'), text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer()) };
  };
  const svgOf = (html: string) => /<svg[^>]*aria-labelledby="timeline-wide-title"[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
  /** Records put straight into the database, as saves made before dates and counts were checked left them. */
  const insert = (section: string, data: object, position: number) =>
    rawRun(db!, sql`insert into entry (id, transfer_id, template, section, position, data, updated_at) values (${crypto.randomUUID()}, ${transferId}, 'action-plan', ${section}, ${position}, ${JSON.stringify(data)}, '2027-01-01T00:00:00.000Z')`);
  const bump = () => rawRun(db!, sql`update transfer set revision = revision + 1 where id = ${transferId}`);
  const count = async (query: SQL) => (await rawRows<{ n: number }>(db!, query))[0].n;

  it('refuses an action over millennia, and draws one over the two centuries it accepts, or one stored before, in a few kB', async () => {
    const before = svgOf((await page('action-plan/')).text).length;
    const save = async (start: string, end: string) =>
      fetch(`${server.url}/workspace/transfers/${transferId}/action-plan/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'save', section: 'actions', grouping: '', version: '0', 'f.title': 'Forever', 'f.owner': 'Region', 'f.status': 'In progress', 'f.start': start, 'f.end': end }),
      });
    const refused = await save('0001-01-01', '9999-12-31');
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Start: not a real date between 1900 and 2100');
    expect((await save('1900-01-01', '2100-12-31')).status).toBe(303);
    await insert('actions', { title: 'Stored before dates were checked', owner: 'Region', status: 'Done', start: '0001-01-01', end: '9999-12-31' }, 999);
    await bump();
    const started = performance.now();
    const { status, text } = await page('action-plan/');
    const ms = performance.now() - started;
    const svg = svgOf(text);
    console.log(`action plan with a 1900–2100 action and a stored 0001–9999 one: ${(text.length / 1024).toFixed(1)} kB, timeline ${(svg.length / 1024).toFixed(1)} kB (${svg.split('<line').length - 1} tick lines), ${ms.toFixed(0)} ms`);
    expect(status).toBe(200);
    expect(svg.split('<line').length - 1).toBeLessThanOrEqual(18);
    expect(svg.length).toBeLessThan(before + 4_000);
    expect(text.length).toBeLessThan(400_000);
  });

  it(`exports a plan at the limit (${recordsPerSection} actions) as a streamed CSV with every record, and prints it bounded`, async () => {
    const have = await count(sql`select count(*) as n from entry where transfer_id = ${transferId} and template = 'action-plan' and section = 'actions'`);
    for (let i = have; i < recordsPerSection * 3; i++) await insert('actions', { title: `Bulk action ${i}`, owner: 'Region', status: 'Not started' }, 1000 + i);
    await bump();
    const csv = await page('export.csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.text.startsWith('\uFEFF"template","section",')).toBe(true);
    const plan = await count(sql`select count(*) as n from entry where transfer_id = ${transferId} and template = 'action-plan'`);
    expect(csv.text.split('\r\n').length - 2).toBe(plan);
    const print = await page('print/');
    expect(print.status).toBe(200);
    expect(print.text).toContain(`${recordsPerSection * 3} items are recorded here; the first ${recordsPerSection} of each list are printed.`);
    const list = await page('action-plan/?all=actions#actions');
    expect(list.text).toContain(`This list holds ${recordsPerSection * 3} items`);
    expect((list.text.match(/<li id="entry-/g) ?? []).length).toBeLessThanOrEqual(recordsPerSection + 50);
  });
});
