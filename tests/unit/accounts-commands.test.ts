import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { createSession, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { changePassword } from '../../src/lib/server/commands/account.ts';
import { acceptInvitation, accountExistsMessage, findOpenInvitation, invitationLifetimeMs, inviteUser, revokeInvitation } from '../../src/lib/server/commands/invitations.ts';
import { requestPasswordReset, resetLifetimeMs, resetPassword } from '../../src/lib/server/commands/password-reset.ts';
import { signIn, signInFailedMessage } from '../../src/lib/server/commands/sign-in.ts';
import { changeRole, disableUser } from '../../src/lib/server/commands/user-admin.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { createProgramme, createTestDb, testPassword } from '../support/db.ts';

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
const meta = { ip: '198.51.100.7', origin: 'https://portal.example' };
const lastMail = async () => (await db.select().from(schema.mailMessage).orderBy(schema.mailMessage.id)).at(-1);
const tokenIn = (text: string, path: string) => new RegExp(`${path}/([a-z0-9-]+\\.[a-z2-7]{24})`).exec(text)?.[1];
const audit = async (action: string) => db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, action)).orderBy(schema.auditEvent.id);

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
});

describe('signIn', () => {
  it('opens a session for the right password and records the sign-in', async () => {
    const result = await signIn(db, { email: p.editor.email.toUpperCase(), password: testPassword }, meta);
    expect(result.ok).toBe(true);
    if (result.ok) expect((await validateSessionToken(db, result.token))?.user.id).toBe(p.editor.id);
    expect((await audit('sign-in')).map((e) => e.outcome)).toEqual(['success']);
  });

  it('answers the same for an unknown e-mail and a wrong password, and records both failures', async () => {
    const unknown = await signIn(db, { email: 'nobody@example.org', password: testPassword }, meta);
    const wrong = await signIn(db, { email: p.editor.email, password: 'not the password' }, meta);
    expect(unknown).toEqual(wrong);
    expect(unknown).toEqual({ ok: false, errors: { '': [signInFailedMessage()] }, status: 400 });
    expect((await audit('sign-in')).map((e) => e.outcome)).toEqual(['failure', 'failure']);
  });

  it('refuses a disabled account with the same answer', async () => {
    await db.update(schema.user).set({ disabledAt: new Date().toISOString() }).where(eq(schema.user.id, p.editor.id));
    expect(await signIn(db, { email: p.editor.email, password: testPassword }, meta)).toMatchObject({ ok: false, errors: { '': [signInFailedMessage()] } });
  });

  it('asks for both fields', async () => {
    const result = await signIn(db, { email: '', password: '' }, meta);
    expect(result).toMatchObject({ ok: false, errors: { email: ['Enter your e-mail address.'], password: ['Enter your password.'] } });
  });

  it('slows an attacker with 429 after 5 failures on one account from one IP, without locking the owner out elsewhere', async () => {
    for (let i = 0; i < 5; i++) await signIn(db, { email: p.editor.email, password: `wrong ${i}` }, meta);
    const blocked = await signIn(db, { email: p.editor.email, password: testPassword }, meta);
    expect(blocked).toMatchObject({ ok: false, status: 429 });
    expect(JSON.stringify(blocked)).toMatch(/Too many attempts/);
    const owner = await signIn(db, { email: p.editor.email, password: testPassword }, { ...meta, ip: '203.0.113.9' });
    expect(owner.ok).toBe(true);
  });

  it('limits failures per IP across accounts', async () => {
    for (let i = 0; i < 30; i++) await signIn(db, { email: `guess${i}@example.org`, password: 'x' }, meta);
    expect(await signIn(db, { email: p.viewer.email, password: testPassword }, meta)).toMatchObject({ status: 429 });
    expect((await audit('sign-in')).some((e) => e.outcome === 'denied')).toBe(true);
  });
});

