/**
 * How a submitted version reads on the review page: its records grouped under the headings of their templates, in
 * the templates' order, each with the label it is known by; the core-feature decisions in the practice's order; and
 * the "changes only" view, which leaves out what did not change since the compared version.
 */
import { entryLabel } from '../transfers/entry-schema.ts';
import { sectionKey as keyOf, type Section, type TemplateRegistry } from '../templates/registry.ts';
import type { ItemChange } from './diff.ts';

/** An item as listed: its change, and the label its heading shows (`labelTyped`: words of the record, not of the template). */
export type ItemView = ItemChange & { label: string; labelTyped: boolean };
export type ItemGroup = { key: string; heading: string; section: Section; items: ItemView[] };

/**
 * Groups in template order (sections, then SWOT quadrants or maturity dimensions), skipping empty ones. A section
 * kept once per grouping (the maturity assessment: one record per dimension) is one group whose items are headed by
 * their grouping's name ("Readiness to change"), not by the first words of their text; a repeatable section kept by
 * grouping (the SWOT) is a group per quadrant.
 */
export function groupItems(items: ItemChange[], registry: TemplateRegistry): ItemGroup[] {
  const groups = new Map<string, ItemGroup>();
  const sorted = [...items].sort((a, b) => registry.compareRecords(a.entry, b.entry));
  for (const item of sorted) {
    const sectionKey = keyOf(item.entry.template, item.entry.section);
    const section = registry.sections.get(sectionKey);
    if (!section) continue;
    const sub = registry.groupTitle(item.entry.template, item.entry.grouping);
    const onePerGrouping = !section.repeatable && sub !== undefined;
    const key = onePerGrouping ? sectionKey : `${sectionKey}/${item.entry.grouping}`;
    const template = registry.kind(item.entry.template)?.title ?? item.entry.template;
    if (!groups.has(key)) groups.set(key, { key, heading: sub && !onePerGrouping ? `${template}: ${sub}` : `${template}: ${section.title}`, section, items: [] });
    groups.get(key)!.items.push({ ...item, label: onePerGrouping ? sub : entryLabel(section, item.entry.data), labelTyped: !onePerGrouping });
  }
  return [...groups.values()];
}

/** Core-feature decisions in the order the practice lists its core features; any it no longer lists come last, by id. */
export function inFeatureOrder<C extends { featureId: string }>(choices: readonly C[], features: readonly { id: string }[]): C[] {
  const index = new Map(features.map((f, i) => [f.id, i]));
  const at = (c: C) => index.get(c.featureId) ?? Number.MAX_SAFE_INTEGER;
  return [...choices].sort((a, b) => at(a) - at(b) || a.featureId.localeCompare(b.featureId));
}

/** The page's two views of a version compared with an earlier one: everything, or only what changed (?view=changes). */
export type StageView = 'all' | 'changes';
export const readView = (url: URL): StageView => (url.searchParams.get('view') === 'changes' ? 'changes' : 'all');

/**
 * What the "changes only" view keeps: items added, changed or removed, and, so that nothing the mentor must still
 * check is out of sight, unchanged items that carry a required change not yet accepted.
 */
export function changesOnly<I extends { status: ItemChange['status']; entry: { id: string } }>(items: readonly I[], outstandingOn: ReadonlySet<string>): I[] {
  return items.filter((i) => i.status !== 'unchanged' || outstandingOn.has(i.entry.id));
}
