/**
 * The open data as CSV: one table per dataset, and one per list of objects inside a record (core features,
 * outcomes, …), each row carrying its parent's id in the first column, so that every table is flat and joins back
 * by id. A list of plain values (themes, lessons) stays in one cell, one value per line. The CSV rules are the
 * portal's own (src/lib/server/csv.ts: UTF-8 with a byte-order mark, CRLF, quoted text, formula-safe), with commas
 * as RFC 4180 has them: open data is read by programs more than by a spreadsheet in one locale.
 */
import { csvLine, textCell, utf8Bom } from '../../server/csv.ts';
import type { DatasetId, RecordOf } from './schemas.ts';

type Value = string | number | boolean | null | readonly string[];
type Column<R> = readonly [header: string, value: (row: R) => Value];

export interface CsvTable<D extends DatasetId = DatasetId, R = unknown> {
  /** File name under /data/v1/. */
  file: string;
  dataset: D;
  /** What one row is. */
  row: string;
  rows: (records: RecordOf<D>[]) => R[];
  columns: readonly Column<R>[];
}

const table = <D extends DatasetId, R>(t: CsvTable<D, R>) => t as unknown as CsvTable;
const children = <D extends DatasetId, C>(pick: (r: RecordOf<D>) => C[]) => (rs: RecordOf<D>[]) => rs.flatMap((r) => pick(r).map((child) => ({ parent: r, child })));

