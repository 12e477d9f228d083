/**
 * What the workspace's record forms are built from, as data: each template's sections and fields, and each
 * practice's core features (what a record may link to). Public, like the content it comes from. Written at build
 * time, so it always matches the pages; the server's direct save path reads it at start (src/server/direct-save.ts),
 * where the content collections are not available.
 */
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { groupingsOf } from '../../lib/server/transfers/entry-form';
import { templateRoutes } from '../../lib/server/transfers/page-data';
import type { TemplateKind } from '../../lib/server/transfers/queries';
import type { WorkspaceForms } from '../../lib/server/transfers/workspace-forms';

export const GET: APIRoute = async () => {
  const templates = await getCollection('templates');
  const forms: WorkspaceForms = {
    templates: Object.fromEntries(
      Object.entries(templateRoutes).map(([kind, route]) => {
        const template = templates.find((t) => t.id === route.contentId);
        if (!template) throw new Error(`content/templates/${route.contentId}.mdx is missing`);
        return [kind, { sections: template.data.sections, groupings: groupingsOf(kind as TemplateKind, template.data) }];
      }),
    ) as WorkspaceForms['templates'],
    practices: Object.fromEntries((await getCollection('practices')).map((p) => [p.id, { coreFeatureIds: p.data.coreFeatures.map((f) => f.id) }])),
  };
  return new Response(JSON.stringify(forms), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
