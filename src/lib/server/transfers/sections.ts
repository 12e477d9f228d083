/** Every section of every template, keyed "<template kind>/<section id>", read from the template files once. */
import type { Section } from './entry-schema.ts';
import { templateRoutes } from './page-data.ts';
import { getTemplateByContentId } from './practices.ts';

let sections: Promise<Map<string, Section>> | undefined;

export function allSections(): Promise<Map<string, Section>> {
  sections ??= (async () => {
    const map = new Map<string, Section>();
    for (const [kind, route] of Object.entries(templateRoutes)) for (const s of (await getTemplateByContentId(route.contentId)).sections) map.set(`${kind}/${s.id}`, s);
    return map;
  })();
  return sections;
}
