/** Second factors against a real SQLite: enrolment, sign-in with a code or a recovery code, replay, limits, reset. */
import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { totpAt } from '../../src/lib/server/auth/second-factor.ts';
import { validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { confirmEnrolment, regenerateRecoveryCodes, removeSecondFactor, resetSecondFactor, startEnrolment, verifySecondFactor, wrongCodeMessage } from '../../src/lib/server/commands/second-factor.ts';
import { signIn } from '../../src/lib/server/commands/sign-in.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { resolveRequestContext } from '../../src/lib/server/request-context.ts';
import { createProgramme, createTestDb, testPassword } from '../support/db.ts';

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
const meta = { ip: '198.51.100.7' };
const step = 30_000;
const audit = async (action: string) => (await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, action)).orderBy(schema.auditEvent.id)).map((e) => e.outcome);

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
});

/** Enrols `userId` at `now`; the key and the recovery codes. */
async function enrol(userId: string, now = new Date()) {
  const started = await startEnrolment(db, userId);
  if (!started.ok) throw new Error('enrolment did not start');
  const confirmed = await confirmEnrolment(db, userId, { code: totpAt(started.key, now.getTime()) }, { ...meta, now });
  if (!confirmed.ok) throw new Error(JSON.stringify(confirmed.errors));
  return { key: started.key, codes: confirmed.recoveryCodes };
}

async function passwordStep(email: string, now = new Date()) {
  const r = await signIn(db, { email, password: testPassword }, { ...meta, now });
  if (!r.ok) throw new Error('password step failed');
  const checked = await validateSessionToken(db, r.token, now);
  return { ...r, session: checked!.session };
}

describe('enrolment', () => {
  it('confirms the app with a first code and gives ten single-use recovery codes, audited', async () => {
    const { codes } = await enrol(p.editor.id);
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(codes[0]).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$/);
    expect(await audit('second-factor.enrol')).toEqual(['success']);
    // Only hashes are stored.
    const stored = await db.select().from(schema.recoveryCode);
    expect(stored.map((r) => Buffer.from(r.codeHash).toString()).some((h) => codes.some((c) => h.includes(c)))).toBe(false);
  });

  it('refuses a wrong first code and keeps the enrolment pending', async () => {
    const started = await startEnrolment(db, p.editor.id);
    if (!started.ok) throw new Error();
    expect(await confirmEnrolment(db, p.editor.id, { code: '000000' === totpAt(started.key) ? '111111' : '000000' }, meta)).toMatchObject({ ok: false, errors: { code: [wrongCodeMessage()] } });
    expect((await first(db.select().from(schema.totpCredential).limit(1)))?.confirmedAt).toBeNull();
  });
});

describe('signing in with a second factor', () => {
  it('gives a session that opens nothing until the code, then opens fully', async () => {
    const now = new Date();
    const { key } = await enrol(p.editor.id, new Date(now.getTime() - 2 * step));
    const first = await passwordStep(p.editor.email, now);
    expect(first.secondFactorPending).toBe(true);
    expect(first.deviceCookie).toBeUndefined();
    const header = (name: string) => (name === 'cookie' ? `session=${first.token}` : null);
    const before = await resolveRequestContext(db, { method: 'GET', pathname: '/workspace/', header }, { now });
    expect(before).toMatchObject({ user: null, actor: null, access: 'sign-in' });
    const verified = await verifySecondFactor(db, first.session, { code: totpAt(key, now.getTime()) }, { ...meta, now });
    expect(verified).toMatchObject({ ok: true, usedRecoveryCode: false });
    const after = await resolveRequestContext(db, { method: 'GET', pathname: '/workspace/', header }, { now });
    expect(after).toMatchObject({ access: 'allow', user: { id: p.editor.id } });
    expect(await audit('second-factor.verify')).toEqual(['success']);
  });

  it('accepts a code once: the same code cannot open a second session', async () => {
    const now = new Date();
    const { key } = await enrol(p.editor.id, new Date(now.getTime() - 2 * step));
    const code = totpAt(key, now.getTime());
    const a = await passwordStep(p.editor.email, now);
    const b = await passwordStep(p.editor.email, now);
    expect((await verifySecondFactor(db, a.session, { code }, { ...meta, now })).ok).toBe(true);
    expect(await verifySecondFactor(db, b.session, { code }, { ...meta, now })).toMatchObject({ ok: false, errors: { code: [wrongCodeMessage()] } });
  });

  it('accepts each recovery code once, in any case and spacing', async () => {
    const now = new Date();
    const { codes } = await enrol(p.editor.id, now);
    const a = await passwordStep(p.editor.email, now);
    expect(await verifySecondFactor(db, a.session, { code: ` ${codes[3].toLowerCase().replaceAll('-', ' ')} ` }, meta)).toMatchObject({ ok: true, usedRecoveryCode: true });
    const b = await passwordStep(p.editor.email, now);
    expect((await verifySecondFactor(db, b.session, { code: codes[3] }, meta)).ok).toBe(false);
  });

  it('allows 5 wrong codes in 15 minutes, then refuses even the right one', async () => {
    const now = new Date();
    const { key } = await enrol(p.editor.id, new Date(now.getTime() - 2 * step));
    const a = await passwordStep(p.editor.email, now);
    for (let i = 0; i < 5; i++) expect(await verifySecondFactor(db, a.session, { code: String(100000 + i) === totpAt(key, now.getTime()) ? '999999' : String(100000 + i) }, { ...meta, now })).toMatchObject({ status: 400 });
    expect(await verifySecondFactor(db, a.session, { code: totpAt(key, now.getTime()) }, { ...meta, now })).toMatchObject({ status: 429 });
    expect(await audit('second-factor.verify')).toContain('denied');
  });

  it('a session waiting for its code ends after 10 minutes', async () => {
    const now = new Date();
    await enrol(p.editor.id, now);
    const a = await passwordStep(p.editor.email, now);
    expect(await validateSessionToken(db, a.token, new Date(now.getTime() + 10 * 60_000 + 1))).toBeNull();
  });
});

