/**
 * Review and the review dashboards in the reader's language, against the real server: a mentor whose account is in
 * German reads the stage page and the cohort dashboard in German, what people typed stays marked with the
 * transfer's working language, and the decision the mentor records reads in Danish to a Danish editor.
 */
import { readFileSync } from 'node:fs';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { withServerDb } from '../support/server-db.ts';
import { rawRows, rawRun } from '../../src/lib/server/db.ts';

let server: Awaited<ReturnType<typeof startServer>>;
beforeAll(async () => {
  requireBuild();
  server = await startServer();
});
afterAll(() => server?.stop());

const rows = <T>(query: SQL) => withServerDb(server, (db) => rawRows<T>(db, query));
const run = (query: SQL) => withServerDb(server, (db) => rawRun(db, query));
const catalogue = (code: string) => JSON.parse(readFileSync(`src/i18n/messages/${code}/review.json`, 'utf8'));
const page = async (path: string, cookie: string) => {
  const res = await fetch(`${server.url}${path}`, { headers: { Cookie: cookie } });
  expect(res.status, path).toBe(200);
  return res.text();
};

describe('review in the reader’s language', () => {
  it('shows a German mentor the stage and the cohort in German, and their decision to a Danish editor in Danish', async () => {
    const mentorEmail = 'mentor@demo.example';
    // A stage of one of the mentor's transfers waiting for review, and an editor of its organisation.
    const [waiting] = await rows<{ transferId: string; stage: string; submissionId: string; editor: string }>(
      sql`select r.transfer_id as "transferId", r.stage, s.id as "submissionId", e.email as editor
         from stage_review r
         join transfer_mentor tm on tm.transfer_id = r.transfer_id
         join "user" m on m.id = tm.user_id and m.email = ${mentorEmail}
         join transfer t on t.id = r.transfer_id and t.status = 'active'
         join submission s on s.transfer_id = r.transfer_id and s.stage = r.stage and s.number = r.latest_submission
         join membership ms on ms.organisation_id = t.organisation_id and ms.role = 'editor'
         join "user" e on e.id = ms.user_id
        where r.state in ('submitted', 'resubmitted')
        limit 1`,
    );
    expect(waiting, 'the demo data has a stage waiting for the mentor').toBeDefined();
    await run(sql`update "user" set locale = 'de' where email = ${mentorEmail}`);
    await run(sql`update "user" set locale = 'da' where email = ${waiting.editor}`);
    await run(sql`update transfer set working_language = 'en' where id = ${waiting.transferId}`);
    const de = catalogue('de');
    const da = catalogue('da');
    const mentor = await server.signIn(mentorEmail);
    const stagePath = `/workspace/transfers/${waiting.transferId}/review/${waiting.stage}/`;

    const review = await page(stagePath, mentor);
    expect(review).toMatch(/<html[^>]* lang="de"/);
    expect(review).toContain(`<h2 id="decisions">${de.stage.decisions}</h2>`);
    expect(review).toContain(de.stage.stageComments);
    expect(review).toContain(de.decisionForm.record);
    expect(review).toContain(de.decisionForm.decision);
    expect(review).not.toContain('Record the decision');
    expect(review).not.toContain('Comments on the whole stage');

    const cohort = await page('/workspace/cohort/', mentor);
    expect(cohort).toMatch(/<html[^>]* lang="de"/);
    expect(cohort).toContain(`<h1>${de.cohort.title}</h1>`);
    expect(cohort).toContain(de.table.daysWaiting);
    expect(cohort).toContain(de.cohort.order);
    expect(cohort).not.toContain('Days waiting for review');

    // The mentor asks for changes, with a note written in the transfer's working language (English).
    const note = 'Please name an owner for each action.';
    const res = await fetch(`${server.url}${stagePath}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Cookie: mentor, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form: 'decide', submissionId: waiting.submissionId, outcome: 'request-changes', note }),
    });
    expect(res.status).toBe(303);
    const after = await page(res.headers.get('location')!, mentor);
    expect(after).toContain(de.done.decide);
    // What the mentor typed is marked as English on the German page.
    expect(after).toContain(`<p class="comment-body" lang="en">${note}</p>`);

    const editor = await server.signIn(waiting.editor);
    const danish = await page(stagePath, editor);
    expect(danish).toMatch(/<html[^>]* lang="da"/);
    expect(da.states.changesRequested).not.toBe('Changes requested');
    expect(danish).toContain(`<strong data-testid="review-state">${da.states.changesRequested}</strong>`);
    expect(danish).toContain(`<strong>${da.outcomes.requestChanges}</strong>`);
    const overview = await page(`/workspace/transfers/${waiting.transferId}/review/`, editor);
    expect(overview).toContain(`>${da.states.changesRequested}</td>`);
  }, 120_000);
});
