import { describe, expect, it } from 'vitest';
import { riskFields } from '../../src/lib/server/templates/registry.ts';
import { cellKey, riskLevel, riskMatrix, riskScore } from '../../src/lib/server/transfers/risk-matrix.ts';
import type { Section } from '../../src/lib/server/transfers/entry-schema.ts';
import { templateField } from '../../src/schemas/template.ts';
import { realTemplates } from '../support/templates.ts';

/** The action plan's risk register, found by the roles of its fields, as the page finds it. */
const register = () => [...realTemplates().sections.values()].find((s) => riskFields(s))!;
/** The same register with its fields renamed: code that read ids would lose it. */
const renamed = (): Section => ({ ...register(), fields: register().fields.map((f) => ({ ...f, id: `x-${f.id}`, label: `Renamed ${f.label}` })) });
const data = (section: Section, likelihood: unknown, impact: unknown, title = 'A risk') => {
  const { likelihood: l, impact: i } = riskFields(section)!;
  const titleField = section.fields.find((f) => f.role === 'title')!;
  return { [titleField.id]: title, [l.id]: likelihood, [i.id]: impact } as never;
};

describe('riskFields', () => {
  it('finds the risk register of the real templates by its likelihood and impact roles, and only it', () => {
    const registers = [...realTemplates().sections.entries()].filter(([, s]) => riskFields(s)).map(([key]) => key);
    expect(registers).toEqual(['action-plan/risks']);
  });
});

describe('riskScore', () => {
  it('scores a risk as likelihood times impact, banded low, moderate, high or extreme', () => {
    const s = register();
    expect(riskScore(s, data(s, 3, 4))).toEqual({ likelihood: 3, impact: 4, score: 12, level: 'high' });
    expect(riskScore(s, data(s, 1, 3))?.level).toBe('low');
    expect(riskScore(s, data(s, 2, 2))?.level).toBe('moderate');
    expect(riskScore(s, data(s, 5, 5))).toMatchObject({ score: 25, level: 'extreme' });
  });
  it('reads the fields by role, so renaming them in the template changes nothing', () => {
    const s = renamed();
    expect(riskScore(s, data(s, 2, 5))).toMatchObject({ score: 10, level: 'high' });
  });
  it('gives no score for a missing, fractional or out-of-range value', () => {
    const s = register();
    expect(riskScore(s, data(s, undefined, 3))).toBeUndefined();
    expect(riskScore(s, data(s, 2.5, 3))).toBeUndefined();
    expect(riskScore(s, data(s, 6, 3))).toBeUndefined();
    expect(riskScore(s, data(s, '3', 3))).toBeUndefined();
  });
});

describe('riskLevel', () => {
  it('bands the 5 × 5 products at 4, 8 and 15, and other scales in proportion', () => {
    expect([1, 3, 4, 6, 8, 12, 15, 25].map((n) => riskLevel(n))).toEqual(['low', 'low', 'moderate', 'moderate', 'high', 'high', 'extreme', 'extreme']);
    expect(riskLevel(9, 9)).toBe('extreme');
    expect(riskLevel(1, 9)).toBe('low');
  });
});

describe('riskMatrix', () => {
  it('places each risk in its likelihood row and impact column, likelihood highest first, in the register order', () => {
    const s = register();
    const m = riskMatrix(s, [
      { id: 'a', data: data(s, 3, 4, 'Supplier late') },
      { id: 'b', data: data(s, 3, 4, 'Budget cut') },
      { id: 'c', data: data(s, 1, 1, 'Rain') },
      { id: 'd', data: data(s, undefined, 2, 'Old record') },
    ])!;
    expect(m.rows).toEqual([5, 4, 3, 2, 1]);
    expect(m.columns).toEqual([1, 2, 3, 4, 5]);
    expect(m.cells.get(cellKey(3, 4))?.map((r) => r.title)).toEqual(['Supplier late', 'Budget cut']);
    expect(m.cells.get(cellKey(1, 1))?.map((r) => r.id)).toEqual(['c']);
    expect(m.unscored.map((r) => r.title)).toEqual(['Old record']);
  });
  it('is undefined for a section without likelihood and impact', () => {
    const actions = realTemplates().requireSection('actions').section;
    expect(riskMatrix(actions, [])).toBeUndefined();
  });
});

describe('the likelihood and impact roles', () => {
  it('are given only to number fields with a range of at most ten values, the rows and columns of the matrix', () => {
    const field = (f: Record<string, unknown>) => templateField.safeParse({ id: 'likelihood', label: 'Likelihood', role: 'likelihood', ...f }).success;
    expect(field({ type: 'number', min: 1, max: 5 })).toBe(true);
    expect(field({ type: 'number' })).toBe(false);
    expect(field({ type: 'number', min: 0, max: 100 })).toBe(false);
    expect(field({ type: 'select', options: ['Low', 'High'] })).toBe(false);
  });
});
