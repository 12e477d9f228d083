/** How a submitted version reads on the review page: its records grouped under the headings of their templates. */
import { sectionKey as keyOf, type Section, type TemplateRegistry } from '../templates/registry.ts';
import type { ItemChange } from './diff.ts';

export type ItemGroup = { key: string; heading: string; section: Section; items: ItemChange[] };

/** Groups in template order (sections, then SWOT quadrants or maturity dimensions), skipping empty ones. */
export function groupItems(items: ItemChange[], registry: TemplateRegistry): ItemGroup[] {
  const groups = new Map<string, ItemGroup>();
  const sorted = [...items].sort((a, b) => registry.compareRecords(a.entry, b.entry));
  for (const item of sorted) {
    const sectionKey = keyOf(item.entry.template, item.entry.section);
    const section = registry.sections.get(sectionKey);
    if (!section) continue;
    const key = `${sectionKey}/${item.entry.grouping}`;
    const sub = registry.groupTitle(item.entry.template, item.entry.grouping);
    const template = registry.kind(item.entry.template)?.title ?? item.entry.template;
    if (!groups.has(key)) groups.set(key, { key, heading: sub ? `${template}: ${sub}` : `${template}: ${section.title}`, section, items: [] });
    groups.get(key)!.items.push(item);
  }
  return [...groups.values()];
}

