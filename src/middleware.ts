/**
 * For on-demand routes, in order: resolve the request's context (refusals, session, actor, route access: one
 * function, src/lib/server/request-context.ts, which the direct save path calls too), send people who may not
 * enter to sign-in or "forbidden", keep private pages out of every cache but ours, and serve the heaviest pages
 * from that cache; every answer carries the reason phrase of its status. Prerendered public pages skip all of it.
 */
import { defineMiddleware, sequence } from 'astro:middleware';
import type { MiddlewareHandler } from 'astro';
import { FormReadError, readForm } from './lib/server/http';
import { recordAudit } from './lib/server/audit';
import { deleteSessionCookie, setSessionCookie } from './lib/server/auth/cookie';
import { sessionExpiry } from './lib/server/auth/session';
import { databaseReady, getDb } from './lib/server/db';
import { keepPendingForm } from './lib/server/pending-forms';
import { withReasonPhrase } from './lib/server/reason-phrase';
import { enabled as pageCacheEnabled, pageCache, pageKey } from './lib/server/page-cache';
import { secondFactorSetupPath } from './lib/server/permissions';
import { resolveRequestContext } from './lib/server/request-context';
import { unreadCount } from './lib/server/review/queries';
import { templatePages } from './lib/server/transfers/practices';
import { requestLocale } from './lib/server/request-locale';
import { t, withLocale } from './i18n';

/** Runs `handler` for on-demand requests only; at build time (prerendering) there is no request to judge. */
const onDemand = (handler: MiddlewareHandler): MiddlewareHandler => (context, next) => (context.isPrerendered ? next() : handler(context, next));

const plain = (status: number, message: string, allow?: string) => new Response(message, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...(allow ? { Allow: allow } : {}) } });

/** Refusals, session and actor, once per request; the session cookie follows what was decided. */
const requestContext = onDemand(async (context, next) => {
  const { locals, request, url, cookies } = context;
  // The server hands its one connection in (src/server/serve.ts); `astro dev` has no such server.
  // The server hands its connection over; under `astro dev` the process's own is opened (and migrated) here.
  if (!locals.db) {
    locals.db = getDb();
    await databaseReady();
  }
  locals.user = locals.session = locals.actor = null;
  const resolved = await resolveRequestContext(locals.db, { method: request.method, pathname: url.pathname, header: (name) => request.headers.get(name) });
  if (resolved.refusal) return plain(resolved.refusal.status, resolved.refusal.message, resolved.refusal.allow);
  locals.user = resolved.user;
  locals.session = resolved.session;
  locals.actor = resolved.actor;
  locals.access = resolved.access;
  locals.secondFactorPending = resolved.secondFactorPending;
  locals.expiredFor = resolved.expiredFor;
  // A session timed out is removed; one waiting for its second factor is kept for the code page.
  if (resolved.stale) deleteSessionCookie(cookies);
  if (resolved.refreshed && resolved.session && resolved.token) setSessionCookie(cookies, resolved.token, sessionExpiry(resolved.session));
  locals.cookieChanged = resolved.stale || resolved.refreshed;
  try {
    return await next();
  } catch (error) {
    // A form that cannot be read (too large, not what its Content-Type says): pages read before they write, so
    // nothing was saved; say so plainly instead of the error page.
    if (error instanceof FormReadError) return plain(error.status, error.message);
    throw error;
  }
});

/**
 * The language of the answer, for everything the request renders or validates (src/i18n/index.ts): a public page's
 * from its URL prefix; the workspace's from the person's setting; a page before sign-in from `?lang=`.
 */
const language: MiddlewareHandler = (context, next) => {
  const locale = requestLocale(context.url, context.isPrerendered ? null : context.locals.user);
  context.locals.locale = locale;
  return withLocale(locale, next);
};

/** Workspace routes need a user, administration a coordinator (permissions.ts `routeAccess`). */
const routeGuard = onDemand(async (context, next) => {
  const { locals, request, url } = context;
  if (locals.access === 'sign-in') {
    const next = encodeURIComponent(url.pathname + url.search);
    // The password step passed: the code comes next, whatever was asked for.
    if (locals.secondFactorPending) return context.redirect(`/sign-in/second-factor/?next=${next}`, 303);
    if (request.method === 'POST' && locals.expiredFor) {
      // The person's own session ended while they were typing: keep what they sent, for them, until they sign in.
      const form = await readForm(request).catch(() => undefined);
      const pending = form && (await keepPendingForm(locals.db, locals.expiredFor, url.pathname, form));
      if (pending) return context.redirect(`/sign-in/?pending=${pending}`, 303);
    }
    return context.redirect(`/sign-in/?next=${next}`, 303);
  }
  if (locals.access === 'enrol') {
    // Coordinators and mentors set up a second factor before they open anything else (permissions.ts).
    if (request.method === 'GET') return context.redirect(`${secondFactorSetupPath}?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    return new Response(t('shell:refusals.setUpSecondFactor'), { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (locals.access === 'forbidden') {
    await recordAudit(locals.db, { action: 'route.access', outcome: 'denied', actorUserId: locals.user?.id, targetType: 'route', targetId: url.pathname, ip: context.clientAddress });
    return context.rewrite('/forbidden');
  }
  return next();
});

/** Workspace pages hold unpublished plans and personal data: never cached anywhere but in this process. */
const privateResponses = onDemand(async (_context, next) => {
  const response = await next();
  response.headers.set('Cache-Control', 'no-store');
  // Astro sends its own CSP header on rendered pages, replacing the server's; keep framing forbidden there too.
  const csp = response.headers.get('content-security-policy');
  if (csp && !csp.includes('frame-ancestors')) response.headers.set('content-security-policy', `${csp.replace(/;?\s*$/, ';')} frame-ancestors 'none';`);
  return response;
});

/** Large template pages and the dashboards are reused until what they show changes (see page-cache.ts); never when a cookie is being set. */
const pageCacheMiddleware = onDemand(async (context, next) => {
  const { locals, request, url } = context;
  const actor = locals.actor;
  if (request.method !== 'GET' || !actor || locals.cookieChanged || !pageCacheEnabled()) return next();
  // The page shows this same count (the layout reads it from locals), so what is stored matches its key.
  locals.unread = await unreadCount(locals.db, actor.userId);
  const cacheKey = await pageKey(locals.db, url, actor, locals.unread, await templatePages(), locals.locale);
  if (!cacheKey) return next();
  const hit = pageCache.get(cacheKey);
  if (hit) return new Response(hit.body, { status: 200, headers: hit.headers });
  const response = await next();
  if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/html')) return response;
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = [...response.headers].filter(([name]) => name !== 'set-cookie');
  pageCache.set(cacheKey, { body, headers });
  return new Response(body, { status: 200, headers });
});

/** `409 Conflict`, not `409 OK` (see reason-phrase.ts). */
const reasonPhrase = onDemand(async (_context, next) => withReasonPhrase(await next()));

export const onRequest = sequence(reasonPhrase, requestContext, language, routeGuard, privateResponses, pageCacheMiddleware);
