/**
 * Measurements pasted or uploaded as CSV, in two steps: a preview that says, row by row, what is wrong or what will
 * happen (add, or replace a value, showing the old one), writing nothing; then the import of exactly that preview,
 * all rows in one transaction, refused if any row is wrong or a measurement it replaces changed meanwhile.
 *
 * Parsed with csv-parse (the node-csv project): maintained since 2010, no dependencies, RFC 4180 quoting (quoted
 * delimiters, doubled quotes, line breaks in cells), a BOM option and the line of every record, which a spreadsheet
 * export needs and a split(',') gets wrong.
 */
import { formats, t } from '../../../i18n/index.ts';
import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { and, eq, sql } from 'drizzle-orm';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { prepared, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { canRecordImplementation, type Actor } from '../permissions.ts';
import { fail, type FieldErrors } from '../result.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import { recordsPerSection, type EntryData } from '../transfers/entry-schema.ts';
import { bumpRevision } from '../transfers/revision.ts';
import { checkMeasurement, kpiRule, mixedPeriodProblem, periodKind, type KpiRule, type MeasurementValues, type PeriodKind } from './measurement-schema.ts';
import { measurementsPerKpi, row as storedColumns, type Meta, type TransferRef } from './measurements.ts';
import { activeOnly, requireActiveTransfer } from '../transfers/active.ts';

/** Rows one import may hold: two years of monthly values for 800 indicators, far above any plan's. */
export const importRowLimit = 20_000;
/** The request body limit of the server (astro.config.mjs), which a pasted or uploaded file must fit in. */
export const importByteLimit = 1024 * 1024;

const columns = { indicator: 'indicator', period: 'period', value: 'value', numerator: 'numerator', denominator: 'denominator', note: 'note', datasource: 'dataSource' } as const;
type Column = (typeof columns)[keyof typeof columns];
const columnNames = 'indicator, period, value, numerator, denominator, note, data source';

export type PreviewRow = {
  line: number;
  indicator: string;
  kpiId?: string;
  kpiTitle?: string;
  cells: Partial<Record<Column, string>>;
  parsed?: MeasurementValues;
  errors: string[];
  action?: 'create' | 'replace';
  /** The value a replacement overwrites. */
  old?: { id: string; value: number; version: number };
};

export type ImportPreview = {
  /** Problems with the whole text (size, header, quoting); when present there are no rows. */
  problems: string[];
  rows: PreviewRow[];
  totals: { rows: number; create: number; replace: number; withErrors: number };
  /** Names this text and the versions of what it replaces: the import must be of this exact preview. */
  fingerprint: string;
};

const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, '');

/** `;` when the header line has more semicolons than commas (spreadsheets in much of Europe), else `,`. */
function delimiterOf(text: string): ',' | ';' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

type Existing = { id: string; kpiId: string; period: string; value: number; version: number };

