import type { APIRoute } from 'astro';
import { registrationOptions } from '../../../lib/server/commands/passkeys';

export const prerender = false;

/** A challenge for adding a passkey to one's own account (a POST: it stores the challenge). */
export const POST: APIRoute = async ({ locals }) => {
  const body = await registrationOptions(locals.db, locals.user!);
  return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};

export const GET: APIRoute = () => new Response('Ask with POST.', { status: 405, headers: { Allow: 'POST', 'Content-Type': 'text/plain; charset=utf-8' } });
