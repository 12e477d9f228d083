/**
 * One table of export-tables.ts as a CSV that Excel opens as it is, in any European locale: UTF-8 with a byte-order
 * mark (without it Excel reads "Évaluation" as "Ã‰valuation"), CRLF line ends, every text cell quoted with its quotes
 * doubled (RFC 4180), text that a spreadsheet would run as a formula neutralised (all as ../csv.ts writes every CSV),
 * dates in ISO form (Excel reads them as dates in every locale).
 *
 * The delimiter is a choice because Excel has no single CSV: it splits on the list separator of the computer's
 * region, which is ";" wherever the decimal separator is a comma (Germany, France, Italy, Spain, the Netherlands,
 * the Nordic countries…) and "," in English-speaking ones. The default is ";", for the programme's regions; with it,
 * numbers are written with a decimal comma too (3,5), so they arrive as numbers, not text. "," gives the plain
 * RFC 4180 file with decimal points that other tools expect.
 */
import { csvLine, textCell, utf8Bom } from '../csv.ts';
import type { ExportCell, ExportColumn, ExportTable } from './export-tables.ts';

export const csvDelimiters = { semicolon: ';', comma: ',' } as const;
export type CsvDelimiter = keyof typeof csvDelimiters;
export const defaultCsvDelimiter: CsvDelimiter = 'semicolon';

/** The delimiter a request asks for (`?delimiter=comma` or `semicolon`); anything else is the default. */
export const csvDelimiterOf = (value: string | null | undefined): CsvDelimiter => (value === 'comma' || value === 'semicolon' ? value : defaultCsvDelimiter);

/** A cell as CSV text: numbers bare (with the decimal comma the semicolon goes with), times as "YYYY-MM-DD hh:mm:ss". */
function csvCell(value: ExportCell, column: ExportColumn, delimiter: CsvDelimiter): string {
  if (value === null) return '';
  if (typeof value === 'number') return delimiter === 'semicolon' ? String(value).replace('.', ',') : String(value);
  // Excel reads "2027-03-31 14:05:00" as a date and time; the ISO "T…Z" form it leaves as text.
  if (column.type === 'datetime' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value)) return textCell(value.slice(0, 19).replace('T', ' '));
  return textCell(value);
}

/** The CSV text of a table: the byte-order mark, the header, one line per row. */
export function tableCsv(table: ExportTable, delimiter: CsvDelimiter = defaultCsvDelimiter): string {
  const sep = csvDelimiters[delimiter];
  const header = csvLine(table.columns.map((c) => textCell(c.type === 'datetime' ? `${c.header} (UTC)` : c.header)), sep);
  return utf8Bom + header + table.rows.map((r) => csvLine(r.map((v, i) => csvCell(v, table.columns[i], delimiter)), sep)).join('');
}
