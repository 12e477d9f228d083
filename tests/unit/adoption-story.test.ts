/**
 * The adoption story's consent workflow against a real SQLite: proposed only once the report is approved, published
 * only when both sides consent to the same version, a changed choice clears consents, only coordinators withdraw,
 * stale versions are refused, every change is audited, and a rebuild is asked for after the commit, on publish and
 * withdraw only.
 */
import { and, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { consentToStory, proposeStory, revokeConsent, withdrawStory } from '../../src/lib/server/stories/commands.ts';
import type { PublicationRequest } from '../../src/lib/server/stories/publish-hook.ts';
import { transferStories } from '../../src/lib/server/stories/queries.ts';
import { reportStageId } from '../../src/lib/server/stories/source.ts';
import { changeTransferStatus } from '../../src/lib/server/transfers/lifecycle.ts';
import { openTransfer } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { adoptionStorySchema } from '../../src/schemas/story.ts';
import { createProgramme, createTestDb, createUser, holdsTransaction } from '../support/db.ts';
import { realTemplates } from '../support/templates.ts';
import { workspaceForms } from '../../src/lib/server/transfers/workspace-forms.ts';

const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
const meta = { ip: '127.0.0.1', origin: 'https://portal.example' };
const forms = workspaceForms(realTemplates(), [practice]);

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let unassignedMentor: { id: string };
let transfer: NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;
const actor = (id: string) => loadActor(db, id);

/** Each call to the publication hook, with what the database held at that moment (proves it ran after the commit). */
const pendingReads: Promise<void>[] = [];
let publications: (PublicationRequest & { statusThen: string | undefined; inTransaction: boolean })[] = [];
const publish = (d: Db, request: PublicationRequest) => {
  const entry: (typeof publications)[number] = { ...request, statusThen: undefined, inTransaction: holdsTransaction(d) };
  publications.push(entry);
  pendingReads.push(d.select({ status: schema.adoptionStory.status }).from(schema.adoptionStory).where(eq(schema.adoptionStory.transferId, transfer.id)).then((row) => void (entry.statusThen = row.map((r) => r.status).join(','))));
};

/** The report's stage approved, as the mentor's decision would leave it (version `number`). */
async function approveReport(number = 1) {
  const stage = reportStageId(forms);
  const submissionId = crypto.randomUUID();
  const at = new Date(Date.UTC(2026, 10, number)).toISOString();
  await db.insert(schema.submission).values({ id: submissionId, transferId: transfer.id, stage, number, snapshot: JSON.stringify({ entries: [], featureChoices: [] }), submittedBy: p.editor.id, submittedAt: at });
  await db.insert(schema.decision).values({ id: crypto.randomUUID(), transferId: transfer.id, stage, submissionId, mentorId: p.mentor.id, outcome: 'approve', rubric: '{}', createdAt: at });
}

const propose = async (who: string, parts: string[], version = 0) => proposeStory(db, await actor(who), transfer, forms, { parts, version }, meta);
const consent = async (who: string, storyId: string, version: number) => consentToStory(db, await actor(who), transfer, { storyId, version }, meta, publish);
const revoke = async (who: string, storyId: string, version: number) => revokeConsent(db, await actor(who), transfer, { storyId, version }, meta);
const withdraw = async (who: string, storyId: string, version: number, reason = 'The organisation asked us to take it down.') => withdrawStory(db, await actor(who), { storyId, version, reason }, meta, publish);
const story = async () => (await db.select().from(schema.adoptionStory).where(eq(schema.adoptionStory.transferId, transfer.id))).at(-1)!;
const audits = async (action: string) => db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, action)).orderBy(schema.auditEvent.id);
const errorOf = (r: { ok: boolean }) => (r.ok ? '' : ((r as unknown as { errors: Record<string, string[]> }).errors[''] ?? []).join(' '));

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  unassignedMentor = await createUser(db, 'mentor', p.organisations.early.id);
  const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
  publications = [];
});

