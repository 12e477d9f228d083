/**
 * Measurements pasted or uploaded as CSV, in two steps: a preview that says, row by row, what is wrong or what will
 * happen (add, or replace a value, showing the old one), writing nothing; then the import of exactly that preview,
 * all rows in one transaction, refused if any row is wrong or a measurement it replaces changed meanwhile.
 *
 * Parsed with csv-parse (the node-csv project): maintained since 2010, no dependencies, RFC 4180 quoting (quoted
 * delimiters, doubled quotes, line breaks in cells), a BOM option and the line of every record, which a spreadsheet
 * export needs and a split(',') gets wrong.
 */
import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { and, eq, sql } from 'drizzle-orm';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { canRecordImplementation, type Actor } from '../permissions.ts';
import { fail, type FieldErrors } from '../result.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import { recordsPerSection, type EntryData } from '../transfers/entry-schema.ts';
import { bumpRevision } from '../transfers/revision.ts';
import { checkMeasurement, kpiRule, type KpiRule, type MeasurementValues } from './measurement-schema.ts';
import { measurementsPerKpi, row as storedColumns, type Meta, type TransferRef } from './measurements.ts';

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

function fingerprintOf(text: string, replaced: Existing[]): string {
  const hash = createHash('sha256').update(text);
  for (const r of [...replaced].sort((a, b) => a.id.localeCompare(b.id))) hash.update(`\n${r.id}:${r.version}`);
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
  return previewWith(text, await loadKpis(db, transfer.id, registry), await existingOf(db, transfer.id));
}

function previewWith(text: string, kpis: Kpi[], existing: Existing[]): ImportPreview {
  if (Buffer.byteLength(text, 'utf8') > importByteLimit) return emptyPreview([`The text is larger than 1 MiB, the most one import takes. Split it into several files of at most ${importRowLimit.toLocaleString('en')} rows.`], text);
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) return emptyPreview(['Paste the CSV text or choose a file: there is nothing to import.'], text);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, { delimiter: delimiterOf(body), info: true, relax_column_count: true, skip_empty_lines: true, to_line: importRowLimit + 2 }) as unknown as typeof records;
  } catch (error) {
    const line = error instanceof CsvError && 'lines' in error ? ` near line ${(error as CsvError & { lines: number }).lines}` : '';
    return emptyPreview([`The CSV could not be read${line}: ${error instanceof Error ? error.message.replace(/^[A-Z_]+: /, '') : 'unknown error'}. Check the quotes around that line.`], text);
  }
  const [header, ...data] = records;
  if (!header) return emptyPreview(['Paste the CSV text or choose a file: there is nothing to import.'], text);
  const problems: string[] = [];
  const at: Partial<Record<Column, number>> = {};
  for (const [i, name] of header.record.entries()) {
    const column = (columns as Record<string, Column>)[normaliseHeader(name)];
    if (!column) problems.push(`Column "${name.trim().slice(0, 40)}" is not one the import knows; the header names the columns ${columnNames} (in any order).`);
    else if (at[column] !== undefined) problems.push(`Column "${name.trim()}" appears twice in the header.`);
    else at[column] = i;
  }
  if (at.indicator === undefined || at.period === undefined) problems.push(`The first line must name the columns: at least indicator and period, and value (or numerator and denominator); known columns are ${columnNames}.`);
  if (data.length > importRowLimit || (records.at(-1)?.info.lines ?? 0) > importRowLimit + 1) problems.push(`The text has more than ${importRowLimit.toLocaleString('en')} rows, the most one import takes. Split it into several imports.`);
  if (problems.length > 0) return emptyPreview(problems, text);

  const byId = new Map(kpis.map((k) => [k.id, k]));
  const byTitle = new Map<string, Kpi | 'ambiguous'>();
  for (const k of kpis) {
    const key = k.title.trim().toLowerCase();
    byTitle.set(key, byTitle.has(key) ? 'ambiguous' : k);
  }
  const stored = new Map(existing.map((m) => [`${m.kpiId}\n${m.period}`, m]));
  const counts = new Map<string, number>();
  for (const m of existing) counts.set(m.kpiId, (counts.get(m.kpiId) ?? 0) + 1);
  const seen = new Map<string, number>();
  const replaced: Existing[] = [];
  const totals = { rows: 0, create: 0, replace: 0, withErrors: 0 };

  const rows = data.map(({ record, info }): PreviewRow => {
    const cells: Partial<Record<Column, string>> = {};
    for (const [column, i] of Object.entries(at) as [Column, number][]) cells[column] = (record[i] ?? '').trim();
    const indicator = cells.indicator ?? '';
    const result: PreviewRow = { line: info.lines, indicator, cells, errors: [] };
    totals.rows++;
    const found = byId.get(indicator) ?? byTitle.get(indicator.toLowerCase());
    if (!indicator) result.errors.push('Indicator is empty: give the indicator’s title as shown in the plan, or its id.');
    else if (found === 'ambiguous') result.errors.push(`Two indicators are called "${indicator}": use the id of the one you mean (shown on its page).`);
    else if (!found) result.errors.push(`No indicator of this plan is called "${indicator.slice(0, 90)}": use the title as shown in the plan, or its id.`);
    else {
      result.kpiId = found.id;
      result.kpiTitle = found.title;
      const checked = checkMeasurement(cells, found);
      if (!checked.ok) result.errors.push(...Object.values(checked.errors as FieldErrors).flat());
      else {
        result.parsed = checked.data;
        const key = `${found.id}\n${checked.data.period}`;
        const earlier = seen.get(key);
        const old = stored.get(key);
        if (earlier !== undefined) result.errors.push(`${found.title} — ${checked.data.label} is given twice: on line ${earlier} and here. Keep one.`);
        else if (old) {
          seen.set(key, result.line);
          result.action = 'replace';
          result.old = { id: old.id, value: old.value, version: old.version };
          replaced.push(old);
        } else {
          seen.set(key, result.line);
          const count = (counts.get(found.id) ?? 0) + 1;
          counts.set(found.id, count);
          if (count > measurementsPerKpi) result.errors.push(`${found.title} would have more than ${measurementsPerKpi.toLocaleString('en')} measurements, the most an indicator keeps. Delete some first, or import fewer.`);
          else result.action = 'create';
        }
      }
    }
    if (result.errors.length > 0) (totals.withErrors++, delete result.action, delete result.old);
    else if (result.action === 'create') totals.create++;
    else totals.replace++;
    return result;
  });
  return { problems: [], rows, totals, fingerprint: fingerprintOf(text, replaced) };
}

