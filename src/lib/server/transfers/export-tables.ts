/**
 * A transfer's records as tables, one per section (per quadrant for a SWOT): what the workbook's sheets and the
 * per-section CSVs hold, worked out once so the two cannot differ. Columns are the template's fields under their
 * labels; a link field gives two columns, the titles of what it points at and their ids; core features appear by
 * their names from the practice; select values are the template's option labels, as stored.
 */
import { t } from '../../../i18n/index.ts';
import type { EntryData, Section } from './entry-schema.ts';
import { coreFeatures, groupsOf, sectionKey, type TemplateRegistry } from '../templates/registry.ts';
import type { Entry } from './queries.ts';

/** What a column holds, so a workbook can type its cells: dates become spreadsheet dates, numbers numbers. */
export type ColumnType = 'text' | 'number' | 'date' | 'datetime';
export type ExportColumn = { header: string; type: ColumnType };
/** A cell: text, a number, a date as "YYYY-MM-DD" (or an ISO time for "datetime" columns), or empty. */
export type ExportCell = string | number | null;
export type ExportTable = { slug: string; title: string; columns: ExportColumn[]; rows: ExportCell[][] };

/**
 * Where a table's records come from: a section of a form, and for a SWOT one quadrant of it. `slug` names the table
 * in URLs ("<kind>.<section>" or "<kind>.<section>.<quadrant>"): built from ids, never from titles, so a reworded
 * title does not move a download.
 */
export type ExportSection = { slug: string; title: string; kind: string; section: Section; group?: string; groupColumn?: { header: string; titles: ReadonlyMap<string, string> } };

/** The slug and title of the core-feature decisions' table, which every transfer has (a practice has core features). */
export const coreFeaturesSlug = coreFeatures;
/** The core-feature decisions' table title, in the reader's language. */
export const coreFeaturesTitle = () => t('print:coreFeatures');

/**
 * Every table a transfer's records can fill, in the forms' order. A SWOT's items are a table per quadrant, titled by
 * the quadrant; a maturity form's single section (its twelve dimensions) takes the form's title, with the
 * dimension in a first column.
 */
export function exportSections(registry: TemplateRegistry): ExportSection[] {
  const out: ExportSection[] = [];
  for (const { kind, title: formTitle, shape } of registry.kinds) {
    const template = registry.templates.get(kind)!;
    const groups = groupsOf(template);
    for (const section of template.sections) {
      const slug = `${kind}.${section.id}`;
      if (shape === 'swot') for (const g of groups) out.push({ slug: `${slug}.${g.id}`, title: g.title, kind, section, group: g.id });
      else if (shape === 'maturity') out.push({ slug, title: formTitle, kind, section, groupColumn: { header: t('print:table.dimension'), titles: new Map(groups.map((g) => [g.id, g.title])) } });
      else out.push({ slug, title: section.title, kind, section });
    }
  }
  return out;
}

const holds = (s: ExportSection, e: Pick<Entry, 'template' | 'section' | 'grouping'>) => e.template === s.kind && e.section === s.section.id && (s.group === undefined || e.grouping === s.group);

type Feature = { id: string; name: string };
type Decision = { featureId: string; decision: string; note: string };

/**
 * A record's title in full: its title field, else its first text field, as `entryLabel` picks it, but not cut
 * short, since a spreadsheet cell has room and a cut title ("…seen b…") is what people complained of in print.
 */
export function fullTitle(section: Section, data: EntryData): string {
  const field = section.fields.find((f) => f.role === 'title') ?? section.fields.find((f) => f.type === 'text' || f.type === 'textarea');
  return (field ? String(data[field.id] ?? '') : '').trim() || '(untitled)';
}

/** The titles link fields show: of every record a transfer has, and of the practice's core features. */
export function linkTitles(registry: TemplateRegistry, entries: readonly Entry[], features: readonly Feature[]): Map<string, string> {
  const titles = new Map<string, string>();
  for (const e of entries) {
    const section = registry.sections.get(sectionKey(e.template, e.section));
    if (section) titles.set(e.id, fullTitle(section, e.data));
  }
  // Namespaced: a feature id is a word ("one-screen-overview"), a record id a UUID, but the two must never mix.
  for (const f of features) titles.set(`${coreFeatures}:${f.id}`, f.name);
  return titles;
}

/** The title of a linked item, or a plain note that it is gone (deleted since it was linked). */
export const linkedTitle = (titles: ReadonlyMap<string, string>, target: string, id: string) => titles.get(target === coreFeatures ? `${coreFeatures}:${id}` : id) ?? '(removed)';

function fieldColumns(section: Section): ExportColumn[] {
  return section.fields.flatMap((f): ExportColumn[] => {
    if (f.linksTo) return [{ header: f.label, type: 'text' }, { header: t('print:table.ids', { label: f.label }), type: 'text' }];
    if (f.type === 'number' || f.type === 'score') return [{ header: f.label, type: 'number' }];
    if (f.type === 'date') return [{ header: f.label, type: 'date' }];
    return [{ header: f.label, type: 'text' }];
  });
}

const listOf = (v: EntryData[string] | undefined): string[] => (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [String(v)]);

function fieldCells(section: Section, data: EntryData, titles: ReadonlyMap<string, string>): ExportCell[] {
  return section.fields.flatMap((f): ExportCell[] => {
    const v = data[f.id];
    if (f.linksTo) {
      const ids = listOf(v);
      return [ids.map((id) => linkedTitle(titles, f.linksTo!, id)).join('; ') || null, ids.join('; ') || null];
    }
    if (v === undefined || v === '') return [null];
    // A select's value as stored (the template's English option), in every reader's file: tables exported in
    // different languages stay comparable and match the plan's CSV; the headers are in the reader's language.
    if (Array.isArray(v)) return [v.join('; ')];
    return [v];
  });
}

/** One section's table: its records in the templates' order (give them sorted by `registry.compareRecords`). */
export function sectionTable(s: ExportSection, entries: readonly Entry[], titles: ReadonlyMap<string, string>): ExportTable {
  const columns: ExportColumn[] = [...(s.groupColumn ? [{ header: s.groupColumn.header, type: 'text' as const }] : []), ...fieldColumns(s.section), { header: t('print:table.id'), type: 'text' }, { header: t('print:table.lastUpdated'), type: 'datetime' }];
  const rows = entries
    .filter((e) => holds(s, e))
    .map((e): ExportCell[] => [...(s.groupColumn ? [s.groupColumn.titles.get(e.grouping) ?? e.grouping] : []), ...fieldCells(s.section, e.data, titles), e.id, e.updatedAt || null]);
  return { slug: s.slug, title: s.title, columns, rows };
}

/** The keep / adapt / drop decisions on the practice's core features, in the practice's order, each by name, in the template's words. */
export function coreFeatureTable(features: readonly Feature[], decisions: readonly Decision[], decisionLabel: (decision: string) => string): ExportTable {
  const byFeature = new Map(decisions.map((d) => [d.featureId, d]));
  return {
    slug: coreFeaturesSlug,
    title: coreFeaturesTitle(),
    columns: [{ header: t('print:coreFeature'), type: 'text' }, { header: t('print:decision'), type: 'text' }, { header: t('print:howOrWhy'), type: 'text' }, { header: t('print:table.id'), type: 'text' }],
    rows: features.map((f) => {
      const d = byFeature.get(f.id);
      return [f.name, d ? decisionLabel(d.decision) : t('print:notDecided'), d?.note || null, f.id];
    }),
  };
}
