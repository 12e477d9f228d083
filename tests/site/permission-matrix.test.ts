/**
 * Every on-demand route, found from the route files themselves, requested by every kind of actor against the
 * real server. A new route file without a row here fails the suite, so no route escapes the matrix.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../db/seed.ts';
import { listFiles, requireBuild, root } from '../support/site.ts';
import { startServer } from '../support/server.ts';

const actors = ['anonymous', 'viewer', 'editor', 'mentor', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const;
type ActorName = (typeof actors)[number];
const emails: Record<Exclude<ActorName, 'anonymous'>, string> = {
  viewer: 'viewer@demo.example',
  editor: 'editor@demo.example',
  mentor: 'mentor@demo.example',
  unassignedMentor: 'mentor.basque@demo.example',
  coordinator: 'coordinator@demo.example',
  otherOrganisationEditor: 'editor.lakeside@demo.example',
};

const signedIn = (status: number) => ({ anonymous: 303, viewer: status, editor: status, mentor: status, unassignedMentor: status, coordinator: status, otherOrganisationEditor: status });
const everyone = (status: number) => ({ anonymous: status, viewer: status, editor: status, mentor: status, unassignedMentor: status, coordinator: status, otherOrganisationEditor: status });
const coordinatorsOnly = { anonymous: 303, viewer: 403, editor: 403, mentor: 403, unassignedMentor: 403, coordinator: 200, otherOrganisationEditor: 403 };
/** A transfer of the viewer's and editor's organisation, mentored by "mentor": nobody else may know it exists. */
const transferReaders = { anonymous: 303, viewer: 200, editor: 200, mentor: 200, unassignedMentor: 404, coordinator: 200, otherOrganisationEditor: 404 };
const transferWriters = { anonymous: 303, viewer: 403, editor: 200, mentor: 403, unassignedMentor: 404, coordinator: 403, otherOrganisationEditor: 404 };

const T = '{transfer}';
const E = '{entry}';
/** Route file → the URL to request and the GET status each actor gets. */
const matrix: Record<string, { url: string; get: Record<ActorName, number> }> = {
  'workspace/not-found.astro': { url: '/workspace/not-found/', get: signedIn(404) },
  'workspace/resume/[id].astro': { url: '/workspace/resume/00000000-0000-0000-0000-000000000000/', get: signedIn(410) },
  'workspace/transfers/index.astro': { url: '/workspace/transfers/', get: signedIn(200) },
  'workspace/transfers/[id]/index.astro': { url: `/workspace/transfers/${T}/`, get: transferReaders },
  'workspace/transfers/[id]/[template].astro': { url: `/workspace/transfers/${T}/swot/`, get: transferReaders },
  'workspace/transfers/[id]/entries/[entryId].astro': { url: `/workspace/transfers/${T}/entries/${E}/`, get: transferWriters },
  'workspace/transfers/[id]/trace.astro': { url: `/workspace/transfers/${T}/trace/`, get: transferReaders },
  'workspace/transfers/[id]/print.astro': { url: `/workspace/transfers/${T}/print/`, get: transferReaders },
  'workspace/transfers/[id]/export.json.ts': { url: `/workspace/transfers/${T}/export.json`, get: transferReaders },
  'workspace/transfers/[id]/export.csv.ts': { url: `/workspace/transfers/${T}/export.csv`, get: transferReaders },
  'workspace/transfers/[id]/review/index.astro': { url: `/workspace/transfers/${T}/review/`, get: transferReaders },
  'workspace/transfers/[id]/review/[stage].astro': { url: `/workspace/transfers/${T}/review/situation/`, get: transferReaders },
  'workspace/notifications.astro': { url: '/workspace/notifications/', get: signedIn(200) },
  'workspace/cohort.astro': { url: '/workspace/cohort/', get: { ...signedIn(403), mentor: 200, unassignedMentor: 200 } },
  'workspace/programme.astro': { url: '/workspace/programme/', get: coordinatorsOnly },
  'sign-in.astro': { url: '/sign-in/', get: { ...signedIn(303), anonymous: 200 } },
  'sign-out.ts': { url: '/sign-out/', get: everyone(405) },
  'forgot-password.astro': { url: '/forgot-password/', get: everyone(200) },
  'reset-password/[token].astro': { url: '/reset-password/00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa/', get: everyone(410) },
  'invitations/[token].astro': { url: '/invitations/00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa/', get: everyone(410) },
  'forbidden.astro': { url: '/forbidden/', get: everyone(403) },
  'workspace/index.astro': { url: '/workspace/', get: signedIn(200) },
  'workspace/account.astro': { url: '/workspace/account/', get: signedIn(200) },
  'workspace/account/two-factor.astro': { url: '/workspace/account/two-factor/', get: signedIn(200) },
  // Without a session waiting for its code there is nothing to ask: everyone is sent on.
  'sign-in/passkey-options.ts': { url: '/sign-in/passkey-options', get: everyone(405) },
  'workspace/account/passkey-options.ts': { url: '/workspace/account/passkey-options', get: { ...signedIn(405) } },
  'sign-in/second-factor.astro': { url: '/sign-in/second-factor/', get: everyone(303) },
  'admin/index.astro': { url: '/admin/', get: coordinatorsOnly },
  'admin/users.astro': { url: '/admin/users/', get: coordinatorsOnly },
  'admin/invitations.astro': { url: '/admin/invitations/', get: coordinatorsOnly },
  'admin/outbox.astro': { url: '/admin/outbox/', get: coordinatorsOnly },
  'admin/audit.astro': { url: '/admin/audit/', get: coordinatorsOnly },
};

const onDemandRoutes = listFiles(join(root, 'src/pages'))
  .filter((f) => /\.(astro|ts)$/.test(f) && /export const prerender = false/.test(readFileSync(f, 'utf8')))
  .map((f) => relative(join(root, 'src/pages'), f))
  .sort();

