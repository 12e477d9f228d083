/** Notifications as the list shows them (naming transfer and stage) and as opening one marks them read. */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/lib/server/db.ts';
import { schema } from '../../src/lib/server/db.ts';
import { listInbox, markPageRead, notificationTarget, openNotification, stageOf, unreadAboutPage } from '../../src/lib/server/review/inbox.ts';
import { addComment } from '../../src/lib/server/review/commands.ts';
import { createTestDb } from '../support/db.ts';
import { meta, monitoringSetup, sectionOf, templates } from '../support/monitoring.ts';

let db: Db;
let t: Awaited<ReturnType<typeof monitoringSetup>>;

beforeEach(async () => {
  db = await createTestDb();
  t = await monitoringSetup(db);
  await t.addAction('Train staff', '2027-06-30');
  await t.submit();
});

const comment = async (body: string) => {
  const r = await addComment(db, await t.as(t.p.editor.id), t.transfer, t.planStage, { body }, () => undefined, meta);
  if (!r.ok) throw new Error(JSON.stringify(r));
};
const inbox = () => listInbox(db, t.p.mentor.id, templates());

describe('listInbox', () => {
  it('names each notification’s transfer ("organisation: practice") and stage', async () => {
    const [n] = await inbox();
    expect(n).toMatchObject({ transfer: t.transfer.title, stage: t.planStage.title, summary: expect.stringMatching(/submitted/) });
    expect(t.transfer.title).toBe(`${t.p.organisations.adopter.name}: Shared Care Platform`);
  });

  it('names the form of a reminder that points to one, and says nothing of a page it does not know', () => {
    const reports = sectionOf('progress-reports').kind;
    expect(stageOf(`/workspace/transfers/x/${reports}/`, templates())).toBe(templates().kind(reports)!.title);
    expect(stageOf('/workspace/transfers/x/monitoring/', templates())).toBe('Implementation');
    expect(stageOf('/workspace/account/', templates())).toBeUndefined();
  });
});

describe('openNotification', () => {
  it('marks the opened notification read with the others of this person pointing to the same page, and no others', async () => {
    await comment('First question.');
    await comment('Second question.');
    const other = (await inbox()).find((n) => n.summary.includes('submitted'))!;
    // One more notification to a different page.
    await db.insert(schema.notification).values({ userId: t.p.mentor.id, transferId: t.transfer.id, summary: 'Elsewhere', link: `/workspace/transfers/${t.transfer.id}/monitoring/`, createdAt: new Date().toISOString() });
    const comments = (await inbox()).filter((n) => n.summary.includes('commented'));
    expect(comments).toHaveLength(2);
    const target = await openNotification(db, await t.as(t.p.mentor.id), comments[0]!.id);
    expect(target).toBe(comments[0]!.link);
    const after = await inbox();
    const readOf = (id: number) => after.find((n) => n.id === id)!.readAt;
    // The submission's link is the stage page itself, the comments' the same page with an anchor: all read together.
    expect([readOf(comments[0]!.id), readOf(comments[1]!.id), readOf(other.id)].every(Boolean)).toBe(true);
    expect(after.find((n) => n.summary === 'Elsewhere')!.readAt).toBeNull();
  });

  it('does not open someone else’s notification, nor mark anything read for them', async () => {
    const [n] = await inbox();
    expect(await openNotification(db, await t.as(t.p.editor.id), n!.id)).toBeUndefined();
    expect((await inbox())[0]!.readAt).toBeNull();
  });
});

describe('markPageRead (opening the page a notification points to, by any way)', () => {
  it('marks this person’s unread notifications about that page read, with or without their anchors, and no others', async () => {
    await comment('A question.');
    await db.insert(schema.notification).values({ userId: t.p.mentor.id, transferId: t.transfer.id, summary: 'Elsewhere', link: `/workspace/transfers/${t.transfer.id}/monitoring/`, createdAt: new Date().toISOString() });
    const stagePage = (await inbox()).find((n) => n.summary.includes('submitted'))!.link.split('#')[0]!;
    expect(await unreadAboutPage(db, t.p.mentor.id, stagePage)).toBe(2);
    // Someone else opening the page reads nothing of the mentor's.
    await markPageRead(db, await t.as(t.p.editor.id), stagePage);
    expect(await unreadAboutPage(db, t.p.mentor.id, stagePage)).toBe(2);
    expect(await markPageRead(db, await t.as(t.p.mentor.id), stagePage)).toBe(stagePage);
    expect(await unreadAboutPage(db, t.p.mentor.id, stagePage)).toBe(0);
    expect((await inbox()).find((n) => n.summary === 'Elsewhere')!.readAt).toBeNull();
  });

  it('reads nothing, and goes back to the list, for a page outside the workspace', async () => {
    const link = `/workspace/transfers/${t.transfer.id}/monitoring/`;
    await db.insert(schema.notification).values({ userId: t.p.mentor.id, transferId: t.transfer.id, summary: 'Elsewhere', link, createdAt: new Date().toISOString() });
    expect(await markPageRead(db, await t.as(t.p.mentor.id), `https://evil.example${link}`)).toBe('/workspace/notifications/');
    expect(await unreadAboutPage(db, t.p.mentor.id, link)).toBe(1);
  });
});

describe('notificationTarget', () => {
  it('keeps same-site workspace paths and sends anything else to the notification list', () => {
    expect(notificationTarget('/workspace/transfers/x/review/action-plan/#comment-1')).toBe('/workspace/transfers/x/review/action-plan/#comment-1');
    for (const link of ['https://evil.example/workspace/', '//evil.example/workspace/', '/admin/users/', '/workspace/../admin/', '/\tworkspace/']) expect(notificationTarget(link), link).toBe('/workspace/notifications/');
  });
});
