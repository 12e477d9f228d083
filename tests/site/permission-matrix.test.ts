/**
 * Every on-demand route, found from the route files themselves, requested by every kind of actor against the
 * real server. A new route file without a row here fails the suite, so no route escapes the matrix.
 */
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../db/seed.ts';
import { actors, emails, onDemandRoutes, routeUrl, routeUrls, type ActorName } from '../support/routes.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { demoTransferId, withServerDb } from '../support/server-db.ts';
import { rawRows, rawRun, schema } from '../../src/lib/server/db.ts';
import { likeIgnoringCase } from '../../src/lib/server/sql-dialect.ts';
import { realTemplates, reviewStage } from '../support/templates.ts';
import { reportStageId } from '../../src/lib/server/stories/source.ts';

const signedIn = (status: number) => ({ anonymous: 303, viewer: status, editor: status, mentor: status, unassignedMentor: status, coordinator: status, otherOrganisationEditor: status });
const everyone = (status: number) => ({ anonymous: status, viewer: status, editor: status, mentor: status, unassignedMentor: status, coordinator: status, otherOrganisationEditor: status });
const coordinatorsOnly = { anonymous: 303, viewer: 403, editor: 403, mentor: 403, unassignedMentor: 403, coordinator: 200, otherOrganisationEditor: 403 };
/** A transfer of the viewer's and editor's organisation, mentored by "mentor": nobody else may know it exists. */
const transferReaders = { anonymous: 303, viewer: 200, editor: 200, mentor: 200, unassignedMentor: 404, coordinator: 200, otherOrganisationEditor: 404 };
const transferWriters = { anonymous: 303, viewer: 403, editor: 200, mentor: 403, unassignedMentor: 404, coordinator: 403, otherOrganisationEditor: 404 };

/** Route file → the GET status each actor gets (the URL requested is routeUrls' in tests/support/routes.ts). */
const matrix: Record<string, Record<ActorName, number>> = {
  'workspace/not-found.astro': signedIn(404),
  'workspace/resume/[id].astro': signedIn(410),
  'workspace/transfers/index.astro': signedIn(200),
  'workspace/transfers/[id]/index.astro': transferReaders,
  'workspace/transfers/[id]/[template].astro': transferReaders,
  'workspace/transfers/[id]/entries/[entryId].astro': transferWriters,
  'workspace/transfers/[id]/trace.astro': transferReaders,
  'workspace/transfers/[id]/print.astro': transferReaders,
  'workspace/transfers/[id]/export.json.ts': transferReaders,
  'workspace/transfers/[id]/export.csv.ts': transferReaders,
  'workspace/transfers/[id]/export.xlsx.ts': transferReaders,
  'workspace/transfers/[id]/export/[section].csv.ts': transferReaders,
  'workspace/transfers/[id]/review/index.astro': transferReaders,
  'workspace/transfers/[id]/review/[stage].astro': transferReaders,
  'workspace/notifications.astro': signedIn(200),
  'workspace/cohort.astro': { ...signedIn(403), mentor: 200, unassignedMentor: 200 },
  'workspace/programme.astro': coordinatorsOnly,
  'sign-in.astro': { ...signedIn(303), anonymous: 200 },
  'sign-out.ts': everyone(405),
  'forgot-password.astro': everyone(200),
  'reset-password/[token].astro': everyone(410),
  'invitations/[token].astro': everyone(410),
  'forbidden.astro': everyone(403),
  'workspace/index.astro': signedIn(200),
  'workspace/account.astro': signedIn(200),
  'workspace/account/two-factor.astro': signedIn(200),
  'sign-in/passkey-options.ts': everyone(405),
  'workspace/account/passkey-options.ts': signedIn(405),
  // Without a session waiting for its code there is nothing to ask: everyone is sent on.
  'sign-in/second-factor.astro': everyone(303),
  'admin/index.astro': coordinatorsOnly,
  'admin/users.astro': coordinatorsOnly,
  'admin/invitations.astro': coordinatorsOnly,
  'admin/outbox.astro': coordinatorsOnly,
  'admin/audit.astro': coordinatorsOnly,
  'admin/audit.csv.ts': coordinatorsOnly,
  'admin/organisations.astro': coordinatorsOnly,
  'admin/publication.astro': coordinatorsOnly,
  // Managing a transfer (mentors, pause, close, archive) is the coordinators' alone; nobody else learns whether it exists.
  'workspace/transfers/[id]/manage.astro': coordinatorsOnly,
  'workspace/transfers/[id]/kpis/index.astro': transferReaders,
  'workspace/transfers/[id]/kpis/[kpiId].astro': transferReaders,
  'workspace/transfers/[id]/kpis/[kpiId].csv.ts': transferReaders,
  // Readers are told only editors import; the form itself is not shown to them.
  'workspace/transfers/[id]/kpis/import.astro': transferReaders,
  'workspace/transfers/[id]/monitoring.astro': transferReaders,
  'workspace/transfers/[id]/actions/[actionId].astro': transferReaders,
  'workspace/transfers/[id]/workshops/[workshopId].astro': transferReaders,
  // Recently deleted: read by the transfer's readers (Restore is shown to, and done by, its editors only).
  'workspace/transfers/[id]/deleted.astro': transferReaders,
  // Asking to delete a record: its editors only; the GET changes nothing.
  'workspace/transfers/[id]/entries/[entryId]/delete.astro': transferWriters,
  // Print and office files: the PDFs are read as the print view is.
  'workspace/transfers/[id]/transfer.pdf.ts': transferReaders,
  'workspace/transfers/[id]/review/[stage]/v[n].pdf.ts': transferReaders,
  // The adoption story: read by the transfer's readers (proposing and consenting are checked per POST below).
  'workspace/transfers/[id]/story.astro': transferReaders,
  // Published stories and Withdraw: coordinators.
  'admin/stories.astro': coordinatorsOnly,
};