let server: Awaited<ReturnType<typeof startServer>>;
const cookies: Partial<Record<ActorName, string>> = {};

let transferId = '';
let entryId = '';

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  for (const [actor, email] of Object.entries(emails)) cookies[actor as ActorName] = await server.signIn(email);
  const db = new Database(server.databasePath, { readonly: true });
  transferId = (db.prepare("select t.id from transfer t join organisation o on o.id = t.organisation_id where o.name = 'Demo: Northland Health Region'").get() as { id: string }).id;
  db.close();
  // One SWOT item, written by the editor through the real form, to have a record URL.
  const res = await fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookies.editor!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'strengths', version: '0', 'f.statement': 'Matrix item', 'f.impact': '3' }),
  });
  expect(res.status).toBe(303);
  const db2 = new Database(server.databasePath, { readonly: true });
  entryId = (db2.prepare('select id from entry where transfer_id = ? limit 1').get(transferId) as { id: string }).id;
  db2.close();
}, 60_000);
afterAll(async () => server?.stop());

describe('the permission matrix', () => {
  it('has a row for every on-demand route file, and no row for a route that does not exist', () => {
    expect(onDemandRoutes.length).toBeGreaterThan(0);
    expect(onDemandRoutes).toEqual(Object.keys(matrix).sort());
    expect(demoUsers.map((u) => u.email).sort()).toEqual(Object.values(emails).sort());
  });

  for (const [file, row] of Object.entries(matrix)) {
    it(`${file}: GET gives each actor the expected status`, async () => {
      const got: Record<string, number> = {};
      for (const actor of actors) {
        const url = row.url.replace(T, transferId).replace(E, entryId);
        const res = await fetch(`${server.url}${url}`, { redirect: 'manual', headers: cookies[actor] ? { Cookie: cookies[actor]! } : {} });
        got[actor] = res.status;
        if (res.status === 303 && actor === 'anonymous' && row.get.anonymous === 303) expect(res.headers.get('location')).toMatch(/^\/sign-in\/\?next=/);
      }
      expect(got).toEqual(row.get);
    });
  }

  it('refuses administration POSTs from everyone but coordinators, changing nothing', async () => {
    for (const actor of ['viewer', 'editor', 'mentor', 'unassignedMentor', 'otherOrganisationEditor'] as const) {
      const res = await fetch(`${server.url}/admin/invitations/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookies[actor]!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'invite', email: `sneaky-${actor}@example.org`, organisationId: 'x', role: 'editor' }),
      });
      expect(res.status, actor).toBe(403);
    }
    const page = await (await fetch(`${server.url}/admin/invitations/`, { headers: { Cookie: cookies.coordinator! } })).text();
    expect(page).not.toContain('sneaky-');
  });

  it('lets only the adopting organisation’s editors write a transfer, changing nothing otherwise', async () => {
    for (const actor of ['viewer', 'mentor', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const) {
      const res = await fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookies[actor]!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'threats', version: '0', 'f.statement': `Written by ${actor}`, 'f.impact': '1' }),
      });
      expect(res.status, actor).toBe(['unassignedMentor', 'otherOrganisationEditor'].includes(actor) ? 404 : 403);
    }
    const page = await (await fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, { headers: { Cookie: cookies.editor! } })).text();
    expect(page).not.toContain('Written by');
  });

  it('lets only the team’s editors submit for review, and only the assigned mentor decide', async () => {
    const post = (actor: ActorName, path: string, body: Record<string, string>) =>
      fetch(`${server.url}/workspace/transfers/${transferId}/review/${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookies[actor]!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(body),
      });
    const hidden = ['unassignedMentor', 'otherOrganisationEditor'];
    for (const actor of ['viewer', 'mentor', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const)
      expect((await post(actor, '', { stage: 'situation' })).status, actor).toBe(hidden.includes(actor) ? 404 : 403);
    expect((await post('editor', '', { stage: 'situation' })).status).toBe(303);
    const db = new Database(server.databasePath, { readonly: true });
    const submissionId = (db.prepare("select id from submission where stage = 'situation'").get() as { id: string }).id;
    db.close();
    const rubric = Object.fromEntries(['fit', 'fidelity', 'smart', 'kpis', 'feasibility', 'risks', 'budget', 'sustainability', 'equity'].map((c) => [`score.${c}`, '5']));
    for (const actor of ['viewer', 'editor', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const)
      expect((await post(actor, 'situation/', { form: 'decide', submissionId, outcome: 'approve', ...rubric })).status, actor).toBe(hidden.includes(actor) ? 404 : 403);
    for (const actor of ['viewer', 'coordinator'] as const)
      expect((await post(actor, 'situation/', { form: 'comment', body: `Comment by ${actor}` })).status, actor).toBe(403);
    const page = await (await fetch(`${server.url}/workspace/transfers/${transferId}/review/situation/`, { headers: { Cookie: cookies.mentor! } })).text();
    expect(page).toContain('Waiting for review');
    expect(page).not.toContain('Comment by');
    expect((await post('mentor', 'situation/', { form: 'decide', submissionId, outcome: 'approve', ...rubric })).status).toBe(303);
  });

  it('refuses state-changing requests from another site', async () => {
    const crossOrigin = await fetch(`${server.url}/workspace/account/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookies.editor!, Origin: 'https://evil.example', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'intent=sign-out-others',
    });
    expect(crossOrigin.status).toBe(403);
    const crossSite = await fetch(`${server.url}/workspace/account/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookies.editor!, Origin: server.url, 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'intent=sign-out-others',
    });
    expect(crossSite.status).toBe(403);
  });
});
