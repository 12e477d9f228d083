/**
 * The workspace speaks each reader's language, whoever wrote: notifications and activity are stored as catalogue
 * messages and rendered when read; e-mails are written in the recipient's language; Account → Language sets it.
 */
import { desc, eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { withLocale } from '../../src/i18n/index.ts';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { setLanguage } from '../../src/lib/server/commands/account.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { listInbox } from '../../src/lib/server/review/inbox.ts';
import { listActivity } from '../../src/lib/server/review/queries.ts';
import { openTransfer } from '../../src/lib/server/transfers/commands.ts';
import { changeTransferStatus } from '../../src/lib/server/transfers/lifecycle.ts';
import { createProgramme, createTestDb } from '../support/db.ts';

const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
const meta = { ip: '127.0.0.1', origin: 'http://portal.test' };
const templates = { stage: () => undefined, kind: () => undefined };

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transferId: string;

beforeEach(async () => {
  delete process.env.SMTP_URL;
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transferId = opened.transferId;
});

describe('Account → Language', () => {
  it('stores the chosen language (English as no choice), audited; refuses a language that is not served, in the language of the page', async () => {
    const mentor = await loadActor(db, p.mentor.id);
    expect(await setLanguage(db, mentor, { locale: 'da' }, meta)).toEqual({ ok: true, locale: 'da' });
    expect((await first(db.select().from(schema.user).where(eq(schema.user.id, p.mentor.id)).limit(1)))!.locale).toBe('da');
    expect(await first(db.select().from(schema.auditEvent).orderBy(desc(schema.auditEvent.id)).limit(1))).toMatchObject({ action: 'account.language', outcome: 'success', actorUserId: p.mentor.id });
    await setLanguage(db, mentor, { locale: 'en' }, meta);
    expect((await first(db.select().from(schema.user).where(eq(schema.user.id, p.mentor.id)).limit(1)))!.locale).toBeNull();
    const refused = await withLocale('es', () => setLanguage(db, mentor, { locale: 'xx' }, meta));
    expect(refused).toMatchObject({ ok: false, errors: { locale: ['Elige uno de los idiomas de la lista.'] } });
  });
});

describe('a notification and an e-mail from an English-speaking coordinator', () => {
  it('read in Danish for a Danish mentor, in English for the English-speaking team; the English summary is stored', async () => {
    await db.update(schema.user).set({ locale: 'da' }).where(eq(schema.user.id, p.mentor.id));
    const coordinator = await loadActor(db, p.coordinator.id);
    // The coordinator's own request is in English.
    expect(await withLocale('en', () => changeTransferStatus(db, coordinator, transferId, 'pause', { reason: 'Valg i regionen' }, meta))).toMatchObject({ ok: true });

    const [forMentor] = await withLocale('da', () => listInbox(db, p.mentor.id, templates));
    expect(forMentor.summary).toMatch(/^.+ satte overførslen .+ på pause: Valg i regionen$/);
    const stored = await first(db.select().from(schema.notification).where(eq(schema.notification.userId, p.mentor.id)).limit(1));
    expect(stored!.summary).toMatch(/ paused the transfer .+: Valg i regionen$/);
    expect(JSON.parse(stored!.message!)).toMatchObject({ key: 'shell:events.transfer.pauseWithReason' });
    const [forEditor] = await withLocale('en', () => listInbox(db, p.editor.id, templates));
    expect(forEditor.summary).toBe(stored!.summary);
    // The activity feed too, in whoever reads it.
    const [line] = await withLocale('da', () => listActivity(db, transferId));
    expect(line.summary).toMatch(/satte overførslen/);

    const mails = await db.select().from(schema.mailMessage);
    const toMentor = mails.find((m) => m.to === p.mentor.email)!;
    expect(toMentor.subject).toMatch(/^Overførsel sat på pause: /);
    expect(toMentor.text).toMatch(/^Kære /);
    expect(toMentor.text).toContain('Denne overførsel er sat på pause.');
    expect(toMentor.text).toContain('Åbn det i portalen: http://portal.test/workspace/');
    const toEditor = mails.find((m) => m.to === p.editor.email)!;
    expect(toEditor.subject).toMatch(/^Transfer paused: /);
    expect(toEditor.text).toContain('This transfer is paused.');
  });

  it('an older row without a message keeps its English summary', async () => {
    await db.insert(schema.notification).values({ userId: p.mentor.id, transferId, summary: 'Old English line', link: '/workspace/', createdAt: new Date().toISOString() });
    const [item] = await withLocale('da', () => listInbox(db, p.mentor.id, templates));
    expect(item.summary).toBe('Old English line');
  });
});

describe('an invitation in the invitee’s language', () => {
  it('is mailed in the language the English-speaking coordinator chose, opens in it, and the new account starts in it', async () => {
    const { inviteUser, acceptInvitation, findOpenInvitation } = await import('../../src/lib/server/commands/invitations.ts');
    const coordinator = await loadActor(db, p.coordinator.id);
    const invited = await withLocale('en', () => inviteUser(db, coordinator, { email: 'ida@example.org', organisationId: p.organisations.adopter.id, role: 'editor', locale: 'da' }, meta));
    expect(invited).toMatchObject({ ok: true });
    const mail = (await db.select().from(schema.mailMessage)).find((m) => m.to === 'ida@example.org')!;
    expect(mail.subject).toMatch(/^Du er inviteret til Integrated Care Transfer Portal/);
    expect(mail.text).toContain('som redaktør');
    const link = /http:\/\/portal\.test\/invitations\/(\S+)\?lang=da/.exec(mail.text);
    expect(link).not.toBeNull();
    expect(await findOpenInvitation(db, link![1])).toMatchObject({ locale: 'da' });
    expect(await acceptInvitation(db, link![1], { name: 'Ida Jensen', password: 'a calm and long passphrase', confirm: 'a calm and long passphrase' }, { ip: meta.ip })).toMatchObject({ ok: true });
    expect((await first(db.select().from(schema.user).where(eq(schema.user.email, 'ida@example.org')).limit(1)))!.locale).toBe('da');
    // Without a choice, the inviter's language: English, stored as English, the link without ?lang=.
    await inviteUser(db, coordinator, { email: 'eve@example.org', organisationId: p.organisations.adopter.id, role: 'viewer' }, meta);
    const english = (await db.select().from(schema.mailMessage)).find((m) => m.to === 'eve@example.org')!;
    expect(english.subject).toMatch(/^You are invited to the Integrated Care Transfer Portal/);
    expect(english.text).toContain('as viewer on the Integrated Care Transfer Portal');
    expect(english.text).not.toContain('?lang=');
  });
});