export const csvTables: CsvTable[] = [
  table<'practices', RecordOf<'practices'>>({
    file: 'practices.csv',
    dataset: 'practices',
    row: 'a good practice',
    rows: (r) => r,
    columns: [
      ['id', (r) => r.id], ['url', (r) => r.url], ['title', (r) => r.title], ['summary', (r) => r.summary], ['owner', (r) => r.owner],
      ['region', (r) => r.region], ['country', (r) => r.country], ['programmes', (r) => r.programmes], ['themes', (r) => r.themes],
      ['recognition', (r) => r.recognition.label], ['recognition_source', (r) => r.recognition.source], ['evidence_level', (r) => r.evidence?.level ?? null],
      ['evidence_evaluation', (r) => r.evidence?.evaluation ?? null], ['evidence_source', (r) => r.evidence?.source ?? null], ['sources', (r) => r.sources],
      ['target_population', (r) => r.targetPopulation], ['care_settings', (r) => r.careSettings],
      ['core_features_note', (r) => r.coreFeaturesNote], ['resources_needed', (r) => r.resourcesNeeded], ['evaluation_framework', (r) => r.evaluation?.framework ?? null],
      ['evaluation_evaluator', (r) => r.evaluation?.evaluator ?? null], ['evaluation_mast_domains', (r) => r.evaluation?.mastDomains ?? null],
      ['evaluation_summary', (r) => r.evaluation?.summary ?? null], ['transferability', (r) => r.transferability], ['lessons', (r) => r.lessons],
      ['languages', (r) => r.languages], ['period', (r) => r.period], ['last_reviewed', (r) => r.lastReviewed],
      ['source_urls', (r) => r.resources.map((x) => x.url)],
    ],
  }),
  table({
    file: 'core-features.csv',
    dataset: 'practices',
    row: 'a core feature of a practice',
    rows: children<'practices', RecordOf<'practices'>['coreFeatures'][number]>((r) => r.coreFeatures),
    columns: [
      ['practice', ({ parent }) => parent.id], ['id', ({ child }) => child.id], ['name', ({ child }) => child.name], ['description', ({ child }) => child.description],
      ['kind', ({ child }) => child.kind], ['prerequisites', ({ child }) => child.prerequisites],
      ['required_maturity', ({ child }) => child.requiredMaturity.map((m) => `${m.dimension} ${m.level}`)],
    ],
  }),
  table({
    file: 'outcomes.csv',
    dataset: 'practices',
    row: 'an outcome reported for a practice',
    rows: children<'practices', RecordOf<'practices'>['outcomes'][number]>((r) => r.outcomes),
    columns: [['practice', ({ parent }) => parent.id], ['indicator', ({ child }) => child.indicator], ['baseline', ({ child }) => child.baseline], ['result', ({ child }) => child.result], ['source', ({ child }) => child.source]],
  }),
  table<'adoptions', RecordOf<'adoptions'>>({
    file: 'adoptions.csv',
    dataset: 'adoptions',
    row: 'a published adoption story',
    rows: (r) => r,
    columns: [
      ['id', (r) => r.id], ['url', (r) => r.url], ['practice', (r) => r.practice], ['title', (r) => r.title], ['summary', (r) => r.summary],
      ['organisation', (r) => r.organisation.name], ['organisation_is_demo', (r) => r.organisation.isDemo], ['country', (r) => r.country], ['region', (r) => r.region],
      ['period_from', (r) => r.period.from], ['period_to', (r) => r.period.to], ['parts', (r) => r.parts], ['context', (r) => r.context],
      ['sustainability_funding', (r) => r.sustainability?.funding ?? null], ['sustainability_policy', (r) => r.sustainability?.policy ?? null],
      ['sustainability_note', (r) => r.sustainability?.note ?? null], ['lessons', (r) => r.lessons], ['report_version', (r) => r.reportVersion],
      ['report_approved_at', (r) => r.reportApprovedAt], ['published_at', (r) => r.publishedAt],
    ],
  }),
  table({
    file: 'adoption-core-features.csv',
    dataset: 'adoptions',
    row: 'what an adoption kept, adapted or dropped of one core feature',
    rows: children<'adoptions', RecordOf<'adoptions'>['coreFeatures'][number]>((r) => r.coreFeatures),
    columns: [['adoption', ({ parent }) => parent.id], ['practice', ({ parent }) => parent.practice], ['feature', ({ child }) => child.feature], ['name', ({ child }) => child.name], ['decision', ({ child }) => child.decision], ['how', ({ child }) => child.how], ['effect', ({ child }) => child.effect]],
  }),
  table({
    file: 'adoption-results.csv',
    dataset: 'adoptions',
    row: 'a result of an adoption against an objective or indicator',
    rows: children<'adoptions', RecordOf<'adoptions'>['results'][number]>((r) => r.results),
    columns: [
      ['adoption', ({ parent }) => parent.id], ['title', ({ child }) => child.title], ['kind', ({ child }) => child.kind], ['unit', ({ child }) => child.unit],
      ['baseline', ({ child }) => child.baseline], ['target', ({ child }) => child.target], ['latest_value', ({ child }) => child.latest?.value ?? null],
      ['latest_period', ({ child }) => child.latest?.period ?? null], ['result', ({ child }) => child.result], ['headline', ({ child }) => child.headline],
    ],
  }),
  table({
    file: 'adoption-factors.csv',
    dataset: 'adoptions',
    row: 'a barrier or facilitator of an adoption, by CFIR domain',
    rows: children<'adoptions', RecordOf<'adoptions'>['factors'][number]>((r) => r.factors),
    columns: [['adoption', ({ parent }) => parent.id], ['kind', ({ child }) => child.kind], ['domain', ({ child }) => child.domain], ['text', ({ child }) => child.text]],
  }),
  table<'visits', RecordOf<'visits'>>({
    file: 'visits.csv',
    dataset: 'visits',
    row: 'a study visit or event',
    rows: (r) => r,
    columns: [
      ['id', (r) => r.id], ['url', (r) => r.url], ['title', (r) => r.title], ['summary', (r) => r.summary], ['kind', (r) => r.kind], ['host', (r) => r.host],
      ['practices', (r) => r.practices], ['programme', (r) => r.programme], ['country', (r) => r.country], ['date_precision', (r) => r.when.precision],
      ['start', (r) => r.when.start], ['end', (r) => r.when.end], ['start_time', (r) => r.when.startTime], ['end_time', (r) => r.when.endTime],
      ['time_zone', (r) => r.when.timeZone], ['format', (r) => r.format], ['location', (r) => r.location], ['learning_objectives', (r) => r.learningObjectives],
      ['cases', (r) => r.cases], ['follow_up', (r) => r.followUp], ['material_urls', (r) => r.materials.map((m) => m.url)], ['sources', (r) => r.sources],
    ],
  }),
  table({
    file: 'visit-agenda.csv',
    dataset: 'visits',
    row: 'an agenda item of a visit',
    rows: children<'visits', RecordOf<'visits'>['agenda'][number]>((r) => r.agenda),
    columns: [['visit', ({ parent }) => parent.id], ['time', ({ child }) => child.time], ['topic', ({ child }) => child.topic], ['presenter', ({ child }) => child.presenter]],
  }),
  table<'programmes', RecordOf<'programmes'>>({
    file: 'programmes.csv',
    dataset: 'programmes',
    row: 'a programme',
    rows: (r) => r,
    columns: [
      ['id', (r) => r.id], ['url', (r) => r.url], ['title', (r) => r.title], ['acronym', (r) => r.acronym], ['summary', (r) => r.summary],
      ['period', (r) => r.period.label], ['date_precision', (r) => r.period.precision], ['start', (r) => r.period.start], ['end', (r) => r.period.end], ['funder', (r) => r.funding.funder],
      ['instrument', (r) => r.funding.instrument], ['amount', (r) => r.funding.amount?.value ?? null], ['currency', (r) => r.funding.amount?.currency ?? null],
      ['funding_reference', (r) => r.funding.reference], ['coordinator', (r) => r.coordinator], ['partner_count', (r) => r.partnerCount],
      ['partnership', (r) => r.partnership], ['country_count', (r) => r.countryCount], ['countries', (r) => r.countries], ['countries_listed', (r) => r.countriesListed],
      ['source_urls', (r) => r.resources.map((x) => x.url)], ['sources', (r) => r.sources],
    ],
  }),
  table({
    file: 'programme-partners.csv',
    dataset: 'programmes',
    row: 'a partner the sources name for a programme',
    rows: children<'programmes', RecordOf<'programmes'>['partners'][number]>((r) => r.partners),
    columns: [['programme', ({ parent }) => parent.id], ['name', ({ child }) => child.name], ['country', ({ child }) => child.country], ['role', ({ child }) => child.role]],
  }),
  table({
    file: 'programme-work-packages.csv',
    dataset: 'programmes',
    row: 'a work package of a programme',
    rows: children<'programmes', RecordOf<'programmes'>['workPackages'][number]>((r) => r.workPackages),
    columns: [['programme', ({ parent }) => parent.id], ['code', ({ child }) => child.code], ['title', ({ child }) => child.title], ['lead', ({ child }) => child.lead], ['summary', ({ child }) => child.summary]],
  }),
  table<'regions', RecordOf<'regions'>>({
    file: 'regions.csv',
    dataset: 'regions',
    row: 'a region profile',
    rows: (r) => r,
    columns: [
      ['id', (r) => r.id], ['url', (r) => r.url], ['name', (r) => r.name], ['country', (r) => r.country], ['summary', (r) => r.summary], ['role', (r) => r.role],
      ['sectors', (r) => r.sectors.map((s) => `${s.name}: ${s.role}`)], ['organisations', (r) => r.organisations.map((o) => `${o.name}: ${o.role}`)],
      ['source_urls', (r) => r.resources.map((x) => x.url)], ['sources', (r) => r.sources],
    ],
  }),
  table({
    file: 'region-facts.csv',
    dataset: 'regions',
    row: 'a key figure of a region, with its source',
    rows: children<'regions', RecordOf<'regions'>['facts'][number]>((r) => r.facts),
    columns: [['region', ({ parent }) => parent.id], ['label', ({ child }) => child.label], ['value', ({ child }) => child.value], ['source', ({ child }) => child.source]],
  }),
  table<'sources', RecordOf<'sources'>>({
    file: 'sources.csv',
    dataset: 'sources',
    row: 'a source document',
    rows: (r) => r,
    columns: [
      ['id', (r) => r.id], ['url', (r) => r.url], ['title', (r) => r.title], ['publisher', (r) => r.publisher], ['kind', (r) => r.kind],
      ['document_url', (r) => r.documentUrl], ['covers', (r) => r.covers], ['caveat', (r) => r.caveat],
    ],
  }),
];

/** Numbers and booleans bare, absent values empty, text quoted and formula-safe, lists one value per line. */
function cell(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return textCell(typeof value === 'string' ? value : value.join('\n'));
}

/** The whole CSV file of one table: byte-order mark, header row, a row per item. */
export function writeCsvTable(t: CsvTable, records: unknown[]): string {
  const rows = t.rows(records as never);
  return utf8Bom + csvLine(t.columns.map(([header]) => header)) + rows.map((row) => csvLine(t.columns.map(([, value]) => cell(value(row))))).join('');
}
