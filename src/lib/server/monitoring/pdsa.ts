/**
 * PDSA cycles as the team sees them: numbered per objective in the order they start, each with its four steps
 * filled in or missing (a review of 73 published PDSA studies found only 2 reporting every step). Pure.
 *
 * Each field of the cycle section says which step it records (`step` in the template, src/schemas/template.ts), so
 * renaming or relabelling a field changes nothing here.
 */
import { fieldLinkingTo, fieldWithRole, sectionKey, type SectionRef, type TemplateRegistry } from '../templates/registry.ts';
import { entryLabel, type EntryData, type Field, type Section } from '../transfers/entry-schema.ts';

import { pdsaSteps, type PdsaStep } from '../../../schemas/template.ts';
import { t } from '../../../i18n/index.ts';
import { optionLabel } from '../templates/localize.ts';

export { pdsaSteps, type PdsaStep };

/** A step's name in the reader's language (Plan, Do, Study, Act in English). */
export const pdsaStepLabel = (step: PdsaStep): string => t(`monitoring:pdsa.step.${step}`);

export type CycleView = { id: string; number: number; title: string; start?: string; end?: string; decision?: string; steps: { step: PdsaStep; filled: boolean }[] };
export type CycleGroup = { objectiveId?: string; objective: string; cycles: CycleView[] };

const filled = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '');

/** The fields of each step, as the template marks them (the decision-role field belongs to Act whether marked or not). */
export function stepFields(section: Section): Record<PdsaStep, Field[]> {
  const decision = fieldWithRole(section, 'decision');
  const of = (step: PdsaStep) => section.fields.filter((f) => f.step === step || (step === 'act' && f === decision));
  return { plan: of('plan'), do: of('do'), study: of('study'), act: of('act') };
}

/** The cycles grouped by the objectives they serve (a cycle serving two is in both), numbered from 1 in each by start day. */
export function cycleGroups(registry: TemplateRegistry, entries: { id: string; template: string; section: string; data: EntryData }[]): CycleGroup[] {
  const cycles = registry.sectionWithRole('pdsa-cycles');
  if (!cycles) return [];
  const objectives = registry.sectionWithRole('objectives');
  const records = (ref: SectionRef | undefined) => (ref ? entries.filter((e) => e.template === ref.kind && e.section === ref.section.id) : []);
  const link = objectives ? fieldLinkingTo(cycles.section, sectionKey(objectives.kind, objectives.section.id)) : undefined;
  const [start, end, decision] = (['start', 'end', 'decision'] as const).map((role) => fieldWithRole(cycles.section, role));
  const steps = stepFields(cycles.section);
  const str = (f: Field | undefined, data: EntryData) => (f && typeof data[f.id] === 'string' && data[f.id] !== '' ? (data[f.id] as string) : undefined);
  const views = records(cycles)
    .map((e) => ({
      id: e.id,
      objectiveIds: link && Array.isArray(e.data[link.id]) ? (e.data[link.id] as string[]) : [],
      title: entryLabel(cycles.section, e.data),
      start: str(start, e.data),
      end: str(end, e.data),
      // The decision is one of the field's options (stored in English): shown in the reader's language.
      decision: ((v) => (v && decision?.options ? optionLabel(decision, v) : v))(str(decision, e.data)),
      steps: pdsaSteps.map((step) => ({ step, filled: steps[step].some((f) => filled(e.data[f.id])) })),
    }))
    .sort((a, b) => (a.start ?? '9999').localeCompare(b.start ?? '9999'));
  const groups: CycleGroup[] = records(objectives).map((o) => ({ objectiveId: o.id, objective: entryLabel(objectives!.section, o.data), cycles: [] as CycleView[] }));
  const none: CycleGroup = { objective: t('monitoring:pdsa.noObjective'), cycles: [] };
  for (const { objectiveIds, ...v } of views) {
    const mine = groups.filter((g) => objectiveIds.includes(g.objectiveId!));
    for (const g of mine.length ? mine : [none]) g.cycles.push({ ...v, number: g.cycles.length + 1 });
  }
  return [...groups, none].filter((g) => g.cycles.length > 0);
}
