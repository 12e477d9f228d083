/**
 * Passkeys (WebAuthn), verified with @simplewebauthn/server: the maintained, widely used library for the
 * ceremony's many checks (CBOR, COSE keys, origin, RP id hash, flags, counters), which is not our domain. A
 * passkey is a second factor after the password, or signs in alone: it proves possession of the device and, as
 * we require user verification, its PIN or biometric — two factors in one, and bound to our origin, so it cannot
 * be phished. Every ceremony's challenge is stored, single use, for five minutes; every outcome is audited.
 */
import { generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse, type AuthenticationResponseJSON, type RegistrationResponseJSON } from '@simplewebauthn/server';
import { and, eq, lte } from 'drizzle-orm';
import { recordAudit, recordAuditInTx } from '../audit.ts';
import { countAttempts, limits, tooManyAttemptsMessage } from '../auth/rate-limit.ts';
import { createSession, type Session } from '../auth/session.ts';
import { trustDeviceInTx } from '../auth/trusted-device.ts';
import { addMs, isoNow, minutes } from '../clock.ts';
import { first, schema, writeTransaction, type Db } from '../db.ts';
import { publicOrigin } from '../http.ts';
import { fail, type Result } from '../result.ts';
import { t } from '../../../i18n/index.ts';

const challengeLifetimeMs = minutes(5);
const rpName = 'Integrated Care Transfer Portal';
export const passkeyFailedMessage = () => t('auth:passkeyMessages.failed');

type Purpose = 'register' | 'sign-in' | 'second-factor';
type Meta = { ip: string; userAgent?: string | null; now?: Date };

/** The relying party is the portal's public origin (PUBLIC_SITE_URL): its host name is the RP id. */
function relyingParty() {
  const origin = publicOrigin();
  return { origin, rpID: new URL(origin).hostname };
}

export async function passkeysOf(db: Db, userId: string) {
  return db.select().from(schema.passkeyCredential).where(eq(schema.passkeyCredential.userId, userId));
}

async function storeChallenge(db: Db, purpose: Purpose, challenge: string, userId: string | null, now = new Date()): Promise<string> {
  const id = crypto.randomUUID();
  await writeTransaction(db, async (tx) => {
    await tx.delete(schema.webauthnChallenge).where(lte(schema.webauthnChallenge.expiresAt, isoNow(now)));
    await tx.insert(schema.webauthnChallenge).values({ id, challenge, purpose, userId, expiresAt: isoNow(addMs(now, challengeLifetimeMs)) });
  });
  return id;
}

/** Takes the challenge out (single use), if it exists, is current and was issued for this purpose (and user). */
async function takeChallenge(db: Db, id: string, purpose: Purpose, userId: string | null, now = new Date()) {
  const row = await writeTransaction(db, async (tx) => first(tx.delete(schema.webauthnChallenge).where(eq(schema.webauthnChallenge.id, id)).returning()));
  if (!row || row.purpose !== purpose || row.expiresAt <= isoNow(now) || (userId !== null && row.userId !== userId)) return undefined;
  return row;
}

const parseJson = <T>(text: unknown): T | undefined => {
  if (typeof text !== 'string' || text.length > 16_384) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
};

/** Options for adding a passkey to one's own account (the browser's navigator.credentials.create). */
export async function registrationOptions(db: Db, user: { id: string; email: string; name: string }) {
  const { rpID } = relyingParty();
  const existing = await passkeysOf(db, user.id);
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name,
    userID: new TextEncoder().encode(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: JSON.parse(c.transports) as string[] })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  return { challengeId: await storeChallenge(db, 'register', options.challenge, user.id), options };
}

export async function registerPasskey(db: Db, userId: string, input: { challenge?: string; response?: string; name?: string }, meta: Meta): Promise<Result> {
  const response = parseJson<RegistrationResponseJSON>(input.response);
  const stored = input.challenge ? await takeChallenge(db, input.challenge, 'register', userId, meta.now) : undefined;
  if (!response || !stored) return fail({ '': [t('auth:passkeyMessages.startAgain')] }, 400);
  const { origin, rpID } = relyingParty();
  const verification = await verifyRegistrationResponse({ response, expectedChallenge: stored.challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: true }).catch(() => undefined);
  if (!verification?.verified) {
    await recordAudit(db, { action: 'passkey.register', outcome: 'failure', actorUserId: userId, ip: meta.ip });
    return fail({ '': [t('auth:passkeyMessages.notConfirmed')] }, 400);
  }
  const { credential } = verification.registrationInfo;
  const name = (input.name ?? '').trim().slice(0, 80) || t('auth:passkeyMessages.defaultName', { day: isoNow(meta.now).slice(0, 10) });
  await writeTransaction(db, async (tx) => {
    await tx.insert(schema.passkeyCredential).values({ id: credential.id, userId, publicKey: Buffer.from(credential.publicKey), counter: credential.counter, transports: JSON.stringify(credential.transports ?? []), name }).onConflictDoNothing();
    await recordAuditInTx(tx, { action: 'passkey.register', outcome: 'success', actorUserId: userId, targetType: 'passkey', targetId: credential.id, ip: meta.ip });
  });
  return { ok: true };
}

export async function removePasskey(db: Db, userId: string, passkeyId: string, meta: Meta): Promise<Result> {
  const removed = await writeTransaction(db, async (tx) => {
    const gone = await tx.delete(schema.passkeyCredential).where(and(eq(schema.passkeyCredential.id, passkeyId), eq(schema.passkeyCredential.userId, userId))).returning({ id: schema.passkeyCredential.id });
    if (gone.length) await recordAuditInTx(tx, { action: 'passkey.remove', outcome: 'success', actorUserId: userId, targetType: 'passkey', targetId: passkeyId, ip: meta.ip });
    return gone.length;
  });
  return removed ? { ok: true } : fail({ '': [t('auth:passkeyMessages.notYours')] }, 404);
}

