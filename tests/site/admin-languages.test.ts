/**
 * Administration, the audit log, the print view and the exports in the reader's language, as the server answers
 * them: a Catalan coordinator reads the audit log (headings, what happened, the CSV's header) in Catalan; a German
 * editor prints the plan with German headings around what the team wrote, marked as the transfer's language.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { withServerDb } from '../support/server-db.ts';
import { rawRows, rawRun } from '../../src/lib/server/db.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let coordinator = '';
let editor = '';
let transferId = '';
let organisationId = '';

const get = (path: string, cookie: string) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: cookie } });
const post = (path: string, body: Record<string, string>, cookie: string) =>
  fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  await withServerDb(server, async (db) => {
    await rawRun(db, sql`update "user" set locale = 'ca' where email = 'coordinator@demo.example'`);
    await rawRun(db, sql`update "user" set locale = 'de' where email = 'editor@demo.example'`);
    const [row] = await rawRows<{ transferId: string; organisationId: string }>(db, sql`select t.id as "transferId", o.id as "organisationId" from transfer t join organisation o on o.id = t.organisation_id where o.name = 'Demo: Northland Health Region'`);
    ({ transferId, organisationId } = row);
    // A need the team wrote (in English, the transfer's working language).
    await rawRun(db, sql`insert into entry (id, transfer_id, template, section, grouping, position, data, updated_at) values (${crypto.randomUUID()}, ${transferId}, 'needs-scope', 'needs', '', 1, ${JSON.stringify({ 'need-statement': 'Shared care plans seen by every professional', priority: 'High' })}, ${new Date().toISOString()})`);
  });
  coordinator = await server.signIn('coordinator@demo.example');
  editor = await server.signIn('editor@demo.example');
}, 60_000);
afterAll(async () => server?.stop());

describe('the audit log of a Catalan coordinator', () => {
  it('has Catalan headings and says in Catalan what an action did', async () => {
    const renamed = await post('/admin/organisations/', { intent: 'rename', organisationId, name: 'Demo: Northland Health Region (NHR)' }, coordinator);
    expect(renamed.status).toBe(303);
    const html = await (await get('/admin/audit/', coordinator)).text();
    expect(html).toContain('<html lang="ca"');
    expect(html).toMatch(/<h1[^>]*>Registre d(’|'|&#39;)auditoria<\/h1>/);
    expect(html).toMatch(/<th scope="col">Quan<\/th><th scope="col">Qui<\/th><th scope="col">Què<\/th><th scope="col">Resultat<\/th>/);
    expect(html).toContain('Reanomenada de «Demo: Northland Health Region» a «Demo: Northland Health Region (NHR)».');
    expect(html).not.toContain('Renamed from');
    expect(html).not.toContain('>Audit log<');
  });

  it('gives the CSV a header in Catalan, and the cells under it as stored', async () => {
    const csv = await (await get('/admin/audit.csv', coordinator)).text();
    const [header, first] = csv.replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe('"identificador","hora (UTC)","persona","identificador de la persona","acció","resultat","objecte","identificador de l\'objecte","des de (IP)","què ha passat","detall (JSON)"');
    expect(first).toContain('"organisation.rename","success"');
  });

  it('says a validation message of the organisations page in Catalan', async () => {
    const res = await post('/admin/organisations/', { intent: 'create', name: 'x', kind: 'next-adopter' }, coordinator);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Doneu a l(&#39;|')organització un nom d(&#39;|')almenys 2 caràcters\./);
  });
});

describe('the print view of a German editor', () => {
  it('has German headings, and marks what the team wrote with the transfer’s working language', async () => {
    const html = await (await get(`/workspace/transfers/${transferId}/print/`, editor)).text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain('<h2>Kernmerkmale</h2>');
    expect(html).toMatch(/<th scope="col">Kernmerkmal<\/th><th scope="col">Entscheidung<\/th><th scope="col">Wie oder warum<\/th>/);
    expect(html).toContain('Rückverfolgbarkeit');
    expect(html).toContain('<dd lang="en">Shared care plans seen by every professional</dd>');
    expect(html).not.toContain('How or why');
  });
});
