import { and, desc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { canEditTransfer, canReviewTransfer, canViewTransfer } from '../../src/lib/server/permissions.ts';
import { decide, submitStage } from '../../src/lib/server/review/commands.ts';
import { cohortRows, programmeCounts, uncountedTransfers } from '../../src/lib/server/review/dashboard.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { addMentor, changeTransferStatus, removeMentor, statusNotices, stepsFrom } from '../../src/lib/server/transfers/lifecycle.ts';
import { listVisibleTransfers, loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { createProgramme, createTestDb, createUser } from '../support/db.ts';
import { readFrontmatter } from '../support/site.ts';
import { realTemplates, reviewStage } from '../support/templates.ts';
import { templateSchema } from '../../src/schemas/template.ts';

const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
const meta = { ip: '127.0.0.1', origin: 'http://portal.test' };
const now = new Date('2026-12-07T12:00:00.000Z');

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transferId: string;
const actor = (id: string) => loadActor(db, id);
const transfer = async () => (await loadTransfer(db, transferId))!;
const lastAudit = async () => first(db.select().from(schema.auditEvent).orderBy(desc(schema.auditEvent.id)).limit(1));
const statusOf = async () => (await transfer()).status;

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transferId = opened.transferId;
});

describe('changeTransferStatus', () => {
  it('pauses and resumes a transfer, each step audited with its reason and announced to the team and mentors', async () => {
    const paused = await changeTransferStatus(db, await actor(p.coordinator.id), transferId, 'pause', { reason: 'Elections in the region' }, meta);
    expect(paused).toEqual({ ok: true, status: 'paused' });
    expect(await transfer()).toMatchObject({ status: 'paused', statusReason: 'Elections in the region' });
    expect(await lastAudit()).toMatchObject({ action: 'transfer.pause', outcome: 'success', actorUserId: p.coordinator.id, targetType: 'transfer', targetId: transferId });
    expect(JSON.parse((await lastAudit())!.detail!)).toEqual({ from: 'active', to: 'paused', reason: 'Elections in the region' });
    const told = await db.select().from(schema.notification).where(eq(schema.notification.transferId, transferId));
    expect(told.map((n) => n.userId).sort()).toEqual([p.editor.id, p.viewer.id, p.mentor.id].sort());
    expect(told[0].summary).toMatch(/paused the transfer .*Elections in the region/);
    expect(await changeTransferStatus(db, await actor(p.coordinator.id), transferId, 'resume', {}, meta)).toEqual({ ok: true, status: 'active' });
    expect(await transfer()).toMatchObject({ status: 'active', statusReason: '' });
  });

  it('closes with an optional reason, reopens, and archives only a closed transfer', async () => {
    const coordinator = await actor(p.coordinator.id);
    const tooEarly = await changeTransferStatus(db, coordinator, transferId, 'archive', {}, meta);
    expect(tooEarly).toMatchObject({ ok: false, status: 409 });
    expect(await statusOf()).toBe('active');
    expect((await changeTransferStatus(db, coordinator, transferId, 'close', {}, meta)).ok).toBe(true);
    expect(await statusOf()).toBe('closed');
    expect((await changeTransferStatus(db, coordinator, transferId, 'resume', {}, meta)).ok).toBe(false);
    expect((await changeTransferStatus(db, coordinator, transferId, 'archive', {}, meta)).ok).toBe(true);
    expect(await statusOf()).toBe('archived');
    expect((await changeTransferStatus(db, coordinator, transferId, 'reopen', {}, meta)).ok).toBe(true);
    expect(await statusOf()).toBe('active');
  });

  it('offers only the steps the status allows', () => {
    expect(stepsFrom('active')).toEqual(['pause', 'close']);
    expect(stepsFrom('paused')).toEqual(['resume', 'close']);
    expect(stepsFrom('closed')).toEqual(['reopen', 'archive']);
    expect(stepsFrom('archived')).toEqual(['reopen']);
  });

  it('refuses everyone but coordinators, audited as denied, changing nothing', async () => {
    for (const id of [p.editor.id, p.viewer.id, p.mentor.id]) {
      const result = await changeTransferStatus(db, await actor(id), transferId, 'close', {}, meta);
      expect(result).toMatchObject({ ok: false, status: 403 });
      expect(await lastAudit()).toMatchObject({ action: 'transfer.close', outcome: 'denied', actorUserId: id });
    }
    expect(await statusOf()).toBe('active');
  });

  it('refuses a reason longer than 500 characters and an unknown transfer', async () => {
    const coordinator = await actor(p.coordinator.id);
    expect(await changeTransferStatus(db, coordinator, transferId, 'close', { reason: 'x'.repeat(501) }, meta)).toMatchObject({ ok: false, errors: { reason: [expect.any(String)] } });
    expect(await changeTransferStatus(db, coordinator, crypto.randomUUID(), 'close', {}, meta)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('a transfer that is not active', () => {
  it('stays readable by everyone who could read it, but editors cannot change or submit and mentors cannot decide', async () => {
    await changeTransferStatus(db, await actor(p.coordinator.id), transferId, 'pause', {}, meta);
    const t = await transfer();
    for (const id of [p.editor.id, p.viewer.id, p.mentor.id, p.coordinator.id]) expect(canViewTransfer(await actor(id), t)).toBe(true);
    expect(canEditTransfer(await actor(p.editor.id), t)).toBe(false);
    expect(canReviewTransfer(await actor(p.mentor.id), t)).toBe(false);
    const section = templateSchema.parse(readFrontmatter('templates', 'swot')).sections.find((s) => s.id === 'swot-item')!;
    const saved = await saveEntry(db, await actor(p.editor.id), t, { template: 'swot', section, grouping: 'strengths' }, { values: { statement: 'x', impact: '3' } }, {}, meta);
    // Refused as paused (409, the notice the pages show), not as a permission the person lacks.
    const paused = { ok: false, status: 409, errors: { '': [statusNotices.paused] } };
    expect(saved).toEqual(paused);
    expect(await submitStage(db, await actor(p.editor.id), t, reviewStage('situation'), {}, meta)).toEqual(paused);
    expect(await decide(db, await actor(p.mentor.id), t, reviewStage('situation'), {}, meta)).toEqual(paused);
    expect(await db.$count(schema.auditEvent, eq(schema.auditEvent.outcome, 'denied'))).toBe(0);
    expect(await db.$count(schema.entry, eq(schema.entry.transferId, transferId))).toBe(0);
  });

  it('lets the editors write again once resumed', async () => {
    await changeTransferStatus(db, await actor(p.coordinator.id), transferId, 'pause', {}, meta);
    await changeTransferStatus(db, await actor(p.coordinator.id), transferId, 'resume', {}, meta);
    expect(canEditTransfer(await actor(p.editor.id), await transfer())).toBe(true);
  });
});

describe('addMentor and removeMentor', () => {
  it('adds a person with the mentor role, audited, and tells them', async () => {
    const second = await createUser(db, 'mentor', p.organisations.early.id);
    expect(await addMentor(db, await actor(p.coordinator.id), transferId, { userId: second.id }, meta)).toEqual({ ok: true });
    expect((await transfer()).mentorIds.sort()).toEqual([p.mentor.id, second.id].sort());
    expect(await lastAudit()).toMatchObject({ action: 'transfer.add-mentor', outcome: 'success', targetId: transferId, detail: JSON.stringify({ userId: second.id }) });
    expect(await db.$count(schema.notification, and(eq(schema.notification.userId, second.id), eq(schema.notification.transferId, transferId)))).toBe(1);
    expect(await db.$count(schema.mailMessage, eq(schema.mailMessage.to, second.email))).toBe(1);
  });

  it('refuses people without the mentor role and a mentor already assigned', async () => {
    const coordinator = await actor(p.coordinator.id);
    for (const id of [p.editor.id, p.viewer.id, p.coordinator.id, 'nobody']) expect(await addMentor(db, coordinator, transferId, { userId: id }, meta)).toMatchObject({ ok: false, errors: { userId: [expect.any(String)] } });
    expect(await addMentor(db, coordinator, transferId, { userId: p.mentor.id }, meta)).toMatchObject({ ok: false, status: 409 });
    expect((await transfer()).mentorIds).toEqual([p.mentor.id]);
  });

  it('removes the last mentor, leaving the transfer without a mentor (the removed mentor no longer sees it)', async () => {
    const removed = await removeMentor(db, await actor(p.coordinator.id), transferId, { userId: p.mentor.id }, meta);
    expect(removed).toEqual({ ok: true, mentorless: true });
    expect((await transfer()).mentorIds).toEqual([]);
    expect(canViewTransfer(await actor(p.mentor.id), await transfer())).toBe(false);
    expect(await lastAudit()).toMatchObject({ action: 'transfer.remove-mentor', outcome: 'success' });
    expect(await db.$count(schema.notification, eq(schema.notification.userId, p.mentor.id))).toBe(1);
    // Told with a link they can still open (the transfer is now 404 for them), and which transfer it was.
    const told = await first(db.select().from(schema.notification).where(eq(schema.notification.userId, p.mentor.id)).limit(1));
    expect(told).toMatchObject({ link: '/workspace/', summary: `Test coordinator removed you as a mentor of ${(await transfer()).title}` });
    const toTeam = await first(db.select().from(schema.notification).where(eq(schema.notification.userId, p.editor.id)).orderBy(desc(schema.notification.id)).limit(1));
    expect(toTeam?.link).toBe(`/workspace/transfers/${transferId}/`);
    expect(await db.$count(schema.activity, and(eq(schema.activity.transferId, transferId), eq(schema.activity.summary, told!.summary)))).toBe(0);
    expect(await removeMentor(db, await actor(p.coordinator.id), transferId, { userId: p.mentor.id }, meta)).toMatchObject({ ok: false, status: 409 });
  });

  it('refuses anyone but a coordinator, audited as denied', async () => {
    const other = await createUser(db, 'mentor', p.organisations.early.id);
    expect(await addMentor(db, await actor(p.mentor.id), transferId, { userId: other.id }, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await lastAudit()).toMatchObject({ action: 'transfer.add-mentor', outcome: 'denied', actorUserId: p.mentor.id });
    expect(await removeMentor(db, await actor(p.editor.id), transferId, { userId: p.mentor.id }, meta)).toMatchObject({ ok: false, status: 403 });
    expect((await transfer()).mentorIds).toEqual([p.mentor.id]);
  });
});

describe('openTransfer of an organisation × practice that already has one', () => {
  const input = () => ({ organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] });

  it('is refused, naming the existing transfer, until the coordinator confirms it by its id', async () => {
    const coordinator = await actor(p.coordinator.id);
    const refused = await openTransfer(db, coordinator, input(), [practice], meta);
    expect(refused).toMatchObject({ ok: false, status: 409, duplicates: [{ id: transferId }], errors: { confirmDuplicates: [expect.stringMatching(/already has a transfer of Shared Care Platform/)] } });
    expect(await db.$count(schema.transfer)).toBe(1);
    const confirmed = await openTransfer(db, coordinator, { ...input(), confirmDuplicates: [transferId] }, [practice], meta);
    expect(confirmed.ok).toBe(true);
    expect(await db.$count(schema.transfer)).toBe(2);
    expect(JSON.parse((await lastAudit())!.detail!)).toMatchObject({ alongside: [transferId] });
  });

  it('is refused when the confirmation names only some of the existing transfers (one opened meanwhile)', async () => {
    const coordinator = await actor(p.coordinator.id);
    const second = await openTransfer(db, coordinator, { ...input(), confirmDuplicates: [transferId] }, [practice], meta);
    if (!second.ok) throw new Error('second transfer not opened');
    const third = await openTransfer(db, coordinator, { ...input(), confirmDuplicates: [transferId] }, [practice], meta);
    expect(third).toMatchObject({ ok: false, status: 409, duplicates: [{ id: transferId }, { id: second.transferId }] });
  });

  it('is not asked for another organisation or another practice', async () => {
    const coordinator = await actor(p.coordinator.id);
    expect((await openTransfer(db, coordinator, { ...input(), organisationId: p.organisations.other.id }, [practice], meta)).ok).toBe(true);
  });
});

describe('the dashboards and lists', () => {
  it('leave closed and archived transfers out of the active counts, and count paused ones', async () => {
    const coordinator = await actor(p.coordinator.id);
    const templates = realTemplates();
    const other = await openTransfer(db, coordinator, { organisationId: p.organisations.other.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta);
    if (!other.ok) throw new Error('not opened');
    expect(await cohortRows(db, { now, templates })).toHaveLength(2);
    await changeTransferStatus(db, coordinator, transferId, 'pause', {}, meta);
    expect(await cohortRows(db, { now, templates })).toHaveLength(2);
    await changeTransferStatus(db, coordinator, transferId, 'close', {}, meta);
    const rows = await cohortRows(db, { now, templates });
    expect(rows.map((r) => r.id)).toEqual([other.transferId]);
    expect(programmeCounts(rows, templates).practices).toEqual([{ practiceId: practice.id, transfers: 1, approvedActionPlans: 0 }]);
    expect((await cohortRows(db, { mentorId: p.mentor.id, now, templates })).map((r) => r.id)).toEqual([other.transferId]);
    expect(await uncountedTransfers(db)).toBe(1);
    expect(await uncountedTransfers(db, p.mentor.id)).toBe(1);
    await changeTransferStatus(db, coordinator, transferId, 'reopen', {}, meta);
    expect(await cohortRows(db, { now, templates })).toHaveLength(2);
    expect(await uncountedTransfers(db)).toBe(0);
  });

  it('hide archived transfers from the default list but show them with the filter', async () => {
    const coordinator = await actor(p.coordinator.id);
    await changeTransferStatus(db, coordinator, transferId, 'close', {}, meta);
    expect((await listVisibleTransfers(db, await actor(p.editor.id))).map((t) => t.id)).toEqual([transferId]);
    await changeTransferStatus(db, coordinator, transferId, 'archive', {}, meta);
    expect(await listVisibleTransfers(db, await actor(p.editor.id))).toEqual([]);
    expect((await listVisibleTransfers(db, await actor(p.editor.id), 'archived')).map((t) => t.id)).toEqual([transferId]);
    expect((await listVisibleTransfers(db, await actor(p.editor.id), 'all')).map((t) => t.id)).toEqual([transferId]);
    expect(await listVisibleTransfers(db, await actor(p.otherEditor.id), 'all')).toEqual([]);
  });
});
