/**
 * What the workspace's record forms are built from, as data: each template's sections and fields, and each
 * practice's core features (what a record may link to). Public, like the content it comes from. Written at build
 * time, so it always matches the pages; the server's direct save path reads it at start (src/server/direct-save.ts),
 * where the content collections are not available.
 */
import type { APIRoute } from 'astro';
import { groupingsOf } from '../../lib/server/transfers/entry-form';
import { templateRoutes } from '../../lib/server/transfers/page-data';
import { getTemplateByContentId, practiceChoices } from '../../lib/server/transfers/practices';
import type { TemplateKind } from '../../lib/server/transfers/queries';
import type { WorkspaceForms } from '../../lib/server/transfers/workspace-forms';

export const GET: APIRoute = async () => {
  const templates = await Promise.all(
    (Object.keys(templateRoutes) as TemplateKind[]).map(async (kind) => {
      const template = await getTemplateByContentId(templateRoutes[kind].contentId);
      return [kind, { sections: template.sections, groupings: groupingsOf(kind, template) }] as const;
    }),
  );
  const forms: WorkspaceForms = {
    templates: Object.fromEntries(templates) as WorkspaceForms['templates'],
    practices: Object.fromEntries((await practiceChoices()).map((p) => [p.id, { coreFeatureIds: p.featureIds }])),
  };
  return new Response(JSON.stringify(forms), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
