/** Exports of a transfer's plan: JSON (everything, structured) and CSV (one row per record, a column per field). */
import { and, asc, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '../db.ts';
import { sectionKey, type TemplateRegistry } from '../templates/registry.ts';
import { linkedTitle, linkTitles } from './export-tables.ts';
import { recordsPerSection, type EntryData, type Section } from './entry-schema.ts';
import { measurementsPerKpi } from '../monitoring/measurements.ts';
import { csvLine, csvResponse, csvStream, textCell, utf8Bom } from '../csv.ts';
import type { Entry, LoadedTransfer } from './queries.ts';

type Choice = { featureId: string; decision: string; note: string };
type Feature = { id: string; name: string };

/**
 * Everything a transfer holds, structured: its records by form and section (each with the titles of what its link
 * fields point at beside their ids), the core-feature decisions by name, the review comments, and what the
 * implementation phase recorded.
 */
export function exportJson({ transfer, practiceTitle, choices, entries, registry, features, comments, monitoring }: {
  transfer: LoadedTransfer;
  practiceTitle: string;
  choices: Choice[];
  entries: Entry[];
  registry: TemplateRegistry;
  features: Feature[];
  comments: ExportComment[];
  monitoring?: MonitoringRecords;
}) {
  const titles = linkTitles(registry, entries, features);
  const bySection: Record<string, Record<string, unknown[]>> = {};
  for (const e of entries) {
    const links = Object.fromEntries(
      (registry.sections.get(sectionKey(e.template, e.section))?.fields ?? [])
        .filter((f) => f.linksTo && Array.isArray(e.data[f.id]))
        .map((f) => [f.id, (e.data[f.id] as string[]).map((id) => ({ id, title: linkedTitle(titles, f.linksTo!, id) }))]),
    );
    ((bySection[e.template] ??= {})[e.grouping ? `${e.section}:${e.grouping}` : e.section] ??= []).push({ id: e.id, version: e.version, updatedAt: e.updatedAt, ...e.data, ...(Object.keys(links).length ? { links } : {}) });
  }
  const names = new Map(features.map((f) => [f.id, f.name]));
  return {
    transfer: { id: transfer.id, organisation: transfer.organisationName, practiceId: transfer.practiceId, practice: practiceTitle, mentors: transfer.mentors.map((m) => m.name) },
    coreFeatures: choices.map((c) => ({ id: c.featureId, name: names.get(c.featureId) ?? c.featureId, decision: c.decision, note: c.note })),
    records: bySection,
    reviewComments: comments.map((c) => ({ ...c, stageTitle: registry.stage(c.stage)?.title ?? c.stage, entryTitle: c.entryId ? (titles.get(c.entryId) ?? '(removed)') : null })),
    ...(monitoring ? { monitoring } : {}),
    exportedAt: new Date().toISOString(),
  };
}

export type ExportComment = Awaited<ReturnType<typeof exportComments>>[number];

/**
 * A transfer's review comments, every stage, oldest first: who wrote each (by name), on which stage, version,
 * record and field, whether it is a required change and where that stands, when it was written and last edited.
 * Replies name their parent. Bounded as a review is: a comment is written by hand.
 */
export async function exportComments(db: Db, transferId: string) {
  const c = schema.comment;
  const rows = await db
    .select({ id: c.id, stage: c.stage, version: schema.submission.number, entryId: c.entryId, fieldId: c.fieldId, parentId: c.parentId, author: schema.user.name, body: c.body, required: c.required, status: c.status, createdAt: c.createdAt, editedAt: c.editedAt })
    .from(c)
    .leftJoin(schema.user, eq(schema.user.id, c.authorId))
    .leftJoin(schema.submission, eq(schema.submission.id, c.submissionId))
    .where(eq(c.transferId, transferId))
    .orderBy(asc(c.createdAt), asc(c.id));
  return rows.map((r) => ({ ...r, author: r.author ?? 'A former participant', status: r.required ? r.status : null }));
}

export type MonitoringRecords = Awaited<ReturnType<typeof monitoringRecords>>;

/**
 * What the implementation phase recorded, for the JSON export: indicator measurements, chart settings and action
 * updates, each bounded by what a transfer can hold (indicators × their cap; updates likewise).
 */
export async function monitoringRecords(db: Db, transferId: string) {
  const m = schema.kpiMeasurement;
  const c = schema.kpiChart;
  const u = schema.actionUpdate;
  const measurements = await db
    .select({ id: m.id, kpiId: m.kpiId, period: m.period, periodStart: m.periodStart, value: m.value, numerator: m.numerator, denominator: m.denominator, note: m.note, dataSource: m.dataSource, version: m.version, createdAt: m.createdAt, updatedAt: m.updatedAt })
    .from(m)
    .where(eq(m.transferId, transferId))
    .orderBy(asc(m.kpiId), asc(m.periodStart), asc(m.period))
    .limit(recordsPerSection * measurementsPerKpi);
  const charts = await db.select({ kpiId: c.kpiId, ruleSet: c.ruleSet, baselineCount: c.baselineCount, phaseStarts: c.phaseStarts, version: c.version, updatedAt: c.updatedAt }).from(c).where(eq(c.transferId, transferId)).limit(recordsPerSection);
  const actionUpdates = await db
    .select({ id: u.id, actionId: u.actionId, onDate: u.onDate, status: u.status, progress: u.progress, done: u.done, blockers: u.blockers, nextStep: u.nextStep, createdAt: u.createdAt })
    .from(u)
    .where(eq(u.transferId, transferId))
    .orderBy(asc(u.actionId), asc(u.onDate), asc(u.createdAt))
    .limit(recordsPerSection * measurementsPerKpi);
  return { kpiMeasurements: measurements, kpiCharts: charts.map((r) => ({ ...r, phaseStarts: JSON.parse(r.phaseStarts) as string[] })), actionUpdates };
}

const cellText = (v: unknown) => (Array.isArray(v) ? v.join('; ') : v === undefined || v === null ? '' : String(v));

/** Every cell quoted (numbers too), lists joined by "; ", comma-separated: the plain RFC 4180 file tools expect. */
const line = (cells: unknown[]) => csvLine(cells.map((v) => textCell(cellText(v))));
const headerLine = (fieldIds: string[]) => line(['template', 'section', 'group', 'position', 'id', 'version', ...fieldIds]);
type CsvRecord = Pick<Entry, 'template' | 'section' | 'grouping' | 'position' | 'id' | 'version' | 'data'>;
const recordLine = (e: CsvRecord, fieldIds: string[]) => line([e.template, e.section, e.grouping, e.position, e.id, e.version, ...fieldIds.map((id) => e.data[id])]);

/** The CSV of records already in memory (with the byte-order mark, as every CSV here); the columns are the fields of the sections they belong to. */
export function exportCsv(entries: Entry[], sections: ReadonlyMap<string, Section>): string {
  const fieldIds: string[] = [];
  for (const e of entries) for (const f of sections.get(sectionKey(e.template, e.section))?.fields ?? []) if (!fieldIds.includes(f.id)) fieldIds.push(f.id);
  return utf8Bom + headerLine(fieldIds) + entries.map((e) => recordLine(e, fieldIds)).join('');
}

/** Rows read per query while streaming: small enough that no request holds much in memory, large enough to be few queries. */
export const csvBatch = 100;

/**
 * A transfer's records of one template, in order, read a batch at a time by keyset (where the last batch ended in
 * the index: section, group, position, rowid), so however many there are, only one batch is in memory. Not one
 * open statement iterated across awaits: the process has one connection, and better-sqlite3 refuses any other
 * query on it while an iterator is open, which would fail every other request during a slow download. The records
 * are read as they are when each batch is read; a record moved meanwhile may appear twice or not at all.
 */
export async function* templateRecords(db: Db, transferId: string, template: string, batch = csvBatch): AsyncGenerator<CsvRecord> {
  const e = schema.entry;
  let after: { section: string; grouping: string; position: number; rowid: number } | undefined;
  for (;;) {
    const rows = await db
      .select({ rowid: sql<number>`${e}.rowid`, template: e.template, section: e.section, grouping: e.grouping, position: e.position, id: e.id, version: e.version, data: e.data })
      .from(e)
      .where(and(eq(e.transferId, transferId), eq(e.template, template), after ? sql`(${e.section}, ${e.grouping}, ${e.position}, ${e}.rowid) > (${after.section}, ${after.grouping}, ${after.position}, ${after.rowid})` : undefined))
      .orderBy(asc(e.section), asc(e.grouping), asc(e.position), sql`${e}.rowid`)
      .limit(batch);
    for (const { rowid: _, ...row } of rows) yield { ...row, data: JSON.parse(row.data) as EntryData };
    if (rows.length < batch) return;
    after = rows.at(-1)!;
  }
}

/** The fields of a template's sections, in the template's order: the CSV's columns after the record's place. */
export const csvFieldIds = (sections: Section[]) => [...new Set(sections.flatMap((s) => s.fields.map((f) => f.id)))];

/** The CSV's text after the byte-order mark: the header, then one chunk of lines per batch of records. */
async function* csvChunks(records: AsyncGenerator<CsvRecord>, fieldIds: string[]): AsyncGenerator<string> {
  let text = headerLine(fieldIds);
  let lines = 0;
  // A download stopped halfway returns this generator, and leaving the loop returns the records': no more is read.
  for await (const record of records) {
    text += recordLine(record, fieldIds);
    if (++lines % csvBatch === 0) {
      yield text;
      text = '';
    }
  }
  if (text) yield text;
}

/** The CSV download of a transfer's records of one template (the action plan), streamed from the database. */
export function csvExportResponse(db: Db, transferId: string, template: string, sections: Section[]): Response {
  return csvResponse(csvStream(csvChunks(templateRecords(db, transferId, template), csvFieldIds(sections))), `${template}-${transferId}.csv`);
}
