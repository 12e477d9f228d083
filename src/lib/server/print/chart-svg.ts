/**
 * The maturity radar and the action timeline as SVG text for the PDF (pdfmake draws `svg` nodes): the same geometry
 * as the page's charts (radar.ts, timeline.ts), without what only a screen needs (titles for screen readers, CSS).
 * Each comes with a table of the same facts in the PDF, so nothing is said by the drawing alone.
 */
import type { ChartLabel } from '../chart-text.ts';
import { radarGeometry } from '../transfers/radar.ts';
import { timelineGeometry, type TimelineAction } from '../transfers/timeline.ts';
import type { PrintRadar } from './model.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A label as the page draws it: wrapped lines, one `tspan` each, at the geometry's place and size. */
const label = (l: ChartLabel, fill = '#1b1f24') =>
  `<text x="${l.x}" y="${l.y}" font-size="${l.fontSize}" fill="${fill}"${l.anchor === 'start' ? '' : ` text-anchor="${l.anchor}"`}>${l.lines
    .map((line, i) => (i === 0 ? escape(line) : `<tspan x="${l.x}" dy="${l.lineHeight}">${escape(line)}</tspan>`))
    .join('')}</text>`;

/** The radar: rings, spokes, the needed levels dashed, the scores filled, the dimensions named around it. */
export function radarSvg({ axes, scores, required }: PrintRadar): string {
  const g = radarGeometry(axes.map((a) => a.name));
  const need = axes.map((a) => required[a.id]);
  const own = axes.map((a) => scores[a.id]);
  const v = g.viewBox;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${v.width}" height="${v.height}" viewBox="${v.x} ${v.y} ${v.width} ${v.height}">`,
    ...g.rings.map((r) => `<polygon points="${r}" fill="none" stroke="#c9d1d9"/>`),
    ...g.spokes.map((s) => `<line x1="${g.c}" y1="${g.c}" x2="${s.x}" y2="${s.y}" stroke="#c9d1d9"/>`),
    need.some((n) => n !== undefined) ? `<polygon points="${g.polygon(need)}" fill="none" stroke="#b34700" stroke-width="2" stroke-dasharray="6 4"/>` : '',
    `<polygon points="${g.polygon(own)}" fill="#0b5563" fill-opacity="0.25" stroke="#0b5563" stroke-width="2"/>`,
    ...g.spokes.map((s) => label(s.label)),
    '</svg>',
  ].join('');
}

/** The timeline: a bar per dated action under its name, over month (or quarter, year…) ticks, the done part dark, today's line dashed. */
export function timelineSvg(actions: TimelineAction[], today?: string): string | undefined {
  const g = timelineGeometry(actions, 760, today);
  if (g.bars.length === 0) return undefined;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}">`,
    ...g.months.map((m) => `<line x1="${m.x}" y1="20" x2="${m.x}" y2="${g.height}" stroke="#e1e6eb"/>`),
    ...g.bars.map(
      (b) =>
        `<rect x="${b.x1}" y="${b.barY}" width="${Math.max(2, b.x2 - b.x1).toFixed(1)}" height="14" fill="${b.overdue ? '#fbe3d6' : '#cfe3e7'}" stroke="${b.overdue ? '#9c3d00' : '#0b5563'}"${b.atRisk ? ' stroke-dasharray="4 2"' : ''}/>` +
        `<rect x="${b.x1}" y="${b.barY}" width="${Math.max(0, ((b.x2 - b.x1) * b.done) / 100).toFixed(1)}" height="14" fill="#0b5563"/>`,
    ),
    g.today ? `<line x1="${g.today.x}" y1="${g.today.lineTop}" x2="${g.today.x}" y2="${g.today.lineBottom}" stroke="#1b1f24" stroke-width="2" stroke-dasharray="3 2"/>` : '',
    // Names (with "(overdue)" / "(at risk)" in words), tick labels and today's label, as on the page.
    ...g.labels.map((l) => label(l)),
    '</svg>',
  ].join('');
}
