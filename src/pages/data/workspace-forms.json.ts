/**
 * What the workspace's record forms are built from, as data: each template's sections and fields, the review
 * stages, each practice's core features (what a record may link to) and, for adoption stories, its title, the
 * features' names and the regions' countries. Public, like the content it comes from.
 * Written at build time, so it always matches the pages; the server reads it at start (src/server/serve.ts: the
 * direct save path and the demo seed), where the content collections are not available.
 */
import type { APIRoute } from 'astro';
import { storyForms } from '../../lib/server/transfers/practices';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(await storyForms()), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
