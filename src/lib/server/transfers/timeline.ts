/**
 * Geometry of the action timeline: one bar per dated action, ticks along the top (months, or quarters, years,
 * decades… as the span needs), drawn as SVG on the server.
 */
import { currentLocale, formats, t as tr } from '../../../i18n/index.ts';
import { pseudoLocale } from '../../../i18n/locales.ts';
import { pseudoFormatted } from '../../../i18n/pseudo.ts';
import { actionFacts, actionStatus } from '../monitoring/action-status.ts';
import { fieldWithRole } from '../templates/registry.ts';
import { chartLabel, round1, textWidth, type ChartLabel } from '../chart-text.ts';
import { calendarDay, type EntryData, type Section } from './entry-schema.ts';

/** `overdue` and `atRisk` are set when the timeline is drawn for a day (see action-status.ts). */
export type TimelineAction = { id: string; title: string; start?: string; end?: string; status?: string; percent?: number; overdue?: boolean; atRisk?: boolean };

/** A day as people read it: "7 Dec 2026". */
export const dayLabel = (time: number) => formats().shortDay(time);

/** A month's short name in the reader's language ("Dec"); the pseudo-locale writes English, accented. */
const monthFormats = new Map<string, Intl.DateTimeFormat>();
const monthShort = (time: Date) => {
  const locale = currentLocale();
  let f = monthFormats.get(locale);
  if (!f) monthFormats.set(locale, (f = new Intl.DateTimeFormat(locale === 'en' || locale === pseudoLocale.code ? 'en-GB' : locale, { month: 'short', timeZone: 'UTC' })));
  const name = f.format(time);
  return locale === pseudoLocale.code ? pseudoFormatted(name) : name;
};

const day = 86_400_000;
// Only a real day within the years a save accepts: a record stored before saves checked that (0001-01-01,
// 2027-13-45) counts as undated rather than stretching the axis or drawing at NaN.
const parse = (d?: string) => calendarDay(d);

/**
 * At most this many ticks, whatever the span: a tick per month of a span from 1900 to 2100 would be 2,400 lines in
 * every page that shows the chart.
 */
export const maxTicks = 18;
/** Tick steps in months, finest first: months, quarters, half years, years, then 2, 5, 10, 20, 50, 100 years. */
const steps = [1, 3, 6, 12, 24, 60, 120, 240, 600, 1200];

/** Sizes in user units (the SVG is drawn at its viewBox size on a wide screen, so these are pixels there). */
export const timelineText = { tick: 12, name: 13, today: 12 } as const;
const pad = 8;
const tickBaseline = 14;
const axisTop = 20;
const barHeight = 14;
const rowGap = 12;
/** Room between a tick label and the next tick: the label starts 3 past its line and keeps 6 clear of the next. */
const tickInset = 3;
const tickGap = 6;

/** The year is written at the first tick and where a year begins ("Nov 26", "Dec", "Jan 27"), so labels stay short. */
const tickLabel = (t: Date, step: number, first: boolean) => {
  const year = t.getUTCFullYear();
  const month = t.getUTCMonth();
  const yy = first || month === 0 ? ` ${String(year).slice(2)}` : '';
  if (step === 1) return `${monthShort(t)}${yy}`;
  if (step === 3) return tr('transfers:timeline.quarter', { n: month / 3 + 1, year: yy });
  if (step === 6) return tr('transfers:timeline.half', { n: month / 6 + 1, year: yy });
  return String(year);
};

export type TimelineBar = TimelineAction & { s: number; e: number; x1: number; x2: number; barY: number; done: number; name: ChartLabel };

/** A name said with its flag, so overdue and at risk are never told by colour or pattern alone. */
const nameOf = (a: TimelineAction) => `${a.title || tr('transfers:timeline.untitled')}${a.overdue ? tr('transfers:timeline.overdueFlag') : a.atRisk ? tr('transfers:timeline.atRiskFlag') : ''}`;

/**
 * The chart for a drawing `width`: each action's name above its bar, starting where the bar starts (moved left when
 * it would run past the edge, wrapped over the whole width when longer than that), so no name is cut; ticks as fine as
 * their labels leave room for. `today` ("YYYY-MM-DD"), within the span, is marked by a line labelled below the bars.
 */