describe('proposing a story', () => {
  it('is refused until the post-implementation report is approved, then freezes the story in its public shape', async () => {
    const early = await propose(p.editor.id, ['context', 'lessons']);
    expect(early.ok).toBe(false);
    expect(errorOf(early)).toMatch(/no approved post-implementation report/);
    expect(await db.select().from(schema.adoptionStory)).toHaveLength(0);

    await approveReport();
    const r = await propose(p.editor.id, ['lessons', 'context']);
    expect(r).toMatchObject({ ok: true, unchanged: false });
    const row = await story();
    expect(row.status).toBe('proposed');
    expect(JSON.parse(row.parts)).toEqual(['context', 'lessons']);
    const frozen = adoptionStorySchema.parse(JSON.parse(row.publicJson));
    expect(frozen.id).toBe(row.id);
    expect(frozen.parts).toEqual(['context', 'lessons']);
    expect(row.reportVersion).toBe(1);
    expect(await audits('story.propose')).toHaveLength(1);
  });

  it('may be made by an assigned mentor, and tells the other side', async () => {
    await approveReport();
    expect((await propose(p.mentor.id, ['context'])).ok).toBe(true);
    const toEditor = await db.select().from(schema.notification).where(eq(schema.notification.userId, p.editor.id));
    expect(toEditor.map((n) => n.summary).join()).toMatch(/proposed the adoption story/);
    expect(await db.select().from(schema.notification).where(eq(schema.notification.userId, p.mentor.id))).toHaveLength(0);
  });

  it('refuses viewers, editors of another organisation, unassigned mentors and coordinators, and audits the denial', async () => {
    await approveReport();
    for (const who of [p.viewer.id, p.otherEditor.id, unassignedMentor.id, p.coordinator.id]) {
      const r = await propose(who, ['context']);
      expect(r).toMatchObject({ ok: false, status: 403 });
    }
    expect(await db.select().from(schema.adoptionStory)).toHaveLength(0);
    expect((await audits('story.propose')).map((a) => a.outcome)).toEqual(['denied', 'denied', 'denied', 'denied']);
  });

  it('needs at least one known part', async () => {
    await approveReport();
    expect((await propose(p.editor.id, [])).ok).toBe(false);
    const r = await propose(p.editor.id, ['context', 'names-of-people']);
    expect(r).toMatchObject({ ok: false, status: 400 });
  });

  it('replaces an earlier proposal: a changed choice clears both consents, the same choice changes nothing', async () => {
    await approveReport();
    await propose(p.editor.id, ['context']);
    const first = await story();
    expect((await consent(p.editor.id, first.id, 1)).ok).toBe(true);
    expect((await story()).editorConsentAt).not.toBeNull();

    const same = await propose(p.mentor.id, ['context'], 2);
    expect(same).toMatchObject({ ok: true, unchanged: true });
    expect((await story()).editorConsentAt).not.toBeNull();

    const changed = await propose(p.mentor.id, ['context', 'lessons'], 2);
    expect(changed).toMatchObject({ ok: true, unchanged: false, storyId: first.id });
    const row = await story();
    expect(row).toMatchObject({ editorConsentAt: null, editorConsentBy: null, mentorConsentAt: null, version: 3 });
    expect(await db.select().from(schema.adoptionStory)).toHaveLength(1);
    expect(JSON.parse((await audits('story.propose')).at(-1)!.detail!)).toMatchObject({ consentsCleared: true });
  });

  it('draws from the latest approved version of the report', async () => {
    await approveReport(1);
    await propose(p.editor.id, ['context']);
    await approveReport(2);
    const r = await propose(p.editor.id, ['context'], 1);
    expect(r).toMatchObject({ ok: true, unchanged: false });
    expect((await story()).reportVersion).toBe(2);
  });
});

