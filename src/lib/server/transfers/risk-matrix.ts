/**
 * The risk register's scores and matrix: each risk scored likelihood × impact, from the fields the template gives the
 * roles `likelihood` and `impact` (never their ids), and the risks placed in a likelihood-by-impact grid.
 */
import { riskFields } from '../templates/registry.ts';
import { entryLabel, type EntryData, type Field, type Section } from './entry-schema.ts';

/** Bands of a likelihood × impact score on the 5 × 5 scale, as the NHS risk matrix names them (1–3, 4–6, 8–12, 15–25). */
export const riskLevels = ['low', 'moderate', 'high', 'extreme'] as const;
export type RiskLevel = (typeof riskLevels)[number];

export type RiskScore = { likelihood: number; impact: number; score: number; level: RiskLevel };
export type ScoredRisk = { id: string; title: string; risk?: RiskScore };
export type RiskMatrix = {
  likelihood: Field;
  impact: Field;
  /** Likelihood values, highest first (the matrix's rows, top to bottom). */
  rows: number[];
  /** Impact values, lowest first (its columns, left to right). */
  columns: number[];
  /** The risks in each cell, by "<likelihood>×<impact>", in the register's order. */
  cells: Map<string, ScoredRisk[]>;
  /** Risks without both scores (recorded before the fields were required, or out of range): listed, not placed. */
  unscored: ScoredRisk[];
};

/** The band of a score, scaled to the fields' range, so a 1–3 scale is banded as its 5 × 5 equivalent would be. */
export function riskLevel(score: number, top = 25): RiskLevel {
  const scaled = (score / top) * 25;
  return scaled >= 15 ? 'extreme' : scaled >= 8 ? 'high' : scaled >= 4 ? 'moderate' : 'low';
}

const inRange = (field: Field, value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= (field.min ?? 1) && value <= (field.max ?? 5);

/** A record's score, or undefined when either value is missing, not a whole number or outside its field's range. */
export function riskScore(section: Section, data: EntryData): RiskScore | undefined {
  const fields = riskFields(section);
  if (!fields) return undefined;
  const likelihood = data[fields.likelihood.id];
  const impact = data[fields.impact.id];
  if (!inRange(fields.likelihood, likelihood) || !inRange(fields.impact, impact)) return undefined;
  const score = likelihood * impact;
  return { likelihood, impact, score, level: riskLevel(score, (fields.likelihood.max ?? 5) * (fields.impact.max ?? 5)) };
}

const span = (field: Field) => Array.from({ length: (field.max ?? 5) - (field.min ?? 1) + 1 }, (_, i) => (field.min ?? 1) + i);

/** The matrix of a risk register's records, or undefined when the section has no likelihood and impact. */
export function riskMatrix(section: Section, entries: readonly { id: string; data: EntryData }[]): RiskMatrix | undefined {
  const fields = riskFields(section);
  if (!fields) return undefined;
  const cells = new Map<string, ScoredRisk[]>();
  const unscored: ScoredRisk[] = [];
  for (const e of entries) {
    const risk = riskScore(section, e.data);
    const scored = { id: e.id, title: entryLabel(section, e.data), risk };
    if (!risk) unscored.push(scored);
    else cells.set(cellKey(risk.likelihood, risk.impact), [...(cells.get(cellKey(risk.likelihood, risk.impact)) ?? []), scored]);
  }
  return { ...fields, rows: span(fields.likelihood).reverse(), columns: span(fields.impact), cells, unscored };
}

export const cellKey = (likelihood: number, impact: number) => `${likelihood}×${impact}`;
