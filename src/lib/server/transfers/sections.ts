/** Every section of every template, keyed "<template kind>/<section id>", read from the template files. */
import type { Section } from './entry-schema.ts';
import { templateRoutes } from './page-data.ts';
import { getTemplateByContentId } from './practices.ts';

export async function allSections(): Promise<Map<string, Section>> {
  const sections = new Map<string, Section>();
  for (const [kind, route] of Object.entries(templateRoutes)) for (const s of (await getTemplateByContentId(route.contentId)).sections) sections.set(`${kind}/${s.id}`, s);
  return sections;
}