let server: Awaited<ReturnType<typeof startServer>>;
const cookies: Partial<Record<ActorName, string>> = {};

let transferId = '';
let entryId = '';
let kpiId = '';
let actionId = '';
let workshopId = '';
/** The first row of a query on the server's database; undefined when there is none (typed as found, as the tests expect one). */
const firstRow = <T = Record<string, unknown>>(query: SQL) => withServerDb(server, async (db) => (await rawRows<T>(db, query))[0]);

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  for (const [actor, email] of Object.entries(emails)) cookies[actor as ActorName] = await server.signIn(email);
  transferId = await demoTransferId(server);
  // One SWOT item, written by the editor through the real form, to have a record URL.
  const res = await fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookies.editor!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'strengths', version: '0', 'f.statement': 'Matrix item', 'f.impact': '3' }),
  });
  expect(res.status).toBe(303);
  entryId = (await firstRow<{ id: string }>(sql`select id from entry where transfer_id = ${transferId} limit 1`)).id;
  // One indicator of the action plan, likewise, for the indicator routes.
  const kpi = await fetch(`${server.url}/workspace/transfers/${transferId}/action-plan/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookies.editor!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ intent: 'save', section: 'kpis', version: '0', 'f.name': 'Matrix indicator', 'f.type': 'Process' }),
  });
  expect(kpi.status).toBe(303);
  kpiId = (await firstRow<{ id: string }>(sql`select id from entry where transfer_id = ${transferId} and section = 'kpis' limit 1`)).id;
  // An action and a workshop, written by the editor through the real template forms, for their progress pages.
  const add = async (kind: string, body: Record<string, string>) => {
    const r = await fetch(`${server.url}/workspace/transfers/${transferId}/${kind}/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookies.editor!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'save', version: '0', grouping: '', ...body }),
    });
    expect(r.status).toBe(303);
    return (await firstRow<{ id: string }>(sql`select id from entry where transfer_id = ${transferId} and template = ${kind} and section = ${body.section} order by rowid desc limit 1`)).id;
  };
  actionId = await add('action-plan', { section: 'actions', 'f.title': 'Matrix action', 'f.owner': 'ICT', 'f.status': 'In progress' });
  workshopId = await add('pdsa', { section: 'workshops', 'f.title': 'Matrix workshop', 'f.date': '2026-11-01' });
  // The action plan (holding the indicator and action above) submitted once, for the route of a submitted version's PDF.
  const submitted = await fetch(`${server.url}/workspace/transfers/${transferId}/review/`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: cookies.editor!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ stage: 'action-plan', note: '' }),
  });
  expect(submitted.status).toBe(303);
}, 60_000);
afterAll(async () => server?.stop());

