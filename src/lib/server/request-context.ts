/**
 * What an on-demand request is, decided once: whether it is refused before anything reads it (too large, not a
 * form, from another site), whose session it carries, who the actor is, and whether the route lets them in. The
 * middleware (src/middleware.ts) and the server's direct save path (src/server/direct-save.ts) both call
 * `resolveRequestContext`, so a request means the same thing whichever of them answers it.
 */
import { parseCookie } from 'cookie';
import { loadActor } from './accounts.ts';
import { sessionCookieName } from './auth/cookie.ts';
import { mustHaveSecondFactor } from './auth/second-factor.ts';
import { checkSessionToken, type Session, type SessionUser } from './auth/session.ts';
import { prepared, schema, type Db } from './db.ts';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { allowedMethods, formBodyLimit, formTooLargeMessage, formTypeOf, isAllowedMethod, isCrossSiteWrite, isFormBody, isSafeMethod, methodNotAllowedMessage, notAFormMessage, publicOrigin, unreadableFormMessage } from './http.ts';
import { routeAccess, type Actor, type RouteAccess } from './permissions.ts';

/** The parts of a request the decision reads; a Web `Request` and Node's `IncomingMessage` both give them. */
export type RequestFacts = { method: string; pathname: string; header: (name: string) => string | null | undefined };

/** `allow` (the Allow header's value) comes with a 405. */
export type Refusal = { status: 400 | 403 | 405 | 413 | 415; message: string; allow?: string };

export type RequestContext =
  | { refusal: Refusal }
  | {
      refusal?: undefined;
      /** The session token the request carried, if any. */
      token?: string;
      /** A token was sent but names no live session: the cookie should be removed. */
      stale: boolean;
      user: SessionUser | null;
      session: Session | null;
      actor: Actor | null;
      /** The session's last-verified time was written now: the cookie's expiry should follow. */
      refreshed: boolean;
      /** The hourly refresh is due but was not done (refresh: false). */
      refreshDue: boolean;
      /** A session whose password step passed and whose second factor has not been given yet: it opens nothing else. */
      secondFactorPending: Session | null;
      /** The token named a session that has just timed out: its user, for whom a form it carried may be kept. */
      expiredFor: string | null;
      access: RouteAccess;
    };

/**
 * Refusals that need nothing but the request line and headers. A write must come from the portal's own address
 * (PUBLIC_SITE_URL, or where it listens: never the Host header or the socket, which a TLS-terminating proxy or a
 * forger decides), and not from another site by the browser's own account (Sec-Fetch-Site).
 */
export function refusalOf(request: RequestFacts, origin = publicOrigin()): Refusal | undefined {
  if (!isAllowedMethod(request.method)) return { status: 405, message: methodNotAllowedMessage, allow: allowedMethods };
  // Too large to be a workspace form, or not a form at all: say so, rather than fail while reading it.
  if (Number(request.header('content-length') ?? 0) > formBodyLimit) return { status: 413, message: formTooLargeMessage };
  const contentType = request.header('content-type');
  if (!isSafeMethod(request.method) && formTypeOf(contentType) === 'multipart-without-boundary') return { status: 400, message: unreadableFormMessage };
  if (!isFormBody(request.method, contentType)) return { status: 415, message: notAFormMessage };
  if (!isSafeMethod(request.method) && (request.header('origin') !== origin || isCrossSiteWrite(request.method, request.header('sec-fetch-site')))) {
    return { status: 403, message: 'Cross-site form submissions are not accepted.' };
  }
  return undefined;
}

/** The one way a request's context is resolved: refusal, then session and actor, then route access. */
export async function resolveRequestContext(db: Db, request: RequestFacts, { now = new Date(), refresh = true } = {}): Promise<RequestContext> {
  const refusal = refusalOf(request);
  if (refusal) return { refusal };
  const token = parseCookie(request.header('cookie') ?? '')[sessionCookieName()] || undefined;
  const checked = token ? await checkSessionToken(db, token, now, { refresh }) : null;
  const expiredFor = checked && 'expiredFor' in checked ? checked.expiredFor : null;
  const live = checked && 'session' in checked ? checked : null;
  const pending = live?.session.secondFactorPending ? live.session : null;
  const valid = pending ? null : live;
  const actor = valid ? await loadActor(db, valid.user.id) : null;
  const factor = actor && mustHaveSecondFactor(actor) && !(await hasConfirmedFactor(db, actor.userId)) ? 'missing' : 'ok';
  return {
    token,
    stale: !!token && !live,
    user: valid?.user ?? null,
    session: valid?.session ?? null,
    actor,
    refreshed: valid?.refreshed ?? false,
    refreshDue: valid?.refreshDue ?? false,
    secondFactorPending: pending,
    expiredFor,
    access: routeAccess(request.pathname, actor, factor),
  };
}

/** A confirmed authenticator app or a passkey: either satisfies a role that needs a second factor. */
async function hasConfirmedFactor(db: Db, userId: string): Promise<boolean> {
  const totp = await prepared(db, 'totp.confirmed', (d) =>
    d.select({ userId: schema.totpCredential.userId }).from(schema.totpCredential).where(and(eq(schema.totpCredential.userId, sql.placeholder('userId')), isNotNull(schema.totpCredential.confirmedAt))),
  ).get({ userId });
  if (totp) return true;
  const passkey = await prepared(db, 'passkey.any', (d) => d.select({ id: schema.passkeyCredential.id }).from(schema.passkeyCredential).where(eq(schema.passkeyCredential.userId, sql.placeholder('userId'))).limit(1)).get({ userId });
  return !!passkey;
}
