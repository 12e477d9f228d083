/** Geometry of the action timeline: one bar per dated action, months along the top, drawn as SVG on the server. */
import { fieldWithRole } from '../templates/registry.ts';
import type { EntryData, Section } from './entry-schema.ts';

export type TimelineAction = { id: string; title: string; start?: string; end?: string; status?: string; percent?: number };

const day = 86_400_000;
const parse = (d?: string) => (d && /^\d{4}-\d{2}-\d{2}$/.test(d) ? Date.parse(`${d}T00:00:00Z`) : undefined);

export function timelineGeometry(actions: TimelineAction[], width = 900, rowHeight = 26, labelWidth = 260) {
  const dated = actions
    .map((a) => ({ ...a, s: parse(a.start) ?? parse(a.end), e: parse(a.end) ?? parse(a.start) }))
    .filter((a): a is typeof a & { s: number; e: number } => a.s !== undefined && a.e !== undefined)
    .map((a) => ({ ...a, e: Math.max(a.e, a.s) + day }));
  const datedIds = new Set(dated.map((d) => d.id));
  const undated = actions.filter((a) => !datedIds.has(a.id));
  if (dated.length === 0) return { dated: [], undated, width, height: 0, months: [], bars: [] };
  const first = new Date(Math.min(...dated.map((a) => a.s)));
  const from = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1);
  // Ends are exclusive (the day after the last day), so the last month is that of the last day itself.
  const lastEnd = new Date(Math.max(...dated.map((a) => a.e)) - 1);
  const to = Date.UTC(lastEnd.getUTCFullYear(), lastEnd.getUTCMonth() + 1, 1);
  const x = (t: number) => labelWidth + ((t - from) / (to - from)) * (width - labelWidth - 10);
  const months: { x: number; label: string }[] = [];
  for (let m = new Date(from); m.getTime() < to; m = new Date(Date.UTC(m.getUTCFullYear(), m.getUTCMonth() + 1, 1))) {
    months.push({ x: x(m.getTime()), label: m.toLocaleString('en-GB', { month: 'short', year: '2-digit', timeZone: 'UTC' }) });
  }
  const bars = dated.map((a, i) => ({ ...a, y: 30 + i * rowHeight, x1: x(a.s), x2: x(a.e), done: Math.min(100, Math.max(0, a.percent ?? 0)) }));
  return { dated, undated, width, height: 40 + dated.length * rowHeight, months, bars, rowHeight, labelWidth };
}

/**
 * The timeline's input from the records of the actions section, read by the fields' roles: title, start, end,
 * status and progress (any of them may be missing from the template; the bar then lacks that fact).
 */
export function timelineActions(section: Section, entries: { id: string; data: EntryData }[]): TimelineAction[] {
  const [title, start, end, status, progress] = (['title', 'start', 'end', 'status', 'progress'] as const).map((role) => fieldWithRole(section, role));
  const text = (f: typeof title, data: EntryData) => (f && typeof data[f.id] === 'string' && data[f.id] !== '' ? (data[f.id] as string) : undefined);
  return entries.map(({ id, data }) => ({
    id,
    title: text(title, data) ?? '',
    start: text(start, data),
    end: text(end, data),
    status: text(status, data),
    percent: progress && typeof data[progress.id] === 'number' ? (data[progress.id] as number) : undefined,
  }));
}
