import type { APIRoute } from 'astro';
import { authenticationOptions } from '../../lib/server/commands/passkeys';

export const prerender = false;

/**
 * A challenge for signing in with a passkey (a POST: it stores the challenge). After the password step it is
 * limited to that person's passkeys; otherwise the browser offers whichever it holds for this site.
 */
export const POST: APIRoute = async ({ locals }) => {
  const body = await authenticationOptions(locals.db, locals.secondFactorPending ?? null);
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};

export const GET: APIRoute = () => new Response('Ask with POST.', { status: 405, headers: { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' } });