describe('invitations', () => {
  it('invite → e-mail with a single-use link → accept creates the account, membership and a session', async () => {
    const coordinator = await loadActor(db, p.coordinator.id);
    const invited = await inviteUser(db, coordinator, { email: 'New.Person@Example.org', organisationId: p.organisations.adopter.id, role: 'viewer' }, meta);
    expect(invited.ok).toBe(true);
    const mail = (await lastMail())!;
    expect(mail.to).toBe('new.person@example.org');
    const token = tokenIn(mail.text, 'https://portal.example/invitations')!;
    expect(token).toBeDefined();
    expect(await findOpenInvitation(db, token)).toMatchObject({ email: 'new.person@example.org', role: 'viewer' });

    const accepted = await acceptInvitation(db, token, { name: 'New Person', password: 'a good long passphrase', confirm: 'a good long passphrase' }, meta);
    expect(accepted.ok).toBe(true);
    const actor = await loadActor(db, (accepted as { userId: string }).userId);
    expect(actor.memberships).toEqual([{ organisationId: p.organisations.adopter.id, organisationKind: 'next-adopter', role: 'viewer' }]);
    expect((await signIn(db, { email: 'new.person@example.org', password: 'a good long passphrase' }, meta)).ok).toBe(true);

    const again = await acceptInvitation(db, token, { name: 'Someone Else', password: 'another long passphrase', confirm: 'another long passphrase' }, meta);
    expect(again).toMatchObject({ ok: false, status: 410 });
  });

  it('keeps the invitation open when the password is refused, and says why', async () => {
    await inviteUser(db, await loadActor(db, p.coordinator.id), { email: 'x@example.org', organisationId: p.organisations.adopter.id, role: 'editor' }, meta);
    const token = tokenIn((await lastMail())!.text, 'https://portal.example/invitations')!;
    expect(await acceptInvitation(db, token, { name: 'X', password: 'password', confirm: 'password' }, meta)).toMatchObject({ ok: false, errors: { name: ['Enter your name.'] } });
    expect(await acceptInvitation(db, token, { name: 'Xavier', password: 'password1', confirm: 'password1' }, meta)).toMatchObject({ ok: false, errors: { password: [expect.stringMatching(/most common/)] } });
    expect(await acceptInvitation(db, token, { name: 'Xavier', password: 'long enough words', confirm: 'long enough word' }, meta)).toMatchObject({ ok: false, errors: { confirm: ['The two passwords are not the same.'] } });
    expect(await findOpenInvitation(db, token)).toBeDefined();
  });

  it('expires after 7 days and can be revoked', async () => {
    const coordinator = await loadActor(db, p.coordinator.id);
    const now = new Date();
    await inviteUser(db, coordinator, { email: 'late@example.org', organisationId: p.organisations.adopter.id, role: 'editor' }, { ...meta, now });
    const token = tokenIn((await lastMail())!.text, 'https://portal.example/invitations')!;
    expect(await findOpenInvitation(db, token, new Date(now.getTime() + invitationLifetimeMs + 1))).toBeUndefined();
    const result = await revokeInvitation(db, coordinator, token.split('.')[0], meta);
    expect(result.ok).toBe(true);
    expect(await findOpenInvitation(db, token)).toBeUndefined();
  });

  it('only coordinators invite, and the refusal is audited', async () => {
    const editor = await loadActor(db, p.editor.id);
    expect(await inviteUser(db, editor, { email: 'x@example.org', organisationId: p.organisations.adopter.id, role: 'editor' }, meta)).toMatchObject({ ok: false, status: 403 });
    expect((await audit('invitation.create')).map((e) => e.outcome)).toEqual(['denied']);
  });

  it('refuses, with a clear message, a second invitation to an address that already has an account, and keeps it open', async () => {
    const coordinator = await loadActor(db, p.coordinator.id);
    for (const organisationId of [p.organisations.adopter.id, p.organisations.other.id]) await inviteUser(db, coordinator, { email: 'twice@example.org', organisationId, role: 'editor' }, meta);
    const [first, second] = (await db.select().from(schema.mailMessage).orderBy(schema.mailMessage.id)).map((m) => tokenIn(m.text, 'https://portal.example/invitations')!);
    const input = { name: 'Twice Invited', password: 'long enough words here', confirm: 'long enough words here' };
    expect(await acceptInvitation(db, first, input, meta)).toMatchObject({ ok: true });
    expect(await acceptInvitation(db, second, input, meta)).toEqual({ ok: false, status: 409, errors: { '': [accountExistsMessage()] } });
    expect(await findOpenInvitation(db, second)).toBeDefined();
    expect(await db.select().from(schema.user).where(eq(schema.user.email, 'twice@example.org'))).toHaveLength(1);
  });

  it('only coordinators revoke, and the refusal is audited with the invitation it aimed at', async () => {
    const invited = await inviteUser(db, await loadActor(db, p.coordinator.id), { email: 'kept@example.org', organisationId: p.organisations.adopter.id, role: 'editor' }, meta);
    if (!invited.ok) throw new Error('invitation failed');
    const result = await revokeInvitation(db, await loadActor(db, p.editor.id), invited.invitationId, meta);
    expect(result).toEqual({ ok: false, status: 403, errors: { '': ['Only coordinators can revoke invitations.'] } });
    expect((await audit('invitation.revoke')).map((e) => [e.outcome, e.actorUserId, e.targetId])).toEqual([['denied', p.editor.id, invited.invitationId]]);
    expect((await db.select().from(schema.invitation).where(eq(schema.invitation.id, invited.invitationId)))[0].revokedAt).toBeNull();
  });

  it('refuses a role the organisation cannot hold', async () => {
    const coordinator = await loadActor(db, p.coordinator.id);
    const result = await inviteUser(db, coordinator, { email: 'm@example.org', organisationId: p.organisations.adopter.id, role: 'mentor' }, meta);
    expect(result).toMatchObject({ ok: false, errors: { role: [expect.stringMatching(/editor or viewer/)] } });
  });
});