describe('the permission matrix', () => {
  it('has a row for every on-demand route file, and no row for a route that does not exist', () => {
    expect(onDemandRoutes.length).toBeGreaterThan(0);
    expect(onDemandRoutes).toEqual(Object.keys(matrix).sort());
    expect(onDemandRoutes).toEqual(Object.keys(routeUrls).sort());
    // Every actor is a demo account; demo accounts no actor uses (editor.coastal) are allowed.
    expect(demoUsers.map((u) => u.email)).toEqual(expect.arrayContaining(Object.values(emails)));
  });

  for (const [file, expected] of Object.entries(matrix)) {
    it(`${file}: GET gives each actor the expected status`, async () => {
      const got: Record<string, number> = {};
      for (const actor of actors) {
        const url = routeUrl(file, { transferId, entryId, kpiId, actionId, workshopId });
        const res = await fetch(`${server.url}${url}`, { redirect: 'manual', headers: cookies[actor] ? { Cookie: cookies[actor]! } : {} });
        got[actor] = res.status;
        if (res.status === 303 && actor === 'anonymous' && expected.anonymous === 303) expect(res.headers.get('location')).toMatch(/^\/sign-in\/\?next=/);
      }
      expect(got).toEqual(expected);
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

  it('refuses transfer management and organisation POSTs from everyone but coordinators, changing nothing', async () => {
    for (const actor of ['viewer', 'editor', 'mentor', 'unassignedMentor', 'otherOrganisationEditor'] as const) {
      const post = (path: string, body: Record<string, string>) =>
        fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookies[actor]!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
      expect((await post(`/workspace/transfers/${transferId}/manage/`, { intent: 'close', reason: `Closed by ${actor}` })).status, actor).toBe(403);
      expect((await post('/admin/organisations/', { intent: 'create', name: `Sneaky ${actor}`, kind: 'programme' })).status, actor).toBe(403);
      expect((await post('/admin/publication/', {})).status, actor).toBe(403);
    }
    expect(await firstRow(sql`select status from transfer where id = ${transferId}`)).toEqual({ status: 'active' });
    expect(await firstRow(sql`select count(*) as n from organisation where ${likeIgnoringCase(schema.organisation.name, 'Sneaky%')}`)).toEqual({ n: 0 });
    expect(await firstRow(sql`select count(*) as n from publication_run where requested_by is not null`)).toEqual({ n: 0 });
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

  it('lets only the adopting organisation’s editors fill the post-implementation report in from the log and the indicators', async () => {
    const prefill = (actor: ActorName) =>
      fetch(`${server.url}/workspace/transfers/${transferId}/post-implementation/`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookies[actor]!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ intent: 'prefill' }),
      });
    for (const actor of ['viewer', 'mentor', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const)
      expect((await prefill(actor)).status, actor).toBe(['unassignedMentor', 'otherOrganisationEditor'].includes(actor) ? 404 : 403);
    expect(await firstRow(sql`select count(*) as n from audit_event where action = 'report.prefill' and outcome = 'success'`)).toEqual({ n: 0 });
    const res = await prefill('editor');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/post-implementation\/\?added=\d+\.\d+$/);
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
    const submissionId = (await firstRow<{ id: string }>(sql`select id from submission where stage = 'situation' and transfer_id = ${transferId}`)).id;
    const rubric = Object.fromEntries(reviewStage('situation').rubric.map((c) => [`score.${c.id}`, '5']));
    for (const actor of ['viewer', 'editor', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const)
      expect((await post(actor, 'situation/', { form: 'decide', submissionId, outcome: 'approve', ...rubric })).status, actor).toBe(hidden.includes(actor) ? 404 : 403);
    for (const actor of ['viewer', 'coordinator'] as const)
      expect((await post(actor, 'situation/', { form: 'comment', body: `Comment by ${actor}` })).status, actor).toBe(403);
    const page = await (await fetch(`${server.url}/workspace/transfers/${transferId}/review/situation/`, { headers: { Cookie: cookies.mentor! } })).text();
    expect(page).toContain('Waiting for review');
    expect(page).not.toContain('Comment by');
    expect((await post('mentor', 'situation/', { form: 'decide', submissionId, outcome: 'approve', ...rubric })).status).toBe(303);
  });

  it('lets only the team’s editors and the assigned mentor propose and consent to the story, and only coordinators withdraw it', async () => {
    // The report approved, as a mentor's decision leaves it (written directly: the review flow has its own tests).
    const stage = reportStageId(realTemplates());
    const submissionId = crypto.randomUUID();
    await withServerDb(server, async (db) => {
      const number = ((await rawRows<{ n: number | null }>(db, sql`select max(number) as n from submission where transfer_id = ${transferId} and stage = ${stage}`))[0].n ?? 0) + 1;
      await rawRun(db, sql`insert into submission (id, transfer_id, stage, number, snapshot, note, submitted_at) values (${submissionId}, ${transferId}, ${stage}, ${number}, '{"entries":[],"featureChoices":[]}', '', ${new Date().toISOString()})`);
      await rawRun(db, sql`insert into decision (id, transfer_id, stage, submission_id, outcome, note, rubric, created_at) values (${crypto.randomUUID()}, ${transferId}, ${stage}, ${submissionId}, 'approve', '', '{}', ${new Date().toISOString()})`);
    });
    const post = (actor: ActorName, path: string, body: Record<string, string>) =>
      fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookies[actor]!, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });
    const story = `/workspace/transfers/${transferId}/story/`;
    const hidden = ['unassignedMentor', 'otherOrganisationEditor'];
    for (const actor of ['viewer', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const)
      expect((await post(actor, story, { intent: 'propose', part: 'context', version: '0' })).status, actor).toBe(hidden.includes(actor) ? 404 : 403);
    expect((await post('editor', story, { intent: 'propose', part: 'context', version: '0' })).status).toBe(303);
    const read = () => firstRow<{ id: string; version: number; status: string }>(sql`select id, version, status from adoption_story where transfer_id = ${transferId} and status != 'withdrawn'`);
    let row = await read();
    for (const actor of ['viewer', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const)
      expect((await post(actor, story, { intent: 'consent', storyId: row.id, version: String(row.version) })).status, actor).toBe(hidden.includes(actor) ? 404 : 403);
    expect((await post('editor', story, { intent: 'consent', storyId: row.id, version: String(row.version) })).status).toBe(303);
    row = await read();
    expect((await post('mentor', story, { intent: 'consent', storyId: row.id, version: String(row.version) })).status).toBe(303);
    row = await read();
    expect(row.status).toBe('published');
    for (const actor of ['viewer', 'editor', 'mentor', 'unassignedMentor', 'otherOrganisationEditor'] as const)
      expect((await post(actor, '/admin/stories/', { intent: 'withdraw', storyId: row.id, version: String(row.version), reason: `By ${actor}` })).status, actor).toBe(403);
    expect((await read())?.status).toBe('published');
    expect((await post('coordinator', '/admin/stories/', { intent: 'withdraw', storyId: row.id, version: String(row.version), reason: 'Matrix withdrawal' })).status).toBe(303);
    expect(await read()).toBeUndefined();
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
