/** The shape of /data/workspace-forms.json (see src/pages/data/workspace-forms.json.ts), and reading it back. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Country } from '../../../schemas/taxonomy.ts';
import type { ReviewStageInfo, TemplateRegistry } from '../templates/registry.ts';
import { groupingsOf, type TemplateForm } from './entry-form.ts';
import type { TemplateKind } from './queries.ts';

export type WorkspaceForms = {
  /** Each template's form, by kind, in the templates' order. */
  templates: Record<TemplateKind, TemplateForm>;
  /** The review stages, in order (the seed submits one). */
  stages: ReviewStageInfo[];
  /**
   * Each practice's core features (what a record may link to), and, for the adoption story
   * (src/lib/server/stories/compose.ts), its title and the features' names. Optional: a file built before issue 14
   * has only the ids.
   */
  practices: Record<string, { coreFeatureIds: string[]; title?: string; coreFeatures?: { id: string; name: string }[] }>;
  /** The region profiles' countries, by region id (an organisation's `regionId`), for the adoption story. */
  regions?: Record<string, { country: Country }>;
};

/** The forms of a set of templates and practices: what the build writes to /data/workspace-forms.json. */
export function workspaceForms(
  registry: TemplateRegistry,
  practices: { id: string; featureIds: string[]; title?: string; features?: { id: string; name: string }[] }[],
  regions: { id: string; country: Country }[] = [],
): WorkspaceForms {
  return {
    templates: Object.fromEntries(
      registry.kinds.map(({ kind }) => {
        const template = registry.templates.get(kind)!;
        return [kind, { sections: template.sections, groupings: groupingsOf(template) }];
      }),
    ),
    stages: [...registry.stages],
    practices: Object.fromEntries(practices.map((p) => [p.id, { coreFeatureIds: p.featureIds, ...(p.title ? { title: p.title } : {}), ...(p.features ? { coreFeatures: p.features } : {}) }])),
    regions: Object.fromEntries(regions.map((r) => [r.id, { country: r.country }])),
  };
}

/**
 * The built file (dist/client/data/workspace-forms.json under `dir`), which the server and the seed need: without
 * content collections it is how they know the forms and review stages. Missing means the site was not built.
 */
export function requireWorkspaceForms(dir = process.cwd()): WorkspaceForms {
  const path = join(dir, 'dist/client/data/workspace-forms.json');
  if (!existsSync(path)) throw new Error(`${path} is missing: build the site first (npm run build).`);
  return JSON.parse(readFileSync(path, 'utf8')) as WorkspaceForms;
}