export function timelineGeometry(actions: TimelineAction[], width = 900, today?: string) {
  const dated = actions
    .map((a) => ({ ...a, s: parse(a.start) ?? parse(a.end), e: parse(a.end) ?? parse(a.start) }))
    .filter((a): a is typeof a & { s: number; e: number } => a.s !== undefined && a.e !== undefined)
    .map((a) => ({ ...a, e: Math.max(a.e, a.s) + day }));
  const datedIds = new Set(dated.map((d) => d.id));
  const undated = actions.filter((a) => !datedIds.has(a.id));
  if (dated.length === 0) return { dated: [], undated, width, height: 0, months: [], bars: [] as TimelineBar[], labels: [] as ChartLabel[], today: undefined };
  // Months counted from year 0, so a step of 3 starts at a quarter, of 12 at January, of 120 at a decade.
  const monthOf = (t: number) => new Date(t).getUTCFullYear() * 12 + new Date(t).getUTCMonth();
  const at = (month: number) => Date.UTC(Math.floor(month / 12), month % 12, 1);
  const firstMonth = monthOf(Math.min(...dated.map((a) => a.s)));
  // Ends are exclusive (the day after the last day), so the last month is that of the last day itself.
  const lastMonth = monthOf(Math.max(...dated.map((a) => a.e)) - 1);
  const axis = (step: number) => {
    const fromMonth = Math.floor(firstMonth / step) * step;
    const toMonth = (Math.floor(lastMonth / step) + 1) * step;
    const from = at(fromMonth);
    const to = at(toMonth);
    const x = (t: number) => round1(pad + ((t - from) / (to - from)) * (width - 2 * pad));
    const ticks: { x: number; label: string }[] = [];
    for (let m = fromMonth; m < toMonth; m += step) ticks.push({ x: x(at(m)), label: tickLabel(new Date(at(m)), step, m === fromMonth) });
    // Each label needs the room up to the next tick (the last one, up to the axis's end).
    const fits = ticks.every((t, i) => (ticks[i + 1]?.x ?? width - pad) - t.x >= tickInset + textWidth(t.label, timelineText.tick) + tickGap);
    return { from, to, x, ticks, fits };
  };
  // The finest step whose labels fit; a step coarser than the span itself would stretch the axis far past the
  // actions, so when even years do not fit (a very narrow drawing), every other label is left out instead.
  const bounded = steps.filter((n) => Math.floor(lastMonth / n) - Math.floor(firstMonth / n) + 1 <= maxTicks);
  const candidates = bounded.filter((n, i) => i === 0 || n <= lastMonth - firstMonth + 1);
  const chosen = candidates.map(axis).find((a) => a.fits) ?? thinned(axis(candidates.at(-1)!), width);
  const { from, to, x } = chosen;
  const months = chosen.ticks;

  let top = axisTop + 8;
  const bars: TimelineBar[] = dated.map((a) => {
    const x1 = x(a.s);
    const x2 = x(a.e);
    const name = chartLabel(nameOf(a), x1, 0, timelineText.name, 'start', width - 2 * pad);
    const nameWidth = Math.max(...name.lines.map((l) => textWidth(l, name.fontSize)));
    name.x = round1(Math.max(pad, Math.min(x1, width - pad - nameWidth)));
    name.y = top + name.fontSize;
    const barY = top + name.lines.length * name.lineHeight + 2;
    top = barY + barHeight + rowGap;
    return { ...a, x1, x2, barY, done: Math.min(100, Math.max(0, a.percent ?? 0)), name };
  });
  const bottom = top - rowGap + 6;
  const t = calendarDay(today);
  // The whole day is "today": the line stands at its middle, its label below the bars, centred unless near an edge.
  const now = t !== undefined && t >= from && t < to ? (() => {
    const tx = x(t + day / 2);
    const label = tr('transfers:timeline.today', { date: dayLabel(t) });
    const half = textWidth(label, timelineText.today) / 2;
    const anchor = tx - half < pad ? 'start' : tx + half > width - pad ? 'end' : 'middle';
    return { x: tx, label, lineTop: axisTop, lineBottom: bottom, text: chartLabel(label, anchor === 'start' ? pad : anchor === 'end' ? width - pad : tx, bottom + 16, timelineText.today, anchor) };
  })() : undefined;
  const height = now ? bottom + 22 : bottom;
  const tickLabels = months.filter((m) => m.label !== '').map((m) => chartLabel(m.label, m.x + tickInset, tickBaseline, timelineText.tick));
  return { dated, undated, width, height, months, bars, labels: [...tickLabels, ...bars.map((b) => b.name), ...(now ? [now.text] : [])], today: now };
}

/** An axis whose labels do not fit at any step: every second, third… label is left out (the lines stay) until they do. */
function thinned<A extends { ticks: { x: number; label: string }[] }>(a: A, width: number): A {
  for (let every = 2; every <= a.ticks.length; every++) {
    const kept = a.ticks.filter((_, i) => i % every === 0);
    const fits = kept.every((t, i) => (kept[i + 1]?.x ?? width - pad) - t.x >= tickInset + textWidth(t.label, timelineText.tick) + tickGap);
    if (fits) return { ...a, ticks: a.ticks.map((t, i) => (i % every === 0 ? t : { ...t, label: '' })) };
  }
  return { ...a, ticks: a.ticks.map((t, i) => (i === 0 ? t : { ...t, label: '' })) };
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
