/** Geometry of the maturity radar: 12 axes, scores 0–5, drawn as server-rendered SVG (no chart library, no JavaScript). */
import { fieldWithRole } from '../templates/registry.ts';
import type { EntryData, Section } from './entry-schema.ts';

export type RadarSeries = { label: string; values: (number | undefined)[] };

export function radarGeometry(axes: string[], size = 420, max = 5) {
  const c = size / 2;
  const r = c - 70;
  const angle = (i: number) => (Math.PI * 2 * i) / axes.length - Math.PI / 2;
  const point = (i: number, v: number) => [c + Math.cos(angle(i)) * r * (v / max), c + Math.sin(angle(i)) * r * (v / max)] as const;
  const polygon = (values: (number | undefined)[]) => values.map((v, i) => point(i, v ?? 0).map((n) => n.toFixed(1)).join(',')).join(' ');
  const rings = Array.from({ length: max }, (_, k) => polygon(axes.map(() => k + 1)));
  const spokes = axes.map((label, i) => {
    const [x, y] = point(i, max);
    const [lx, ly] = point(i, max + 0.9);
    return { x, y, lx, ly, label, anchor: Math.abs(lx - c) < 10 ? 'middle' : lx < c ? 'end' : 'start' };
  });
  return { size, c, rings, spokes, polygon };
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
