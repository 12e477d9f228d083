/**
 * One indicator's measurements as a CSV a spreadsheet opens as it is: UTF-8 with a byte-order mark (so Excel reads
 * the accents), CRLF line ends, ISO dates, one measurement per row, text that would run as a formula neutralised.
 */
import type { Db } from '../db.ts';
import { csvLine, csvResponse, textCell, utf8Bom } from '../csv.ts';
import { listMeasurements } from './measurements.ts';
import { parsePeriod } from './measurement-schema.ts';

export const kpiCsvColumns = ['period', 'period start', 'value', 'numerator', 'denominator', 'note', 'data source', 'entered by', 'entered at'];

/** Numbers as numbers (a minus sign is no formula); text quoted, quotes doubled, formulas neutralised. */
const cell = (v: string | number | null) => (v === null ? '' : typeof v === 'number' ? String(v) : textCell(v));
const line = (cells: (string | number | null)[]) => csvLine(cells.map(cell));

type CsvMeasurement = { period: string; periodStart: string; value: number; numerator: number | null; denominator: number | null; note: string; dataSource: string; enteredBy: string; createdAt: string };

/** The CSV text of measurements, oldest first, starting with the byte-order mark. */
export function kpiCsv(measurements: CsvMeasurement[]): string {
  let text = utf8Bom + line(kpiCsvColumns);
  for (const m of measurements) text += line([parsePeriod(m.period)?.period ?? m.period, m.periodStart, m.value, m.numerator, m.denominator, m.note, m.dataSource, m.enteredBy, m.createdAt]);
  return text;
}

/** The download of one indicator's CSV (at most measurementsPerKpi rows: one small string, no streaming needed). */
export async function kpiCsvResponse(db: Db, transferId: string, kpiId: string, title: string): Promise<Response> {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'indicator';
  return csvResponse(kpiCsv(await listMeasurements(db, transferId, kpiId)), `${slug}-${kpiId}.csv`);
}