/** Asks for a reset and waits for the work the page does not wait for (the e-mail). */
async function requestReset(input: unknown, m: Parameters<typeof requestPasswordReset>[2]) {
  const result = await requestPasswordReset(db, input, m);
  if (result.ok) await result.work;
  return result;
}

describe('password reset', () => {
  it('answers the same whether or not the account exists, and mails only real accounts', async () => {
    expect(await requestReset({ email: 'nobody@example.org' }, meta)).toMatchObject({ ok: true });
    expect(await lastMail()).toBeUndefined();
    expect(await requestReset({ email: p.editor.email }, meta)).toMatchObject({ ok: true });
    expect((await lastMail())?.to).toBe(p.editor.email);
  });

  it('sets the new password, ends every session, and works only once', async () => {
    const { token: sessionToken } = await createSession(db, p.editor.id, {});
    await requestReset({ email: p.editor.email }, meta);
    const token = tokenIn((await lastMail())!.text, 'https://portal.example/reset-password')!;
    expect(await resetPassword(db, token, { password: 'a brand new passphrase', confirm: 'a brand new passphrase' }, meta)).toEqual({ ok: true });
    expect(await validateSessionToken(db, sessionToken)).toBeNull();
    expect((await signIn(db, { email: p.editor.email, password: 'a brand new passphrase' }, meta)).ok).toBe(true);
    expect(await resetPassword(db, token, { password: 'yet another passphrase', confirm: 'yet another passphrase' }, meta)).toMatchObject({ ok: false, status: 410 });
  });

  it('expires after 30 minutes', async () => {
    const now = new Date();
    await requestReset({ email: p.editor.email }, { ...meta, now });
    const token = tokenIn((await lastMail())!.text, 'https://portal.example/reset-password')!;
    const late = new Date(now.getTime() + resetLifetimeMs + 1000);
    expect(await resetPassword(db, token, { password: 'a brand new passphrase', confirm: 'a brand new passphrase' }, { ...meta, now: late })).toMatchObject({ ok: false, status: 410 });
  });

  it('answers before doing the account-specific work, so existing and unknown e-mails take as long', async () => {
    const result = await requestPasswordReset(db, { email: p.editor.email }, meta);
    // Nothing about the account has been looked up or written when the answer is ready...
    expect(await db.select().from(schema.passwordReset)).toEqual([]);
    expect(await lastMail()).toBeUndefined();
    // ...the link is made and mailed right after.
    if (result.ok) await result.work;
    expect((await lastMail())?.to).toBe(p.editor.email);
  });

  it('a reset or a password change ends every other reset link still open', async () => {
    await requestReset({ email: p.editor.email }, meta);
    const first = tokenIn((await lastMail())!.text, 'https://portal.example/reset-password')!;
    await requestReset({ email: p.editor.email }, meta);
    const second = tokenIn((await lastMail())!.text, 'https://portal.example/reset-password')!;
    expect((await resetPassword(db, second, { password: 'a brand new passphrase', confirm: 'a brand new passphrase' }, meta)).ok).toBe(true);
    expect(await resetPassword(db, first, { password: 'the attacker’s passphrase', confirm: 'the attacker’s passphrase' }, meta)).toMatchObject({ ok: false, status: 410 });
    await requestReset({ email: p.editor.email }, meta);
    const third = tokenIn((await lastMail())!.text, 'https://portal.example/reset-password')!;
    expect((await changePassword(db, p.editor.id, { current: 'a brand new passphrase', password: 'another fine passphrase', confirm: 'another fine passphrase' }, meta)).ok).toBe(true);
    expect(await resetPassword(db, third, { password: 'the attacker’s passphrase', confirm: 'the attacker’s passphrase' }, meta)).toMatchObject({ ok: false, status: 410 });
  });

  it('sends at most 3 reset e-mails an hour to one account', async () => {
    for (let i = 0; i < 5; i++) await requestReset({ email: p.editor.email }, meta);
    expect(await db.select().from(schema.mailMessage)).toHaveLength(3);
  });
});