describe('consenting', () => {
  beforeEach(async () => {
    await approveReport();
    await propose(p.editor.id, ['context', 'lessons']);
  });

  it('publishes only when both sides have consented, and asks for a rebuild after the commit', async () => {
    const { id } = await story();
    expect(await consent(p.editor.id, id, 1)).toMatchObject({ ok: true, published: false });
    expect((await story()).status).toBe('proposed');
    expect(publications).toHaveLength(0);

    const done = await consent(p.mentor.id, id, 2);
    expect(done).toMatchObject({ ok: true, published: true });
    const row = await story();
    expect(row.status).toBe('published');
    expect(row.publishedAt).not.toBeNull();
    expect(row.editorConsentBy).toBe(p.editor.id);
    expect(row.mentorConsentBy).toBe(p.mentor.id);
    const frozen = adoptionStorySchema.parse(JSON.parse(row.publicJson));
    expect(frozen.publishedAt).toBe(row.publishedAt);
    // Called once, outside any transaction, when the database already said "published".
    await Promise.all(pendingReads);
    expect(publications).toEqual([{ reason: `Story published: ${frozen.title}`, requestedBy: p.mentor.id, statusThen: 'published', inTransaction: false }]);
    expect((await audits('story.consent')).length).toBe(2);
    expect(await audits('story.publish')).toHaveLength(1);
    // Both sides hear of it; e-mails are queued in the outbox.
    expect((await db.select().from(schema.notification).where(eq(schema.notification.userId, p.editor.id))).map((n) => n.summary).join()).toMatch(/published/);
  });

  it('counts one consent per side: a second editor does not stand in for the mentor', async () => {
    const second = await createUser(db, 'editor', p.organisations.adopter.id);
    const { id } = await story();
    expect((await consent(p.editor.id, id, 1)).ok).toBe(true);
    const again = await consent(second.id, id, 2);
    expect(again.ok).toBe(false);
    expect(errorOf(again)).toMatch(/already consented/);
    expect((await story()).status).toBe('proposed');
  });

  it('refuses viewers, other organisations, unassigned mentors and coordinators', async () => {
    const { id } = await story();
    for (const who of [p.viewer.id, p.otherEditor.id, unassignedMentor.id, p.coordinator.id]) expect(await consent(who, id, 1)).toMatchObject({ ok: false, status: 403 });
    const row = await story();
    expect(row).toMatchObject({ editorConsentAt: null, mentorConsentAt: null, version: 1 });
    expect((await audits('story.consent')).every((a) => a.outcome === 'denied')).toBe(true);
  });

  it('refuses a consent to a version that changed since the page was opened (no silent overwrite)', async () => {
    const { id } = await story();
    // The mentor changes the parts while the editor still looks at version 1.
    expect((await propose(p.mentor.id, ['lessons'], 1)).ok).toBe(true);
    const stale = await consent(p.editor.id, id, 1);
    expect(stale).toMatchObject({ ok: false, status: 409 });
    expect(errorOf(stale)).toMatch(/changed this story/);
    expect((await story()).editorConsentAt).toBeNull();
    // Two people proposing from the same page: the second is refused too.
    expect(await propose(p.editor.id, ['context'], 1)).toMatchObject({ ok: false, status: 409 });
  });

  it('can be taken back before publication, not after', async () => {
    const { id } = await story();
    await consent(p.editor.id, id, 1);
    expect((await revoke(p.mentor.id, id, 2)).ok).toBe(false);
    expect((await revoke(p.editor.id, id, 2)).ok).toBe(true);
    expect((await story()).editorConsentAt).toBeNull();
    expect(await audits('story.revoke')).toHaveLength(1);
    await consent(p.editor.id, id, 3);
    await consent(p.mentor.id, id, 4);
    const late = await revoke(p.editor.id, id, 5);
    expect(late.ok).toBe(false);
    expect(errorOf(late)).toMatch(/already published/);
  });

  it('stops while the transfer is paused', async () => {
    const { id } = await story();
    await changeTransferStatus(db, await actor(p.coordinator.id), transfer.id, 'pause', { reason: '' }, meta);
    transfer = (await loadTransfer(db, transfer.id))!;
    expect(await consent(p.editor.id, id, 1)).toMatchObject({ ok: false, status: 409 });
  });

  it('leaves no new proposal while a story is published', async () => {
    const { id } = await story();
    await consent(p.editor.id, id, 1);
    await consent(p.mentor.id, id, 2);
    const r = await propose(p.editor.id, ['context'], 3);
    expect(errorOf(r)).toMatch(/published/);
  });
});

describe('withdrawing', () => {
  let id = '';
  beforeEach(async () => {
    await approveReport();
    await propose(p.editor.id, ['context']);
    id = (await story()).id;
    await consent(p.editor.id, id, 1);
    await consent(p.mentor.id, id, 2);
    publications = [];
  });

  it('is for coordinators only, with a reason, and asks for a rebuild after the commit', async () => {
    for (const who of [p.editor.id, p.viewer.id, p.mentor.id, unassignedMentor.id, p.otherEditor.id]) expect(await withdraw(who, id, 3)).toMatchObject({ ok: false, status: 403 });
    expect((await story()).status).toBe('published');
    expect(publications).toHaveLength(0);
    expect((await withdraw(p.coordinator.id, id, 3, '  ')).ok).toBe(false);

    expect((await withdraw(p.coordinator.id, id, 3)).ok).toBe(true);
    const row = await story();
    expect(row).toMatchObject({ status: 'withdrawn', withdrawnBy: p.coordinator.id, withdrawnReason: 'The organisation asked us to take it down.' });
    await Promise.all(pendingReads);
    expect(publications).toEqual([{ reason: expect.stringMatching(/^Story withdrawn: /), requestedBy: p.coordinator.id, statusThen: 'withdrawn', inTransaction: false }]);
    expect((await audits('story.withdraw')).map((a) => a.outcome)).toEqual(['denied', 'denied', 'denied', 'denied', 'denied', 'success']);
    const told = await db.select().from(schema.notification).where(and(eq(schema.notification.userId, p.editor.id)));
    expect(told.at(-1)!.summary).toMatch(/withdrew the adoption story: The organisation asked/);
  });

  it('refuses a stale version and a second withdrawal', async () => {
    expect(await withdraw(p.coordinator.id, id, 2)).toMatchObject({ ok: false, status: 409 });
    expect((await withdraw(p.coordinator.id, id, 3)).ok).toBe(true);
    expect(errorOf(await withdraw(p.coordinator.id, id, 4))).toMatch(/already withdrawn/);
    expect(publications).toHaveLength(1);
  });

  it('lets a new story be proposed afterwards, under a new public id', async () => {
    await withdraw(p.coordinator.id, id, 3);
    expect((await propose(p.editor.id, ['lessons'], 0)).ok).toBe(true);
    const views = await transferStories(db, transfer.id);
    expect(views.map((v) => v.status).sort()).toEqual(['proposed', 'withdrawn']);
    expect(new Set(views.map((v) => v.id)).size).toBe(2);
  });
});
