import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { PageCache, pageKey } from '../../src/lib/server/page-cache.ts';
import { addComment, addressRequiredChange, decide, editComment, reopenRequiredChange, submitStage } from '../../src/lib/server/review/commands.ts';
import { deleteEntry, openTransfer, placeEntry, saveEntry, setFeatureChoice } from '../../src/lib/server/transfers/commands.ts';
import { templatePagePattern } from '../../src/lib/server/transfers/page-data.ts';
import { disableUser } from '../../src/lib/server/commands/user-admin.ts';
import { renameOrganisation } from '../../src/lib/server/commands/organisations.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createProgramme, createTestDb } from '../support/db.ts';
import { realTemplates, reviewStage } from '../support/templates.ts';
import { readFrontmatter } from '../support/site.ts';

const actions = templateSchema.parse(readFrontmatter('templates', 'action-plan')).sections.find((s) => s.id === 'actions')!;
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
const meta = { ip: '127.0.0.1', origin: 'http://localhost' };
const templatePages = templatePagePattern(realTemplates().kinds.map((k) => k.kind));

describe('PageCache', () => {
  it('drops the least recently used pages past its byte budget', () => {
    const cache = new PageCache(10);
    const page = (text: string) => ({ body: new TextEncoder().encode(text), headers: [] });
    const text = (key: string) => (cache.get(key) ? new TextDecoder().decode(cache.get(key)!.body) : undefined);
    cache.set('a', page('aaaa'));
    cache.set('b', page('bbbb'));
    expect(text('a')).toBe('aaaa'); // a is now the most recently used
    cache.set('c', page('cccc'));
    expect(cache.get('b')).toBeUndefined();
    expect(text('a')).toBe('aaaa');
    expect(text('c')).toBe('cccc');
    cache.set('huge', page('x'.repeat(11)));
    expect(cache.get('huge')).toBeUndefined();
    expect(cache.size).toBe(2);
  });
});

