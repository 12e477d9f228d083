/**
 * Every on-demand route, found from the route files themselves, requested by every kind of actor against the
 * real server. A new route file without a row here fails the suite, so no route escapes the matrix.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers } from '../../db/seed.ts';
import { listFiles, requireBuild, root } from '../support/site.ts';
import { startServer } from '../support/server.ts';

const actors = ['anonymous', 'viewer', 'editor', 'mentor', 'coordinator', 'otherOrganisationEditor'] as const;
type ActorName = (typeof actors)[number];
const emails: Record<Exclude<ActorName, 'anonymous'>, string> = {
  viewer: 'viewer@demo.example',
  editor: 'editor@demo.example',
  mentor: 'mentor@demo.example',
  coordinator: 'coordinator@demo.example',
  otherOrganisationEditor: 'editor.lakeside@demo.example',
};

const signedIn = (status: number) => ({ anonymous: 303, viewer: status, editor: status, mentor: status, coordinator: status, otherOrganisationEditor: status });
const everyone = (status: number) => ({ anonymous: status, viewer: status, editor: status, mentor: status, coordinator: status, otherOrganisationEditor: status });
const coordinatorsOnly = { anonymous: 303, viewer: 403, editor: 403, mentor: 403, coordinator: 200, otherOrganisationEditor: 403 };

/** Route file → the URL to request and the GET status each actor gets. (Transfer routes, with assigned and unassigned mentors, join with the transfer workspace.) */
const matrix: Record<string, { url: string; get: Record<ActorName, number> }> = {
  'sign-in.astro': { url: '/sign-in/', get: { ...signedIn(303), anonymous: 200 } },
  'sign-out.ts': { url: '/sign-out/', get: everyone(405) },
  'forgot-password.astro': { url: '/forgot-password/', get: everyone(200) },
  'reset-password/[token].astro': { url: '/reset-password/00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa/', get: everyone(410) },
  'invitations/[token].astro': { url: '/invitations/00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa/', get: everyone(410) },
  'forbidden.astro': { url: '/forbidden/', get: everyone(403) },
  'workspace/index.astro': { url: '/workspace/', get: signedIn(200) },
  'workspace/account.astro': { url: '/workspace/account/', get: signedIn(200) },
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

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  for (const [actor, email] of Object.entries(emails)) cookies[actor as ActorName] = await server.signIn(email);
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
        const res = await fetch(`${server.url}${row.url}`, { redirect: 'manual', headers: cookies[actor] ? { Cookie: cookies[actor]! } : {} });
        got[actor] = res.status;
        if (res.status === 303 && actor === 'anonymous' && row.get.anonymous === 303) expect(res.headers.get('location')).toMatch(/^\/sign-in\/\?next=/);
      }
      expect(got).toEqual(row.get);
    });
  }

  it('refuses administration POSTs from everyone but coordinators, changing nothing', async () => {
    for (const actor of ['viewer', 'editor', 'mentor', 'otherOrganisationEditor'] as const) {
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
