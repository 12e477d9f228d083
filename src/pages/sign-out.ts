import type { APIRoute } from 'astro';
import { deleteSessionCookie } from '../lib/server/auth/cookie';
import { signOut } from '../lib/server/commands/account';
import { clientIp } from '../lib/server/http';
import { t } from '../i18n';

export const prerender = false;

/** Signing out changes state, so it is a POST; the session ends on the server, not just in the browser. */
export const POST: APIRoute = async (context) => {
  const { locals, cookies } = context;
  // A session waiting for its second factor is ended the same way.
  const session = locals.session ?? locals.secondFactorPending;
  if (session) await signOut(locals.db, session, { ip: clientIp(context) });
  deleteSessionCookie(cookies);
  return context.redirect('/sign-in/?signed-out=1', 303);
};

export const GET: APIRoute = () => new Response(t('shell:signOutGet'), { status: 405, headers: { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' } });
