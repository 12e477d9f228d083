/**
 * The maturity radar and the action timeline as SVG text for the PDF (pdfmake draws `svg` nodes): the same geometry
 * as the page's charts (radar.ts, timeline.ts), without what only a screen needs (titles for screen readers, CSS).
 * Each comes with a table of the same facts in the PDF, so nothing is said by the drawing alone.
 */
import { radarGeometry } from '../transfers/radar.ts';
import { timelineGeometry, type TimelineAction } from '../transfers/timeline.ts';
import type { PrintRadar } from './model.ts';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const text = (x: number, y: number, body: string, attrs = '') => `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" ${attrs}>${escape(body)}</text>`;

/** The radar: rings, spokes, the needed levels dashed, the scores filled, the dimensions named around it. */
export function radarSvg({ axes, scores, required }: PrintRadar): string {
  const g = radarGeometry(axes.map((a) => a.name));
  const need = axes.map((a) => required[a.id]);
  const own = axes.map((a) => scores[a.id]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.size + 200}" height="${g.size}" viewBox="-100 0 ${g.size + 200} ${g.size}">`,
    ...g.rings.map((r) => `<polygon points="${r}" fill="none" stroke="#c9d1d9"/>`),
    ...g.spokes.map((s) => `<line x1="${g.c}" y1="${g.c}" x2="${s.x.toFixed(1)}" y2="${s.y.toFixed(1)}" stroke="#c9d1d9"/>`),
    need.some((v) => v !== undefined) ? `<polygon points="${g.polygon(need)}" fill="none" stroke="#b34700" stroke-width="2" stroke-dasharray="6 4"/>` : '',
    `<polygon points="${g.polygon(own)}" fill="#0b5563" fill-opacity="0.25" stroke="#0b5563" stroke-width="2"/>`,
    ...g.spokes.map((s) => text(s.lx, s.ly, s.label, `text-anchor="${s.anchor}" font-size="11" fill="#1b1f24"`)),
    '</svg>',
  ].join('');
}

/** The timeline: a bar per dated action over month (or quarter, year…) ticks, the done part dark, today's line dashed. */
export function timelineSvg(actions: TimelineAction[], today?: string): string | undefined {
  const g = timelineGeometry(actions, 900, 26, 260, today);
  if (g.bars.length === 0) return undefined;
  const short = (t: string) => (t.length > 38 ? `${t.slice(0, 36)}…` : t);
  const flag = (b: TimelineAction) => (b.overdue ? ' (overdue)' : b.atRisk ? ' (at risk)' : '');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${g.width}" height="${g.height}" viewBox="0 0 ${g.width} ${g.height}">`,
    ...g.months.map((m) => `<line x1="${m.x.toFixed(1)}" y1="20" x2="${m.x.toFixed(1)}" y2="${g.height}" stroke="#e1e6eb"/>${text(m.x + 3, 14, m.label, 'font-size="10" fill="#4a5562"')}`),
    ...g.bars.map(
      (b) =>
        text(4, b.y + 15, `${short(b.title)}${flag(b)}`, 'font-size="11" fill="#1b1f24"') +
        `<rect x="${b.x1.toFixed(1)}" y="${b.y + 4}" width="${Math.max(2, b.x2 - b.x1).toFixed(1)}" height="16" fill="${b.overdue ? '#fbe3d6' : '#cfe3e7'}" stroke="${b.overdue ? '#9c3d00' : '#0b5563'}"/>` +
        `<rect x="${b.x1.toFixed(1)}" y="${b.y + 4}" width="${Math.max(0, ((b.x2 - b.x1) * b.done) / 100).toFixed(1)}" height="16" fill="#0b5563"/>`,
    ),
    g.today ? `<line x1="${g.today.x.toFixed(1)}" y1="20" x2="${g.today.x.toFixed(1)}" y2="${g.height - 16}" stroke="#1b1f24" stroke-width="2" stroke-dasharray="3 2"/>${text(g.today.x, g.height - 4, g.today.label, `font-size="11" fill="#1b1f24" text-anchor="${g.today.x > g.width - 90 ? 'end' : 'middle'}"`)}` : '',
    '</svg>',
  ].join('');
}
