/**
 * For on-demand routes: reject cross-site writes, resolve the session, apply the route-level permission
 * (workspace needs a user, admin a coordinator), and keep private pages out of caches. Prerendered public pages
 * skip all of it.
 */
import { defineMiddleware } from 'astro:middleware';
import { loadActor } from './lib/server/accounts';
import { recordAudit } from './lib/server/audit';
import { deleteSessionCookie, sessionCookieName, setSessionCookie } from './lib/server/auth/cookie';
import { sessionExpiry, validateSessionToken } from './lib/server/auth/session';
import { getDb } from './lib/server/db';
import { formBodyLimit, formTooLargeMessage, isCrossSiteWrite, isFormBody } from './lib/server/http';
import { keepPendingForm } from './lib/server/pending-forms';
import { enabled as pageCacheEnabled, pageCache, pageKey } from './lib/server/page-cache';
import { routeAccess } from './lib/server/permissions';
import { unreadCount } from './lib/server/review/queries';

export const onRequest = defineMiddleware(async (context, next) => {
  context.locals.user = null;
  context.locals.session = null;
  context.locals.actor = null;
  if (context.isPrerendered) return next();
  const { request, cookies, url } = context;

  // Too large to be a workspace form, or not a form at all: say so, rather than fail while reading it.
  if (Number(request.headers.get('content-length') ?? 0) > formBodyLimit) {
    return new Response(formTooLargeMessage, { status: 413, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (!isFormBody(request.method, request.headers.get('content-type'))) {
    return new Response('This address accepts form submissions only.', { status: 415, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }
  if (isCrossSiteWrite(request.method, request.headers.get('sec-fetch-site'))) {
    return new Response('Cross-site form submissions are not accepted.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }

  const db = getDb();
  const token = cookies.get(sessionCookieName())?.value;
  let cookieChanged = false;
  if (token) {
    const valid = await validateSessionToken(db, token);
    if (valid) {
      context.locals.user = valid.user;
      context.locals.session = valid.session;
      context.locals.actor = await loadActor(db, valid.user.id);
      if (valid.refreshed) {
        setSessionCookie(cookies, token, sessionExpiry(valid.session));
        cookieChanged = true;
      }
    } else deleteSessionCookie(cookies);
  }

  const access = routeAccess(url.pathname, context.locals.actor);
  if (access === 'sign-in') {
    if (request.method === 'POST' && /form/.test(request.headers.get('content-type') ?? '')) {
      // The session ended while someone was typing: keep what they sent, give it back after sign-in.
      const pending = keepPendingForm(url.pathname, await request.formData());
      return context.redirect(`/sign-in/?pending=${pending}`, 303);
    }
    return context.redirect(`/sign-in/?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
  }
  if (access === 'forbidden') {
    await recordAudit(db, { action: 'route.access', outcome: 'denied', actorUserId: context.locals.user?.id, targetType: 'route', targetId: url.pathname, ip: context.clientAddress });
    return context.rewrite('/forbidden');
  }

  // Large template pages are reused until the transfer changes (see page-cache.ts); never when a cookie is being set.
  const actor = context.locals.actor;
  let cacheKey: string | undefined;
  if (request.method === 'GET' && actor && !cookieChanged && pageCacheEnabled()) {
    // The page shows this same count (the layout reads it from locals), so what is stored matches its key.
    context.locals.unread = await unreadCount(db, actor.userId);
    cacheKey = await pageKey(db, url, actor, context.locals.unread);
  }
  const hit = cacheKey ? pageCache.get(cacheKey) : undefined;
  if (hit) return new Response(hit.body, { status: 200, headers: hit.headers });

  const response = await next();
  // Workspace pages hold unpublished plans and personal data: never cache them anywhere but in this process.
  response.headers.set('Cache-Control', 'no-store');
  // Astro sends its own CSP header on rendered pages, replacing the server's; keep framing forbidden there too.
  const csp = response.headers.get('content-security-policy');
  if (csp && !csp.includes('frame-ancestors')) response.headers.set('content-security-policy', `${csp.replace(/;?\s*$/, ';')} frame-ancestors 'none';`);
  if (cacheKey && response.status === 200 && response.headers.get('content-type')?.startsWith('text/html')) {
    const body = new Uint8Array(await response.arrayBuffer());
    const headers = [...response.headers].filter(([name]) => name !== 'set-cookie');
    pageCache.set(cacheKey, { body, headers });
    return new Response(body, { status: 200, headers });
  }
  return response;
});
