/**
 * A transfer as an XLSX workbook: a first sheet saying what it is, then one sheet per table of export-tables.ts
 * (core features, then each section with records), made with write-excel-file (docs/decisions/0013-office-files.md).
 */
import writeXlsxFile, { type Cell, type Row, type Sheet } from 'write-excel-file/node';
import { t } from '../../../i18n/index.ts';
import type { ExportColumn, ExportTable } from './export-tables.ts';

/** The limit Excel puts on a sheet's name; a longer one makes it refuse the whole file as damaged. */
export const sheetNameLength = 31;

/**
 * Sheet names Excel accepts, one per title, in order: the characters it forbids (\ / ? * [ ] :) become "-", no
 * apostrophe at either end, at most 31 characters, never "History" (which Excel keeps for itself), and each one
 * different from the others ignoring case (Excel compares them so), numbered " (2)", " (3)"… when two would clash.
 */
export function sheetNames(titles: readonly string[]): string[] {
  const taken = new Set<string>(['history']);
  return titles.map((title) => {
    const base = title.replace(/[\\/?*[\]:]/g, '-').replace(/[\u0000-\u001f]/g, ' ').replace(/\s+/g, ' ').replace(/^['\s]+|['\s]+$/g, '') || 'Sheet';
    let name = base.slice(0, sheetNameLength).trimEnd();
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, sheetNameLength - ` (${n})`.length).trimEnd()} (${n})`;
    taken.add(name.toLowerCase());
    return name;
  });
}

const header = (c: ExportColumn): Cell => ({ value: c.header, fontWeight: 'bold', wrap: true });

/** A cell typed by its column: a date column's "YYYY-MM-DD" is a spreadsheet date, a time a date and time. */
function cell(value: ExportTable['rows'][number][number], column: ExportColumn): Cell {
  if (value === null) return null;
  if (typeof value === 'number') return { value, type: Number };
  if (column.type === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return { value: new Date(`${value}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' };
  if (column.type === 'datetime' && !Number.isNaN(Date.parse(value))) return { value: new Date(value), type: Date, format: 'yyyy-mm-dd hh:mm' };
  // Text stays text: a cell written as a string is never run as a formula, so no apostrophe is needed here.
  return { value, type: String, wrap: value.length > 60 };
}

/** Column widths from what they hold: wide enough for most of their text, never so wide the sheet cannot be read. */
const widths = (table: ExportTable) =>
  table.columns.map((c, i) => ({ width: Math.min(60, Math.max(10, c.header.length + 2, ...table.rows.map((r) => (r[i] === null ? 0 : String(r[i]).length + 2)))) }));

type About = { title: string; organisation: string; practice: string; mentors: string[]; exportedAt: Date };

/** The workbook's bytes: a sheet "Transfer" with what it is and when it was exported, then one sheet per table. */
export async function transferWorkbook(about: About, tables: readonly ExportTable[]): Promise<Buffer> {
  const w = (key: 'transfer' | 'organisation' | 'practice' | 'mentors' | 'exported' | 'sheets' | 'records') => t(`print:workbook.${key}`);
  const names = sheetNames([w('transfer'), ...tables.map((table) => table.title)]);
  const aboutRows: Row[] = [
    [{ value: w('transfer'), fontWeight: 'bold' }, { value: about.title }],
    [{ value: w('organisation'), fontWeight: 'bold' }, { value: about.organisation }],
    [{ value: w('practice'), fontWeight: 'bold' }, { value: about.practice }],
    [{ value: w('mentors'), fontWeight: 'bold' }, { value: about.mentors.join(', ') || t('print:none') }],
    [{ value: w('exported'), fontWeight: 'bold' }, { value: about.exportedAt, type: Date, format: 'yyyy-mm-dd hh:mm' }],
    [],
    [{ value: w('sheets'), fontWeight: 'bold' }, { value: w('records') }],
    ...tables.map((t, i): Row => [{ value: names[i + 1] }, { value: t.rows.length, type: Number }]),
  ];
  const sheets: Sheet<Buffer>[] = [
    { sheet: names[0], data: aboutRows, columns: [{ width: 24 }, { width: 60 }] },
    ...tables.map((t, i): Sheet<Buffer> => ({
      sheet: names[i + 1],
      data: [t.columns.map(header), ...t.rows.map((r) => r.map((v, c) => cell(v, t.columns[c])))],
      columns: widths(t),
      stickyRowsCount: 1,
    })),
  ];
  return writeXlsxFile(sheets).toBuffer();
}