describe('changePassword', () => {
  it('needs the current password, then ends every session and opens a new one', async () => {
    const old = await createSession(db, p.viewer.id, {});
    expect(await changePassword(db, p.viewer.id, { current: 'wrong', password: 'fresh long passphrase', confirm: 'fresh long passphrase' }, meta)).toMatchObject({ ok: false, errors: { current: [expect.any(String)] } });
    const result = await changePassword(db, p.viewer.id, { current: testPassword, password: 'fresh long passphrase', confirm: 'fresh long passphrase' }, meta);
    expect(result.ok).toBe(true);
    expect(await validateSessionToken(db, old.token)).toBeNull();
    if (result.ok) expect(await validateSessionToken(db, result.token)).not.toBeNull();
  });
});

describe('disableUser and changeRole', () => {
  it('disabling ends every session of the person at once', async () => {
    const s = await createSession(db, p.editor.id, {});
    expect(await disableUser(db, await loadActor(db, p.coordinator.id), p.editor.id, meta)).toEqual({ ok: true });
    expect(await validateSessionToken(db, s.token)).toBeNull();
    expect((await signIn(db, { email: p.editor.email, password: testPassword }, meta)).ok).toBe(false);
  });

  it('a coordinator cannot disable themselves, and an editor cannot disable anyone', async () => {
    expect(await disableUser(db, await loadActor(db, p.coordinator.id), p.coordinator.id, meta)).toMatchObject({ status: 403 });
    expect(await disableUser(db, await loadActor(db, p.editor.id), p.viewer.id, meta)).toMatchObject({ status: 403 });
    expect((await audit('user.disable')).map((e) => e.outcome)).toEqual(['denied', 'denied']);
  });

  it('changes a role within what the organisation allows, and audits it', async () => {
    const [m] = await db.select().from(schema.membership).where(eq(schema.membership.userId, p.viewer.id));
    const coordinator = await loadActor(db, p.coordinator.id);
    expect(await changeRole(db, coordinator, { membershipId: m.id, role: 'editor' }, meta)).toEqual({ ok: true });
    expect((await loadActor(db, p.viewer.id)).memberships[0].role).toBe('editor');
    expect(await changeRole(db, coordinator, { membershipId: m.id, role: 'coordinator' }, meta)).toMatchObject({ ok: false, errors: { role: [expect.any(String)] } });
    expect(JSON.parse((await audit('membership.change-role'))[0].detail!)).toMatchObject({ from: 'viewer', to: 'editor' });
  });
});
