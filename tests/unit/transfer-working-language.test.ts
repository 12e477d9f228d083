import { desc } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { withLocale } from '../../src/i18n/index.ts';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { openTransfer } from '../../src/lib/server/transfers/commands.ts';
import { entrySchema } from '../../src/lib/server/transfers/entry-schema.ts';
import { setWorkingLanguage } from '../../src/lib/server/transfers/lifecycle.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { typedLang } from '../../src/lib/server/transfers/working-language.ts';
import { createProgramme, createTestDb } from '../support/db.ts';

const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };
const meta = { ip: '127.0.0.1', origin: 'http://portal.test' };

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
const actor = (id: string) => loadActor(db, id);
const lastAudit = async () => first(db.select().from(schema.auditEvent).orderBy(desc(schema.auditEvent.id)).limit(1));

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
});

const open = async (workingLanguage?: string) =>
  openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id], ...(workingLanguage === undefined ? {} : { workingLanguage }) }, [practice], { ip: meta.ip });

describe('openTransfer with a working language', () => {
  it('records the language chosen, English when none is, and refuses one the portal does not serve', async () => {
    const danish = await open('da');
    if (!danish.ok) throw new Error(JSON.stringify(danish));
    expect((await loadTransfer(db, danish.transferId))!.workingLanguage).toBe('da');
    expect(JSON.parse((await lastAudit())!.detail!)).toMatchObject({ workingLanguage: 'da' });
    const refused = await open('xx');
    expect(refused).toMatchObject({ ok: false, errors: { workingLanguage: ['Choose one of the languages listed.'] } });
  });
});

describe('setWorkingLanguage', () => {
  it('lets a coordinator change it, audited with the old and new language', async () => {
    const opened = await open();
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    expect((await loadTransfer(db, opened.transferId))!.workingLanguage).toBe('en');
    expect(await setWorkingLanguage(db, await actor(p.coordinator.id), opened.transferId, { workingLanguage: 'de' }, meta)).toEqual({ ok: true, workingLanguage: 'de' });
    expect((await loadTransfer(db, opened.transferId))!.workingLanguage).toBe('de');
    expect(await lastAudit()).toMatchObject({ action: 'transfer.working-language', outcome: 'success', actorUserId: p.coordinator.id, targetId: opened.transferId });
    expect(JSON.parse((await lastAudit())!.detail!)).toEqual({ from: 'en', to: 'de' });
  });

  it('refuses editors and mentors (audited as denied) and languages not served, changing nothing', async () => {
    const opened = await open('sv');
    if (!opened.ok) throw new Error(JSON.stringify(opened));
    for (const who of [p.editor.id, p.mentor.id]) {
      const refused = await setWorkingLanguage(db, await actor(who), opened.transferId, { workingLanguage: 'da' }, meta);
      expect(refused.ok).toBe(false);
      expect(await lastAudit()).toMatchObject({ action: 'transfer.working-language', outcome: 'denied', actorUserId: who });
    }
    expect(await setWorkingLanguage(db, await actor(p.coordinator.id), opened.transferId, { workingLanguage: 'qq' }, meta)).toMatchObject({ ok: false, errors: { workingLanguage: ['Choose one of the languages listed.'] } });
    expect((await loadTransfer(db, opened.transferId))!.workingLanguage).toBe('sv');
  });
});

describe('typedLang', () => {
  it('marks typed text only when the page speaks another language than the transfer', () => {
    expect(withLocale('en', () => typedLang('da'))).toBe('da');
    expect(withLocale('da', () => typedLang('da'))).toBeUndefined();
    expect(withLocale('en', () => typedLang(null))).toBeUndefined();
  });
});

describe('a record’s validation', () => {
  it('speaks the language of the request that checks it (the schema is built once and shared)', () => {
    const section = { id: 's', title: 'S', repeatable: true, fields: [{ id: 'impact', label: 'Impact', type: 'number', required: true, public: false, min: 1, max: 5 }] } as never;
    const issue = (locale: string) => withLocale(locale, () => entrySchema(section).safeParse({ impact: '9' }).error?.issues[0]?.message);
    expect(issue('en')).toBe('Impact: at most 5.');
    expect(issue('es')).toBe('Impact: como máximo 5.');
  });
});
