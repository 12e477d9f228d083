/**
 * Transfers in the person's language, through the real server: a Spanish editor's refused save says why in Spanish,
 * whether the plain form post reaches the page (JavaScript off) or the direct save path sees it first (the enhanced
 * form's post, JavaScript on), and keeps what was typed; and records typed in a transfer's working language are
 * marked with it on a page in another language.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { demoTransferId, withServerDb } from '../support/server-db.ts';
import { rawRun } from '../../src/lib/server/db.ts';

describe.each([['off (a plain form post to the page)', { PORTAL_DIRECT_SAVE: 'off' }], ['on (the direct save path sees the post first)', {}]] as const)('a Spanish editor’s save with the direct save path %s', (_, env) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let cookie: string;
  let transferId: string;

  beforeAll(async () => {
    requireBuild();
    server = await startServer(env);
    await withServerDb(server, (db) => rawRun(db, sql`update "user" set locale = 'es' where email = 'editor@demo.example'`));
    transferId = await demoTransferId(server);
    cookie = await server.signIn('editor@demo.example');
  }, 60_000);
  afterAll(async () => server?.stop());

  it('is refused in Spanish, with the typed text kept', async () => {
    const response = await fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'threats', entryId: '', version: '0', 'f.statement': 'Falta un plan de cuidados compartido', 'f.impact': '9' }),
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toMatch(/: como máximo 5\./);
    expect(page).toContain('Corrija el campo marcado abajo.');
    expect(page).not.toMatch(/: at most 5\./);
    expect(page).toContain('Falta un plan de cuidados compartido');
  });
});

describe('a transfer working in Danish', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let transferId: string;

  beforeAll(async () => {
    requireBuild();
    server = await startServer();
    transferId = await demoTransferId(server);
    await withServerDb(server, async (db) => {
      await rawRun(db, sql`update transfer set working_language = 'da' where id = ${transferId}`);
      await rawRun(db, sql`update "user" set locale = 'da' where email = 'viewer@demo.example'`);
    });
  }, 60_000);
  afterAll(async () => server?.stop());

  const page = async (email: string, path: string) => (await fetch(`${server.url}${path}`, { headers: { Cookie: await server.signIn(email) } })).text();

  it('has its records marked lang="da" on an English page, and not on a Danish one', async () => {
    const cookie = await server.signIn('editor@demo.example');
    const saved = await fetch(`${server.url}/workspace/transfers/${transferId}/swot/`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'save', section: 'swot-item', grouping: 'strengths', entryId: '', version: '0', 'f.statement': 'Fælles plejeplan i alle kommuner', 'f.impact': '4' }),
    });
    expect(saved.status).toBe(303);
    const english = await page('editor@demo.example', `/workspace/transfers/${transferId}/swot/`);
    expect(english).toContain('<p class="entry-main" lang="da">Fælles plejeplan i alle kommuner</p>');
    expect(english).toMatch(/<textarea[^>]* lang="da"/);
    const danish = await page('viewer@demo.example', `/workspace/transfers/${transferId}/swot/`);
    expect(danish).toContain('<p class="entry-main">Fælles plejeplan i alle kommuner</p>');
    expect(danish).not.toMatch(/<p class="entry-main" lang="da">/);
    expect(danish).toContain('Overblik og kernefunktioner');
  });
});