/** Line ends and a BOM left out: a browser re-posts the previewed text with CRLF, whatever the file had. */
function fingerprintOf(text: string, replaced: Existing[]): string {
  const hash = createHash('sha256').update(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  for (const r of [...replaced].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(`\n${r.id}:${r.version}`);
  return hash.digest('base64url');
}

const emptyPreview = (problems: string[], text: string): ImportPreview => ({ problems, rows: [], totals: { rows: 0, create: 0, replace: 0, withErrors: 0 }, fingerprint: fingerprintOf(text, []) });

type Kpi = KpiRule & { data: EntryData };

async function loadKpis(db: Db | Tx, transferId: string, registry: TemplateRegistry): Promise<Kpi[]> {
  const ref = registry.requireSection('kpis');
  const e = schema.entry;
  const rows = await db
    .select({ id: e.id, data: e.data })
    .from(e)
    .where(and(eq(e.transferId, transferId), eq(e.template, ref.kind), eq(e.section, ref.section.id)))
    .limit(recordsPerSection);
  return rows.map((r) => {
    const data = JSON.parse(r.data) as EntryData;
    return { ...kpiRule(ref.section, { id: r.id, data }), data };
  });
}

/** Every measurement of the transfer, as much as the import needs to know of it (one query). */
const existingOf = (db: Db | Tx, transferId: string): Promise<Existing[]> => {
  const m = schema.kpiMeasurement;
  return db.select({ id: m.id, kpiId: m.kpiId, period: m.period, value: m.value, version: m.version }).from(m).where(eq(m.transferId, transferId)).limit(recordsPerSection * measurementsPerKpi);
};

/** Reads the text into rows and says what each would do. Writes nothing. */
export async function previewImport(db: Db, transfer: { id: string }, registry: TemplateRegistry, text: string): Promise<ImportPreview> {
  const read = readRows(text, await loadKpis(db, transfer.id, registry));
  return 'problems' in read ? emptyPreview(read.problems, text) : classify(text, read.rows, await existingOf(db, transfer.id));
}

type ReadRow = Omit<PreviewRow, 'action' | 'old'>;

/**
 * The rows of the text, each checked on its own (the costly part, done once per request). Line numbers come from
 * csv-parse's own count, so a quoted line break inside a note does not shift them.
 */
function readRows(text: string, kpis: Kpi[]): { rows: ReadRow[] } | { problems: string[] } {
  if (Buffer.byteLength(text, 'utf8') > importByteLimit) return { problems: [t('monitoring:csv.tooLarge', { max: formats().number(importRowLimit) })] };
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return { problems: [t('monitoring:csv.empty')] };
  let records: string[][];
  try {
    // on_record with the line in front: cheaper than `info: true`, which copies the parser's state for every row.
    records = parse(body, { delimiter: delimiterOf(body), relax_column_count: true, skip_empty_lines: true, to_line: importRowLimit + 2, on_record: (record: string[], context: { lines: number }) => [String(context.lines), ...record] });
  } catch (error) {
    const line = error instanceof CsvError && 'lines' in error ? t('monitoring:csv.nearLine', { line: (error as CsvError & { lines: number }).lines }) : '';
    // The parser's own words stay as it gives them (English): they name the exact quoting problem.
    return { problems: [t('monitoring:csv.unreadable', { line, reason: error instanceof Error ? error.message.replace(/^[A-Z_]+: /, '') : t('monitoring:csv.unknownError') })] };
  }
  const [header, ...data] = records;
  if (!header) return { problems: [t('monitoring:csv.empty')] };
  const problems: string[] = [];
  const at: [Column, number][] = [];
  for (const [i, name] of header.slice(1).entries()) {
    // Own keys only: a header such as "constructor" must not find the object's prototype.
    const key = normaliseHeader(name);
    const column = Object.hasOwn(columns, key) ? (columns as Record<string, Column>)[key] : undefined;
    if (!column) problems.push(t('monitoring:csv.unknownColumn', { name: name.trim().slice(0, 40), columns: columnNames }));
    else if (at.some(([c]) => c === column)) problems.push(t('monitoring:csv.columnTwice', { name: name.trim() }));
    else at.push([column, i + 1]);
  }
  if (!at.some(([c]) => c === 'indicator') || !at.some(([c]) => c === 'period')) problems.push(t('monitoring:csv.header', { columns: columnNames }));
  if (data.length > importRowLimit || Number(records.at(-1)?.[0] ?? 0) > importRowLimit + 1) problems.push(t('monitoring:csv.tooManyRows', { max: formats().number(importRowLimit) }));
  if (problems.length > 0) return { problems };

  const byId = new Map(kpis.map((k) => [k.id, k]));
  const byTitle = new Map<string, Kpi | 'ambiguous'>();
  for (const k of kpis) {
    const key = k.title.trim().toLowerCase();
    byTitle.set(key, byTitle.has(key) ? 'ambiguous' : k);
  }
  return {
    rows: data.map((record): ReadRow => {
      const cells: Partial<Record<Column, string>> = {};
      for (const [column, i] of at) cells[column] = (record[i] ?? '').trim();
      const indicator = cells.indicator ?? '';
      const row: ReadRow = { line: Number(record[0]), indicator, cells, errors: [] };
      const found = byId.get(indicator) ?? byTitle.get(indicator.toLowerCase());
      if (!indicator) row.errors.push(t('monitoring:csv.indicatorEmpty'));
      else if (found === 'ambiguous') row.errors.push(t('monitoring:csv.indicatorAmbiguous', { indicator }));
      else if (!found) row.errors.push(t('monitoring:csv.indicatorUnknown', { indicator: indicator.slice(0, 90) }));
      else {
        row.kpiId = found.id;
        row.kpiTitle = found.title;
        const checked = checkMeasurement(cells, found);
        if (checked.ok) row.parsed = checked.data;
        else row.errors.push(...Object.values(checked.errors as FieldErrors).flat());
      }
      return row;
    }),
  };
}

/**
 * What each row would do given the measurements stored now: add, or replace (with the old value); a period given
 * twice, or an indicator that would pass its cap, is an error. Cheap, so the import runs it again in its transaction.
 */
function classify(text: string, read: ReadRow[], existing: Existing[]): ImportPreview {
  const stored = new Map(existing.map((m) => [`${m.kpiId}\n${m.period}`, m]));
  const counts = new Map<string, number>();
  for (const m of existing) counts.set(m.kpiId, (counts.get(m.kpiId) ?? 0) + 1);
  const seen = new Map<string, number>();
  // The kind of period each indicator's series counts: that of its stored measurements, else of its first row here.
  const kinds = new Map<string, PeriodKind>();
  for (const m of existing) if (!kinds.has(m.kpiId)) kinds.set(m.kpiId, periodKind(m.period));
  const replaced: Existing[] = [];
  const totals = { rows: read.length, create: 0, replace: 0, withErrors: 0 };
  const rows = read.map((r): PreviewRow => {
    const row: PreviewRow = { ...r, errors: [...r.errors] };
    if (r.parsed && r.kpiId) {
      const key = `${r.kpiId}\n${r.parsed.period}`;
      const earlier = seen.get(key);
      const old = stored.get(key);
      const mixed = mixedPeriodProblem(r.kpiTitle ?? '', r.parsed.period, kinds.get(r.kpiId));
      if (!kinds.has(r.kpiId)) kinds.set(r.kpiId, periodKind(r.parsed.period));
      if (earlier !== undefined) row.errors.push(`${r.kpiTitle} — ${t('monitoring:csv.twice', { period: r.parsed.label, line: earlier })}`);
      else if (mixed) row.errors.push(mixed);
      else {
        seen.set(key, r.line);
        if (old) {
          row.action = 'replace';
          row.old = { id: old.id, value: old.value, version: old.version };
          replaced.push(old);
        } else {
          const count = (counts.get(r.kpiId) ?? 0) + 1;
          counts.set(r.kpiId, count);
          if (count > measurementsPerKpi) row.errors.push(t('monitoring:csv.kpiFull', { kpi: r.kpiTitle, max: formats().number(measurementsPerKpi) }));
          else row.action = 'create';
        }
      }
    }
    if (row.errors.length > 0) {
      totals.withErrors++;
      if (row.action === 'replace') replaced.pop();
      delete row.action;
      delete row.old;
    } else if (row.action === 'create') totals.create++;
    else totals.replace++;
    return row;
  });
  return { problems: [], rows, totals, fingerprint: fingerprintOf(text, replaced) };
}

const p = (name: string) => sql.placeholder(name);
// An update's set() takes SQL, not a bare placeholder.
const ps = (name: string) => sql`${sql.placeholder(name)}`;
const insertStatement = (tx: Tx) =>
  prepared(tx as Db, 'kpi-measurement.insert', (d) =>
    d
      .insert(schema.kpiMeasurement)
      .values({ id: p('id'), transferId: p('transferId'), kpiId: p('kpiId'), period: p('period'), periodStart: p('periodStart'), value: p('value'), numerator: p('numerator'), denominator: p('denominator'), note: p('note'), dataSource: p('dataSource'), version: 1, createdBy: p('userId'), createdAt: p('now'), updatedBy: p('userId'), updatedAt: p('now') }),
  );
const updateStatement = (tx: Tx) =>
  prepared(tx as Db, 'kpi-measurement.replace', (d) => {
    const m = schema.kpiMeasurement;
    return d
      .update(m)
      .set({ period: ps('period'), periodStart: ps('periodStart'), value: ps('value'), numerator: ps('numerator'), denominator: ps('denominator'), note: ps('note'), dataSource: ps('dataSource'), version: sql`${m.version} + 1`, updatedBy: ps('userId'), updatedAt: ps('now') })
      .where(and(eq(m.id, p('id')), eq(m.version, p('version'))));
  });

export type ImportOutcome = { ok: true; created: number; replaced: number } | { ok: false; errors: FieldErrors; status: number; preview?: ImportPreview };

/**
 * Imports what a preview showed. Refused, writing nothing, when any row has an error or when the fingerprint no
 * longer matches (the text changed, or a measurement it replaces was changed meanwhile): then the preview is shown
 * again. Every row is written in one transaction; a replacement bumps the measurement's version.
 */
export const confirmImport = activeOnly(async function confirmImport(db: Db, actor: Actor, transfer: TransferRef, registry: TemplateRegistry, text: string, fingerprint: string, meta: Meta): Promise<ImportOutcome> {
  if (!canRecordImplementation(actor, transfer))
    return denied(db, { action: 'kpi-measurement.import', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip }, t('monitoring:kpi.cannotRecord'));
  const read = readRows(text, await loadKpis(db, transfer.id, registry));
  if ('problems' in read) return { ...fail({ '': read.problems }), preview: emptyPreview(read.problems, text) };
  const preview = classify(text, read.rows, await existingOf(db, transfer.id));
  if (preview.totals.withErrors > 0) return { ...fail({ '': [t('monitoring:csv.rowsWithErrors', { count: preview.totals.withErrors, n: formats().number(preview.totals.withErrors) })] }), preview };
  if (preview.totals.rows === 0) return { ...fail({ '': [t('monitoring:csv.noRows')] }), preview };
  if (preview.fingerprint !== fingerprint)
    return { ...fail({ '': [t('monitoring:csv.changedSincePreview')] }, 409), preview };
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    // The preview was read before this transaction began: whatever committed in between shows in the fingerprint.
    const again = classify(text, read.rows, await existingOf(tx, transfer.id));
    if (again.fingerprint !== fingerprint || again.totals.withErrors > 0) return { stale: again };
    const creates = again.rows.filter((r) => r.action === 'create');
    // Statements prepared once per connection: building and preparing a query per row was most of the import's time.
    const insert = insertStatement(tx);
    for (const r of creates) await insert.run({ id: crypto.randomUUID(), transferId: transfer.id, kpiId: r.kpiId!, ...storedColumns(r.parsed!), userId: actor.userId, now });
    const update = updateStatement(tx);
    let replaced = 0;
    for (const r of again.rows) {
      if (r.action !== 'replace') continue;
      await update.run({ ...storedColumns(r.parsed!), id: r.old!.id, version: r.old!.version, userId: actor.userId, now });
      replaced++;
    }
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, {
      action: 'kpi-measurement.import',
      outcome: 'success',
      actorUserId: actor.userId,
      targetType: 'transfer',
      targetId: transfer.id,
      ip: meta.ip,
      detail: { created: creates.length, replaced, indicators: new Set(again.rows.map((r) => r.kpiId)).size },
    });
    return { created: creates.length, replaced };
  });
  if ('stale' in outcome)
    return { ...fail({ '': [t('monitoring:csv.changedWhileImporting')] }, 409), preview: outcome.stale };
  return { ok: true, ...outcome };
});