describe('the key of a cached page changes with everything the page shows', () => {
  let db: Db;
  let p: Awaited<ReturnType<typeof createProgramme>>;
  let transfer: NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;
  let url: URL;
  const key = async (userId: string, u = url, now = new Date('2027-01-10T10:00:00Z')) => pageKey(db, u, await loadActor(db, userId), 0, templatePages, 'en', now);

  beforeEach(async () => {
    db = await createTestDb();
    p = await createProgramme(db);
    const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta);
    if (!opened.ok) throw new Error();
    transfer = (await loadTransfer(db, opened.transferId))!;
    url = new URL(`http://localhost/workspace/transfers/${transfer.id}/action-plan/`);
  });

  it('covers only the template pages, the print view and the dashboards', async () => {
    expect(await key(p.editor.id)).toBeDefined();
    // The print view: keyed by the transfer's revision and the day, like a template page, and hidden from outsiders.
    const print = new URL(`http://localhost/workspace/transfers/${transfer.id}/print/`);
    const printed = await key(p.editor.id, print);
    expect(printed).toBeDefined();
    expect(await key(p.otherEditor.id, print)).toBeUndefined();
    expect(await key(p.editor.id, print, new Date('2027-01-11T00:00:01Z'))).not.toBe(printed);
    expect((await saveEntry(db, await loadActor(db, p.editor.id), transfer, { template: 'action-plan', section: actions }, { values: { title: 'Printed', status: 'Not started', owner: 'A' } }, {}, meta)).ok).toBe(true);
    expect(await key(p.editor.id, print)).not.toBe(printed);
    expect(await key(p.editor.id, new URL(`http://localhost/workspace/transfers/${transfer.id}/`))).toBeUndefined();
    expect(await key(p.editor.id, new URL(`http://localhost/workspace/transfers/${crypto.randomUUID()}/swot/`))).toBeUndefined();
    expect(await key(p.mentor.id, new URL('http://localhost/workspace/cohort/'))).toBeDefined();
    // Only the query strings the pages link to: any other URL is rendered, never stored.
    expect(await key(p.editor.id, new URL(`${url}?saved=1`))).toBeDefined();
    expect(await key(p.editor.id, new URL(`${url}?junk=${'x'.repeat(20)}`))).toBeUndefined();
    expect(await key(p.mentor.id, new URL('http://localhost/workspace/cohort/?x=1'))).toBeUndefined();
  });

  it('has no key for anyone permissions.ts keeps out, so a stored page is never served to them', async () => {
    expect(await key(p.otherEditor.id)).toBeUndefined();
    expect(await key(p.editor.id, new URL('http://localhost/workspace/cohort/'))).toBeUndefined();
    expect(await key(p.mentor.id, new URL('http://localhost/workspace/programme/'))).toBeUndefined();
    expect(await key(p.coordinator.id, new URL('http://localhost/workspace/programme/'))).toMatch(/"p/);
    // A mentor taken off the transfer loses it at once, even with a page of it stored.
    expect(await key(p.mentor.id)).toMatch(/"t\d+\.2027-01-10"/);
    await db.delete(schema.transferMentor);
    expect(await key(p.mentor.id)).toBeUndefined();
  });

  it('differs from one day to the next on a template page, which marks today and the overdue actions', async () => {
    expect(await key(p.editor.id)).not.toBe(await key(p.editor.id, url, new Date('2027-01-11T00:00:01Z')));
  });

  it('keeps the indicators page’s key past midnight (it shows nothing of the day) and keeps it from other organisations', async () => {
    const kpis = new URL(`http://localhost/workspace/transfers/${transfer.id}/kpis/`);
    expect(await key(p.editor.id, kpis)).toMatch(/"t\d+"/);
    expect(await key(p.editor.id, kpis)).toBe(await key(p.editor.id, kpis, new Date('2027-01-11T00:00:01Z')));
    expect(await key(p.otherEditor.id, kpis)).toBeUndefined();
  });

  it('differs per person, per query string, per role and per unread count', async () => {
    expect(await key(p.editor.id)).not.toBe(await key(p.viewer.id));
    expect(await key(p.editor.id)).not.toBe(await key(p.editor.id, new URL(`${url}?all=actions`)));
    const before = await key(p.editor.id);
    await db.update(schema.membership).set({ role: 'viewer' }).where(eq(schema.membership.userId, p.editor.id));
    expect(await key(p.editor.id)).not.toBe(before);
    expect(await pageKey(db, url, await loadActor(db, p.viewer.id), 1, templatePages)).not.toBe(await pageKey(db, url, await loadActor(db, p.viewer.id), 0, templatePages));
  });

  it('changes with every command that changes the transfer', async () => {
    const editor = await loadActor(db, p.editor.id);
    const seen = new Set([await key(p.editor.id)]);
    const cohort = new URL('http://localhost/workspace/cohort/');
    const cohortSeen = new Set([await key(p.mentor.id, cohort)]);
    const changed = async () => {
      const k = await key(p.editor.id);
      expect(seen.has(k)).toBe(false);
      seen.add(k);
      const c = await key(p.mentor.id, cohort);
      expect(cohortSeen.has(c)).toBe(false);
      cohortSeen.add(c);
    };
    const one = await saveEntry(db, editor, transfer, { template: 'action-plan', section: actions }, { values: { title: 'One', status: 'Not started', owner: 'A' } }, {}, meta);
    await changed();
    const two = await saveEntry(db, editor, transfer, { template: 'action-plan', section: actions }, { values: { title: 'Two', status: 'Not started', owner: 'A' } }, {}, meta);
    await changed();
    if (!one.ok) throw new Error();
    await saveEntry(db, editor, transfer, { template: 'action-plan', section: actions }, { entryId: one.entryId, version: 1, values: { title: 'One!', status: 'Done', owner: 'A' } }, {}, meta);
    await changed();
    await placeEntry(db, editor, transfer, one.entryId, { after: two.ok ? two.entryId : '' }, meta);
    await changed();
    await setFeatureChoice(db, editor, transfer, practice.featureIds, { featureId: 'one-screen-overview', decision: 'keep' }, meta);
    await changed();
    await submitStage(db, editor, transfer, reviewStage('action-plan'), {}, meta);
    await changed();
    const mentor = await loadActor(db, p.mentor.id);
    const comment = await addComment(db, mentor, transfer, reviewStage('action-plan'), { body: 'Hm.', required: 'on' }, () => [], meta);
    if (!comment.ok) throw new Error();
    await changed();
    expect(await editComment(db, mentor, transfer, reviewStage('action-plan'), { commentId: comment.commentId, body: 'Hmm.', version: 1 }, meta)).toEqual({ ok: true });
    await changed();
    expect(await decide(db, mentor, transfer, reviewStage('action-plan'), { submissionId: (await first(db.select().from(schema.submission).limit(1)))!.id, outcome: 'request-changes' }, meta)).toMatchObject({ ok: true });
    await changed();
    expect(await addressRequiredChange(db, editor, transfer, reviewStage('action-plan'), { commentId: comment.commentId, answer: 'Done.' }, meta)).toEqual({ ok: true });
    await changed();
    expect(await reopenRequiredChange(db, mentor, transfer, reviewStage('action-plan'), { commentId: comment.commentId }, meta)).toEqual({ ok: true });
    await changed();
    await deleteEntry(db, editor, transfer, one.entryId, 2, meta);
    await changed();
  });

  it('keys the workspace home by the revisions of the person’s transfers, the day, their names and disabled accounts', async () => {
    const home = new URL('http://localhost/workspace/');
    const at = new Date('2027-01-10T10:00:00Z');
    const keys = async () => Promise.all([p.editor.id, p.otherEditor.id, p.mentor.id, p.coordinator.id].map((id) => key(id, home, at)));
    const before = await keys();
    expect(before.every(Boolean)).toBe(true);
    // A change in the editor's transfer: their home, the mentor's and the coordinator's change; the other organisation's editor's does not.
    const saved = await saveEntry(db, await loadActor(db, p.editor.id), transfer, { template: 'action-plan', section: actions }, { values: { title: 'Train staff', status: 'Not started', owner: 'A' } }, {}, meta);
    expect(saved.ok).toBe(true);
    const after = await keys();
    expect([after[0] !== before[0], after[1] === before[1], after[2] !== before[2], after[3] !== before[3]]).toEqual([true, true, true, true]);
    // Tomorrow: reports fall due, actions become overdue, reviews get stuck.
    expect(await key(p.editor.id, home, new Date('2027-01-11T00:00:01Z'))).not.toBe(after[0]);
    // What raises no revision: an organisation without transfers renamed, an account disabled.
    const coordinator = await loadActor(db, p.coordinator.id);
    expect((await renameOrganisation(db, coordinator, { organisationId: p.organisations.other.id, name: 'Renamed Trust' }, meta)).ok).toBe(true);
    expect(await key(p.otherEditor.id, home, at)).not.toBe(after[1]);
    const coordinatorKey = await key(p.coordinator.id, home, at);
    expect((await disableUser(db, coordinator, p.mentor.id, meta)).ok).toBe(true);
    expect(await key(p.coordinator.id, home, at)).not.toBe(coordinatorKey);
    // Only the plain home: a query string (the welcome notice) is rendered, never stored.
    expect(await key(p.editor.id, new URL('http://localhost/workspace/?welcome'), at)).toBeUndefined();
  });

  it('changes the dashboards’ key with the date (days waiting, overdue actions)', async () => {
    const programme = new URL('http://localhost/workspace/programme/');
    expect(await key(p.coordinator.id, programme, new Date('2027-01-10T10:00:00Z'))).toBe(await key(p.coordinator.id, programme, new Date('2027-01-10T23:00:00Z')));
    expect(await key(p.coordinator.id, programme, new Date('2027-01-10T10:00:00Z'))).not.toBe(await key(p.coordinator.id, programme, new Date('2027-01-11T00:00:01Z')));
  });
});