describe('required for coordinators and mentors', () => {
  it('sends them to set one up before anything else; editors are not forced', async () => {
    for (const [person, forced] of [[p.coordinator, true], [p.mentor, true], [p.editor, false]] as const) {
      const r = await passwordStep(person.email);
      const header = (name: string) => (name === 'cookie' ? `session=${r.token}` : null);
      const ctx = await resolveRequestContext(db, { method: 'GET', pathname: '/workspace/transfers/', header });
      expect(ctx).toMatchObject({ access: forced ? 'enrol' : 'allow' });
      const setup = await resolveRequestContext(db, { method: 'GET', pathname: '/workspace/account/two-factor/', header });
      expect(setup).toMatchObject({ access: 'allow' });
    }
    await enrol(p.mentor.id);
    const r = await signIn(db, { email: p.mentor.email, password: testPassword }, meta);
    expect(r).toMatchObject({ ok: true, secondFactorPending: true });
  });

  it('cannot be removed by a coordinator or mentor themselves; an editor may remove theirs with a code', async () => {
    const now = new Date();
    const mentor = await enrol(p.mentor.id, new Date(now.getTime() - 2 * step));
    expect(await removeSecondFactor(db, await loadActor(db, p.mentor.id), { code: totpAt(mentor.key, now.getTime()) }, { ...meta, now })).toMatchObject({ ok: false, status: 403 });
    const editor = await enrol(p.editor.id, new Date(now.getTime() - 2 * step));
    expect((await removeSecondFactor(db, await loadActor(db, p.editor.id), { code: totpAt(editor.key, now.getTime()) }, { ...meta, now })).ok).toBe(true);
    expect(await db.select().from(schema.totpCredential).where(eq(schema.totpCredential.userId, p.editor.id))).toEqual([]);
  });
});

describe('recovery codes and a lost factor', () => {
  it('new recovery codes replace the old ones, after a current code', async () => {
    const now = new Date();
    const { key, codes } = await enrol(p.editor.id, new Date(now.getTime() - 2 * step));
    const fresh = await regenerateRecoveryCodes(db, p.editor.id, { code: totpAt(key, now.getTime()) }, { ...meta, now });
    if (!fresh.ok) throw new Error();
    const a = await passwordStep(p.editor.email, now);
    expect((await verifySecondFactor(db, a.session, { code: codes[0] }, meta)).ok).toBe(false);
    expect((await verifySecondFactor(db, a.session, { code: fresh.recoveryCodes[0] }, meta)).ok).toBe(true);
  });

  it('a coordinator resets someone else’s factor: it goes, their sessions end, they enrol again; audited', async () => {
    await enrol(p.mentor.id);
    const session = await passwordStep(p.mentor.email);
    const coordinator = await loadActor(db, p.coordinator.id);
    expect((await resetSecondFactor(db, coordinator, p.mentor.id, meta)).ok).toBe(true);
    expect(await validateSessionToken(db, session.token)).toBeNull();
    expect(await signIn(db, { email: p.mentor.email, password: testPassword }, meta)).toMatchObject({ ok: true, secondFactorPending: false });
    expect(await audit('second-factor.reset')).toEqual(['success']);
  });

  it('nobody else resets a factor, and a coordinator not their own', async () => {
    await enrol(p.coordinator.id);
    await enrol(p.viewer.id);
    expect(await resetSecondFactor(db, await loadActor(db, p.editor.id), p.viewer.id, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await resetSecondFactor(db, await loadActor(db, p.coordinator.id), p.coordinator.id, meta)).toMatchObject({ ok: false, status: 403 });
    expect(await audit('second-factor.reset')).toEqual(['denied', 'denied']);
    expect(await db.select().from(schema.totpCredential)).toHaveLength(2);
  });
});