export type ImportOutcome = { ok: true; created: number; replaced: number } | { ok: false; errors: FieldErrors; status: number; preview?: ImportPreview };

/**
 * Imports what a preview showed. Refused, writing nothing, when any row has an error or when the fingerprint no
 * longer matches (the text changed, or a measurement it replaces was changed meanwhile): then the preview is shown
 * again. Every row is written in one transaction; a replacement bumps the measurement's version.
 */
export async function confirmImport(db: Db, actor: Actor, transfer: TransferRef, registry: TemplateRegistry, text: string, fingerprint: string, meta: Meta): Promise<ImportOutcome> {
  if (!canRecordImplementation(actor, transfer))
    return denied(db, { action: 'kpi-measurement.import', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip }, 'Your account cannot record measurements for this transfer.');
  const kpis = await loadKpis(db, transfer.id, registry);
  const preview = previewWith(text, kpis, await existingOf(db, transfer.id));
  if (preview.problems.length > 0) return { ...fail({ '': preview.problems }), preview };
  if (preview.totals.withErrors > 0) return { ...fail({ '': [`${preview.totals.withErrors.toLocaleString('en')} of the rows have errors, so nothing was imported. Correct them (each is listed below) and preview again.`] }), preview };
  if (preview.totals.rows === 0) return { ...fail({ '': ['The text has a header but no rows: there is nothing to import.'] }), preview };
  if (preview.fingerprint !== fingerprint)
    return { ...fail({ '': ['The measurements changed since your preview (someone saved or imported values meanwhile), or the text did: nothing was imported. Here is the preview again, as things are now; check it and import again.'] }, 409), preview };
  const now = isoNow(meta.now);
  const m = schema.kpiMeasurement;
  const outcome = await writeTransaction(db, async (tx) => {
    // The preview was read before this transaction began: whatever committed in between shows in the fingerprint.
    const again = previewWith(text, kpis, await existingOf(tx, transfer.id));
    if (again.fingerprint !== fingerprint || again.totals.withErrors > 0) return { stale: again };
    const creates = again.rows.filter((r) => r.action === 'create');
    // A few hundred rows per INSERT: one statement per row would be most of the import's time.
    for (let i = 0; i < creates.length; i += 500) {
      await tx.insert(m).values(
        creates.slice(i, i + 500).map((r) => ({ id: crypto.randomUUID(), transferId: transfer.id, kpiId: r.kpiId!, ...storedColumns(r.parsed!), version: 1, createdBy: actor.userId, createdAt: now, updatedBy: actor.userId, updatedAt: now })),
      );
    }
    let replaced = 0;
    for (const r of again.rows) {
      if (r.action !== 'replace') continue;
      await tx
        .update(m)
        .set({ ...storedColumns(r.parsed!), version: sql`${m.version} + 1`, updatedBy: actor.userId, updatedAt: now })
        .where(and(eq(m.id, r.old!.id), eq(m.version, r.old!.version)));
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
    return { ...fail({ '': ['The measurements changed while you were importing: nothing was imported. Here is the preview again, as things are now; check it and import again.'] }, 409), preview: outcome.stale };
  return { ok: true, ...outcome };
}
