/**
 * The status line of on-demand answers, read byte for byte: a page that sets only its status (a stale save, a
 * used-up link, a form to correct) used to go out as `409 OK`, `410 Gone` as `410 OK`, `400 Bad Request` as `400 OK`.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '../support/raw-http.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { demoTransferId, serverRow } from '../support/server-db.ts';

let server: Awaited<ReturnType<typeof startServer>>;
let cookie: string;
let transferId: string;

beforeAll(async () => {
  requireBuild();
  server = await startServer();
  cookie = await server.signIn('editor@demo.example');
  transferId = await demoTransferId(server);
}, 60_000);
afterAll(async () => server?.stop());

const post = (path: string, form: Record<string, string>) =>
  rawRequest(server.url, { method: 'POST', path, headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
const swotForm = (over: Record<string, string>) => ({ intent: 'save', section: 'swot-item', grouping: 'threats', entryId: '', version: '0', 'f.statement': 'Staff turnover', 'f.impact': '3', ...over });

describe('the reason phrase of on-demand answers', () => {
  it('is "Gone" for a used or unknown reset or invitation link', async () => {
    for (const path of ['/reset-password/not-a-token/', '/invitations/not-a-token/']) {
      const res = await rawRequest(server.url, { method: 'GET', path });
      expect([res.status, res.reason], path).toEqual([410, 'Gone']);
    }
  });

  it('is "Bad Request" for a form to correct, and "Conflict" for a save over someone else’s', async () => {
    const path = `/workspace/transfers/${transferId}/swot/`;
    const invalid = await post(path, swotForm({ 'f.statement': '' }));
    expect([invalid.status, invalid.reason]).toEqual([400, 'Bad Request']);
    expect((await post(path, swotForm({}))).status).toBe(303);
    const saved = (await serverRow<{ id: string; version: number }>(server, sql`select id, version from entry where transfer_id = ${transferId} and section = 'swot-item' order by created_at desc limit 1`))!;
    const stale = await post(path, swotForm({ entryId: saved.id, version: String(saved.version + 7) }));
    expect([stale.status, stale.reason]).toEqual([409, 'Conflict']);
  });

  it('is "Not Found" for a notification that does not exist, and still "OK" for a page', async () => {
    const missing = await post('/workspace/notifications/', { id: '999999' });
    expect([missing.status, missing.reason]).toEqual([404, 'Not Found']);
    const page = await rawRequest(server.url, { method: 'GET', path: '/workspace/', headers: { Cookie: cookie } });
    expect([page.status, page.reason]).toEqual([200, 'OK']);
  });
});