/**
 * Options for signing in with a passkey: any of the account's (passwordless: the browser offers the passkeys it
 * holds for this site), or, after the password, one of that person's.
 */
export async function authenticationOptions(db: Db, pending?: Session | null) {
  const { rpID } = relyingParty();
  const allow = pending ? (await passkeysOf(db, pending.userId)).map((c) => ({ id: c.id, transports: JSON.parse(c.transports) as string[] })) : undefined;
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'required', allowCredentials: allow });
  return { challengeId: await storeChallenge(db, pending ? 'second-factor' : 'sign-in', options.challenge, pending?.userId ?? null), options };
}

/** Checks an assertion against the stored challenge and credential; the credential's user when it holds. */
async function verifyAssertion(db: Db, input: { challenge?: string; response?: string }, purpose: 'sign-in' | 'second-factor', userId: string | null, meta: Meta) {
  const response = parseJson<AuthenticationResponseJSON>(input.response);
  const stored = input.challenge ? await takeChallenge(db, input.challenge, purpose, userId, meta.now) : undefined;
  if (!response || typeof response.id !== 'string' || !stored) return undefined;
  const credential = await first(db.select().from(schema.passkeyCredential).where(eq(schema.passkeyCredential.id, response.id)).limit(1));
  if (!credential || (userId !== null && credential.userId !== userId)) return undefined;
  const { origin, rpID } = relyingParty();
  const verification = await verifyAuthenticationResponse({
    response,
    expectedChallenge: stored.challenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    requireUserVerification: true,
    credential: { id: credential.id, publicKey: new Uint8Array(credential.publicKey), counter: credential.counter, transports: JSON.parse(credential.transports) },
  }).catch(() => undefined);
  if (!verification?.verified) return undefined;
  return { credential, newCounter: verification.authenticationInfo.newCounter };
}

/** Passwordless sign-in: counted per IP like a password attempt, audited, and the browser becomes trusted. */
export async function signInWithPasskey(db: Db, input: { challenge?: string; response?: string }, meta: Meta): Promise<Result<{ token: string; expiresAt: Date; deviceCookie: string }>> {
  const verdict = await countAttempts(db, [[limits.signInPerIp, meta.ip]], meta.now?.getTime());
  if (!verdict.allowed) return fail({ '': [tooManyAttemptsMessage(verdict.retryAfterSeconds)] }, 429);
  const verified = await verifyAssertion(db, input, 'sign-in', null, meta);
  const user = verified ? await first(db.select().from(schema.user).where(eq(schema.user.id, verified.credential.userId)).limit(1)) : undefined;
  if (!verified || !user || user.disabledAt) {
    await recordAudit(db, { action: 'sign-in', outcome: 'failure', actorUserId: user?.id, ip: meta.ip, detail: { method: 'passkey', reason: user?.disabledAt ? 'disabled' : 'not-verified' } });
    return fail({ '': [passkeyFailedMessage()] }, 400);
  }
  const signedIn = await writeTransaction(db, async (tx) => {
    await tx.update(schema.passkeyCredential).set({ counter: verified.newCounter, lastUsedAt: isoNow(meta.now) }).where(eq(schema.passkeyCredential.id, verified.credential.id));
    const session = await createSession(tx, user.id, { ip: meta.ip, userAgent: meta.userAgent }, meta.now);
    const deviceCookie = await trustDeviceInTx(tx, user.id);
    await recordAuditInTx(tx, { action: 'sign-in', outcome: 'success', actorUserId: user.id, targetType: 'user', targetId: user.id, ip: meta.ip, detail: { method: 'passkey' } });
    return { ...session, deviceCookie };
  });
  return { ok: true, token: signedIn.token, expiresAt: signedIn.expiresAt, deviceCookie: signedIn.deviceCookie };
}

/** A passkey as the second step after the password. */
export async function passkeyAsSecondFactor(db: Db, session: Session, input: { challenge?: string; response?: string }, meta: Meta): Promise<Result<{ deviceCookie: string }>> {
  if (!session.secondFactorPending) return fail({ '': [t('auth:passkeyMessages.noFactorWaited')] }, 409);
  const verdict = await countAttempts(db, [[limits.secondFactor, session.userId]], meta.now?.getTime());
  if (!verdict.allowed) return fail({ '': [tooManyAttemptsMessage(verdict.retryAfterSeconds, 'none')] }, 429);
  const verified = await verifyAssertion(db, input, 'second-factor', session.userId, meta);
  if (!verified) {
    await recordAudit(db, { action: 'second-factor.verify', outcome: 'failure', actorUserId: session.userId, ip: meta.ip, detail: { method: 'passkey' } });
    return fail({ '': [passkeyFailedMessage()] }, 400);
  }
  const deviceCookie = await writeTransaction(db, async (tx) => {
    await tx.update(schema.passkeyCredential).set({ counter: verified.newCounter, lastUsedAt: isoNow(meta.now) }).where(eq(schema.passkeyCredential.id, verified.credential.id));
    await tx.update(schema.session).set({ secondFactorPending: false }).where(eq(schema.session.id, session.id));
    const cookie = await trustDeviceInTx(tx, session.userId);
    await recordAuditInTx(tx, { action: 'second-factor.verify', outcome: 'success', actorUserId: session.userId, targetType: 'user', targetId: session.userId, ip: meta.ip, detail: { method: 'passkey' } });
    return cookie;
  });
  return { ok: true, deviceCookie };
}
