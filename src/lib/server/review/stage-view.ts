/** How a submitted version reads on the review page: its records grouped under the headings of their templates. */
import type { Section } from '../transfers/entry-schema.ts';
import { templateRoutes } from '../transfers/page-data.ts';
import { getTemplateByContentId } from '../transfers/practices.ts';
import type { TemplateKind } from '../transfers/queries.ts';
import type { ItemChange } from './diff.ts';

export type ItemGroup = { key: string; heading: string; section: Section; items: ItemChange[] };

/** Groups in template order (sections, then SWOT quadrants or maturity dimensions), skipping empty ones. */
export async function groupItems(items: ItemChange[], sectionsById: Map<string, Section>): Promise<ItemGroup[]> {
  const groups = new Map<string, ItemGroup>();
  const names = new Map<string, string>();
  for (const kind of ['swot', 'maturity'] as const) {
    const t = await getTemplateByContentId(templateRoutes[kind].contentId);
    for (const q of t.quadrants) names.set(`swot/${q.id}`, q.title);
    for (const d of t.dimensions) names.set(`maturity/${d.id}`, d.name);
  }
  const order = [...sectionsById.keys()];
  const sorted = [...items].sort((a, b) => order.indexOf(`${a.entry.template}/${a.entry.section}`) - order.indexOf(`${b.entry.template}/${b.entry.section}`));
  for (const item of sorted) {
    const sectionKey = `${item.entry.template}/${item.entry.section}`;
    const section = sectionsById.get(sectionKey);
    if (!section) continue;
    const key = `${sectionKey}/${item.entry.grouping}`;
    const sub = names.get(`${item.entry.template}/${item.entry.grouping}`);
    const template = templateRoutes[item.entry.template as TemplateKind]?.title ?? item.entry.template;
    if (!groups.has(key)) groups.set(key, { key, heading: sub ? `${template}: ${sub}` : `${template}: ${section.title}`, section, items: [] });
    groups.get(key)!.items.push(item);
  }
  return [...groups.values()];
}

