/** Geometry of the maturity radar: 12 axes, scores 0–5, drawn as server-rendered SVG (no chart library, no JavaScript). */
import { chartLabel, labelBox, round1 } from '../chart-text.ts';
import { fieldWithRole } from '../templates/registry.ts';
import type { EntryData, Section } from './entry-schema.ts';

export type RadarSeries = { label: string; values: (number | undefined)[] };

/** A drawing's size: the radius of a score of `max`, the labels' type size and the width they wrap at. */
export type RadarSize = { radius: number; fontSize: number; labelWidth: number };
/** For a wide screen, and for a phone (drawn at about its own width, so the labels keep a readable size). */
export const radarSizes = { wide: { radius: 150, fontSize: 14, labelWidth: 160 }, narrow: { radius: 92, fontSize: 13, labelWidth: 112 } } satisfies Record<string, RadarSize>;

/**
 * Axes from the top, clockwise; each name wrapped beside its spoke's end, above it at the top and below it at the
 * bottom; the viewBox is sized to hold the whole of every label, so none is clipped.
 */
export function radarGeometry(axes: string[], { radius: r, fontSize, labelWidth }: RadarSize = radarSizes.wide, max = 5) {
  const c = r + labelWidth + 20;
  const angle = (i: number) => (Math.PI * 2 * i) / axes.length - Math.PI / 2;
  const point = (i: number, v: number) => [c + Math.cos(angle(i)) * r * (v / max), c + Math.sin(angle(i)) * r * (v / max)] as const;
  const polygon = (values: (number | undefined)[]) => values.map((v, i) => point(i, v ?? 0).map((n) => n.toFixed(1)).join(',')).join(' ');
  const rings = Array.from({ length: max }, (_, k) => polygon(axes.map(() => k + 1)));
  const gap = fontSize * 0.6;
  // A label centred on a top or bottom spoke stays narrower than the gap between its neighbours' labels.
  const centredWidth = 2 * Math.sin((Math.PI * 2) / axes.length) * (r + gap) - fontSize;
  const spokes = axes.map((name, i) => {
    const [x, y] = point(i, max);
    const cos = Math.cos(angle(i));
    const sin = Math.sin(angle(i));
    const lx = x + cos * gap;
    const ly = y + sin * gap;
    // Near the top or bottom a label is centred on its spoke; beside it, it reads away from the centre.
    const centred = Math.abs(cos) < 0.2;
    const label = chartLabel(name, lx, 0, fontSize, centred ? 'middle' : cos > 0 ? 'start' : 'end', centred ? centredWidth : labelWidth);
    const block = (label.lines.length - 1) * label.lineHeight;
    // First baseline: near the top or bottom the block ends above the spoke or starts below it (a little further
    // out, clear of its neighbours); on a steep side spoke likewise, so it never leans into the plot; on a flat
    // one it is centred on the spoke's end.
    const up = sin < 0;
    label.y = centred
      ? up ? ly - block - fontSize * 0.8 : ly + fontSize * 1.5
      : Math.abs(sin) <= 0.55 ? ly + fontSize * 0.35 - block / 2 : up ? ly - block : ly + fontSize * 0.75;
    // A tall block centred on a slanting spoke reaches back towards the plot at its inner corner: move it out.
    if (!centred && Math.abs(sin) <= 0.55) label.x += Math.sign(cos) * Math.abs(sin) * (block / 2);
    label.x = round1(label.x);
    label.y = round1(label.y);
    return { x: round1(x), y: round1(y), label };
  });
  const boxes = [{ x: c - r, y: c - r, width: 2 * r, height: 2 * r }, ...spokes.map((s) => labelBox(s.label))];
  const left = Math.min(...boxes.map((b) => b.x)) - 4;
  const top = Math.min(...boxes.map((b) => b.y)) - 4;
  const viewBox = { x: Math.floor(left), y: Math.floor(top), width: Math.ceil(Math.max(...boxes.map((b) => b.x + b.width)) + 4 - left) + 1, height: Math.ceil(Math.max(...boxes.map((b) => b.y + b.height)) + 4 - top) + 1 };
  return { c, r, rings, spokes, polygon, viewBox };
}

/** The radar's scores, by grouping (dimension), from the records of the assessment section: its score-role field. */
export function radarScores(section: Section, entries: { grouping: string; data: EntryData }[]): Record<string, number | undefined> {
  const score = fieldWithRole(section, 'score');
  return Object.fromEntries(entries.map((e) => [e.grouping, score && typeof e.data[score.id] === 'number' ? (e.data[score.id] as number) : undefined]));
}

/** The radar's text alternative: one row per axis with each series' value ("–" where there is none). */
export function radarRows(axes: { id: string; name: string }[], series: { values: Record<string, number | undefined> }[]): { name: string; values: string[] }[] {
  return axes.map((a) => ({ name: a.name, values: series.map((s) => (s.values[a.id] === undefined ? '–' : String(s.values[a.id]))) }));
}
