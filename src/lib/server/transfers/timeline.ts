/**
 * Geometry of the action timeline: one bar per dated action, ticks along the top (months, or quarters, years,
 * decades… as the span needs), drawn as SVG on the server.
 */
import { actionFacts, actionStatus } from '../monitoring/action-status.ts';
import { fieldWithRole } from '../templates/registry.ts';
import { calendarDay, type EntryData, type Section } from './entry-schema.ts';

/** `overdue` and `atRisk` are set when the timeline is drawn for a day (see action-status.ts). */
export type TimelineAction = { id: string; title: string; start?: string; end?: string; status?: string; percent?: number; overdue?: boolean; atRisk?: boolean };

/** A day as people read it: "7 Dec 2026". */
export const dayLabel = (t: number) => new Date(t).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

const day = 86_400_000;
// Only a real day within the years a save accepts: a record stored before saves checked that (0001-01-01,
// 2027-13-45) counts as undated rather than stretching the axis or drawing at NaN.
const parse = (d?: string) => calendarDay(d);

/**
 * At most this many ticks, whatever the span: the axis is 630 px wide and a label needs about 35, and a tick per
 * month of a span from 1900 to 2100 would be 2,400 lines and labels in every page that shows the chart.
 */
export const maxTicks = 18;
/** Tick steps in months, finest first: months, quarters, half years, years, then 2, 5, 10, 20, 50, 100 years. */
const steps = [1, 3, 6, 12, 24, 60, 120, 240, 600, 1200];

const tickLabel = (t: Date, step: number) => {
  const year = t.getUTCFullYear();
  if (step === 1) return t.toLocaleString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' });
  if (step === 3) return `Q${t.getUTCMonth() / 3 + 1} ${String(year).slice(2)}`;
  if (step === 6) return `H${t.getUTCMonth() / 6 + 1} ${String(year).slice(2)}`;
  return String(year);
};

/** `today` ("YYYY-MM-DD"), when given and within the span, is marked by a labelled line (a row below the bars holds its label). */
export function timelineGeometry(actions: TimelineAction[], width = 900, rowHeight = 26, labelWidth = 260, today?: string) {
  const dated = actions
    .map((a) => ({ ...a, s: parse(a.start) ?? parse(a.end), e: parse(a.end) ?? parse(a.start) }))
    .filter((a): a is typeof a & { s: number; e: number } => a.s !== undefined && a.e !== undefined)
    .map((a) => ({ ...a, e: Math.max(a.e, a.s) + day }));
  const datedIds = new Set(dated.map((d) => d.id));
  const undated = actions.filter((a) => !datedIds.has(a.id));
  if (dated.length === 0) return { dated: [], undated, width, height: 0, months: [], bars: [] };
  // Months counted from year 0, so a step of 3 starts at a quarter, of 12 at January, of 120 at a decade.
  const monthOf = (t: number) => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth();
  const at = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1);
  const firstMonth = monthOf(Math.min(...dated.map((a) => a.s)));
  // Ends are exclusive (the day after the last day), so the last month is that of the last day itself.
  const lastMonth = monthOf(Math.max(...dated.map((a) => a.e)) - 1);
  const step = steps.find((n) => Math.floor(lastMonth / n) - Math.floor(firstMonth / n) + 1 <= maxTicks) ?? steps.at(-1)!;
  const fromMonth = Math.floor(firstMonth / step) * step;
  const toMonth = (Math.floor(lastMonth / step) + 1) * step;
  const from = at(fromMonth);
  const to = at(toMonth);
  const x = (t: number) => labelWidth + ((t - from) / (to - from)) * (width - labelWidth - 10);
  const months: { x: number; label: string }[] = [];
  for (let m = fromMonth; m < toMonth; m += step) months.push({ x: x(at(m)), label: tickLabel(new Date(at(m)), step) });
  const bars = dated.map((a, i) => ({ ...a, y: 30 + i * rowHeight, x1: x(a.s), x2: x(a.e), done: Math.min(100, Math.max(0, a.percent ?? 0)) }));
  const t = calendarDay(today);
  // The whole day is "today": the line stands at its middle.
  const now = t !== undefined && t >= from && t < to ? { x: x(t + day / 2), label: `Today, ${dayLabel(t)}` } : undefined;
  return { dated, undated, width, height: 40 + dated.length * rowHeight + (now ? 18 : 0), months, bars, rowHeight, labelWidth, today: now };
}

/**
 * The timeline's input from the records of the actions section, read by the fields' roles: title, start, end,
 * status and progress (any of them may be missing from the template; the bar then lacks that fact); with `today`,
 * whether each is overdue or at risk on that day.
 */
export function timelineActions(section: Section, entries: { id: string; data: EntryData }[], today?: string): TimelineAction[] {
  const [title, start, end, status, progress] = (['title', 'start', 'end', 'status', 'progress'] as const).map((role) => fieldWithRole(section, role));
  const text = (f: typeof title, data: EntryData) => (f && typeof data[f.id] === 'string' && data[f.id] !== '' ? (data[f.id] as string) : undefined);
  return entries.map(({ id, data }) => ({
    id,
    title: text(title, data) ?? '',
    start: text(start, data),
    end: text(end, data),
    status: text(status, data),
    percent: progress && typeof data[progress.id] === 'number' ? (data[progress.id] as number) : undefined,
    ...(today ? (({ overdue, atRisk }) => ({ overdue, atRisk }))(actionStatus(section, actionFacts(section, data), today)) : {}),
  }));
}
