/** The template files as the workspace reads them, parsed from their frontmatter with the real schema, for tests. */
import { createTemplateRegistry } from '../../src/lib/server/templates/registry.ts';
import { templateSchema, type Template } from '../../src/schemas/template.ts';
import { contentIds, readFrontmatter } from './site.ts';

/** Every template file's frontmatter, unvalidated, by content id: a scratch copy a test may change. */
export function templateFrontmatter(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(contentIds('templates').map((id) => [id, readFrontmatter('templates', id)]));
}

/** The registry of templates given as frontmatter (by default the real files), each parsed by the real schema. */
export function templateRegistry(frontmatter: Record<string, Record<string, unknown>> = templateFrontmatter()) {
  return createTemplateRegistry(Object.entries(frontmatter).map(([id, f]) => ({ id, data: templateSchema.parse(f) as Template })));
}

let real: ReturnType<typeof templateRegistry> | undefined;
/** The registry of the real template files, read once. */
export const realTemplates = () => (real ??= templateRegistry());

/** A review stage of the real templates, by id; throws for one they do not name. */
export function reviewStage(id: string) {
  const stage = realTemplates().stage(id);
  if (!stage) throw new Error(`The templates name no review stage "${id}"`);
  return stage;
}
