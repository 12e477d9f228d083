/** The shape of /data/workspace-forms.json (see src/pages/data/workspace-forms.json.ts), and reading it back. */
import { readFileSync } from 'node:fs';
import type { TemplateForm } from './entry-form.ts';
import type { TemplateKind } from './queries.ts';

export type WorkspaceForms = {
  templates: Record<TemplateKind, TemplateForm>;
  practices: Record<string, { coreFeatureIds: string[] }>;
};

/** The built file, or undefined when the build has none (the direct save path then stays off). */
export function readWorkspaceForms(path: string): WorkspaceForms | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as WorkspaceForms;
  } catch {
    return undefined;
  }
}
