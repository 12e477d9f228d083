/**
 * What the workspace's record forms are built from, as data: each template's sections and fields, the review
 * stages, and each practice's core features (what a record may link to). Public, like the content it comes from.
 * Written at build time, so it always matches the pages; the server reads it at start (src/server/serve.ts: the
 * direct save path and the demo seed), where the content collections are not available.
 */
import type { APIRoute } from 'astro';
import { practiceChoices, templateRegistry } from '../../lib/server/transfers/practices';
import { workspaceForms } from '../../lib/server/transfers/workspace-forms';

export const GET: APIRoute = async () =>
  new Response(JSON.stringify(workspaceForms(await templateRegistry(), await practiceChoices())), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
