/**
 * The spreadsheet downloads of a transfer: the XLSX workbook and one CSV per section. Routes find the transfer
 * (and so check who may read it), the templates and the practice, and hand them here.
 */
import { csvResponse } from '../csv.ts';
import type { Db } from '../db.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import { coreFeaturesSlug, coreFeaturesTitle, coreFeatureTable, exportSections, linkTitles, sectionTable, type ExportSection, type ExportTable } from './export-tables.ts';
import { listAllEntries, placesWithEntries, listFeatureChoices, type LoadedTransfer } from './queries.ts';
import { tableCsv, type CsvDelimiter } from './section-csv.ts';
import { transferWorkbook } from './workbook.ts';

export type ExportPractice = { title: string; features: { id: string; name: string }[] };

const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Every table of a transfer, or just the one a slug names. Records are read as the print view reads them, at most
 * recordsPerSection per section and group (everything, since saves keep to that; a transfer that grew larger
 * before the limit existed exports its first records, as its pages show them).
 */
async function loadTables(db: Db, transferId: string, registry: TemplateRegistry, practice: ExportPractice, only?: string): Promise<ExportTable[]> {
  const decisions = await listFeatureChoices(db, transferId);
  if (only === coreFeaturesSlug) return [coreFeatureTable(practice.features, decisions, registry.featureDecisionLabel)];
  const sections = exportSections(registry).filter((s) => only === undefined || s.slug === only);
  if (sections.length === 0) return [];
  const entries = (await listAllEntries(db, transferId)).sort(registry.compareRecords);
  const titles = linkTitles(registry, entries, practice.features);
  const tables = sections.map((s) => sectionTable(s, entries, titles));
  // The whole workbook leaves out what is empty; a CSV asked for by name is given even with no rows, as its header.
  return only ? tables : [coreFeatureTable(practice.features, decisions, registry.featureDecisionLabel), ...tables].filter((t) => t.rows.length > 0);
}

/** A download's file name: the table or workbook, then the transfer, in characters every file system takes. */
const fileName = (stem: string, transferId: string, ext: string) => `${stem.replace(/[^a-z0-9.-]+/gi, '-')}-${transferId}.${ext}`;

export async function workbookResponse(db: Db, transfer: LoadedTransfer, registry: TemplateRegistry, practice: ExportPractice, now = new Date()): Promise<Response> {
  const tables = await loadTables(db, transfer.id, registry, practice);
  const about = { title: transfer.title, organisation: transfer.organisationName, practice: practice.title, mentors: transfer.mentors.map((m) => m.name), exportedAt: now };
  return new Response(new Uint8Array(await transferWorkbook(about, tables)), {
    headers: { 'Content-Type': xlsxType, 'Content-Disposition': `attachment; filename="${fileName('transfer', transfer.id, 'xlsx')}"` },
  });
}

/** One section's CSV, or undefined when the slug names no section (the route then answers "not found"). */
export async function sectionCsvResponse(db: Db, transfer: LoadedTransfer, registry: TemplateRegistry, practice: ExportPractice, slug: string, delimiter: CsvDelimiter): Promise<Response | undefined> {
  const [table] = await loadTables(db, transfer.id, registry, practice, slug);
  if (!table) return undefined;
  return csvResponse(tableCsv(table, delimiter), fileName(slug, transfer.id, 'csv'));
}

/**
 * The tables worth downloading one by one, in the forms' order: the core-feature decisions, then each section (or
 * SWOT quadrant) that holds a record. A look into the index per table, not a count of the records: a transfer's
 * overview shows these on every view, and some transfers hold hundreds of thousands of records.
 */
export async function downloadableTables(db: Db, transferId: string, registry: TemplateRegistry): Promise<Pick<ExportSection, 'slug' | 'title'>[]> {
  const places = exportSections(registry).map((s) => ({ template: s.kind, section: s.section.id, grouping: s.group, slug: s.slug, title: s.title }));
  return [{ slug: coreFeaturesSlug, title: coreFeaturesTitle() }, ...(await placesWithEntries(db, transferId, places)).map(({ slug, title }) => ({ slug, title }))];
}
