/**
 * PDSA cycles as the team sees them: numbered per objective in the order they start, each with its four steps
 * filled in or missing (a review of 73 published PDSA studies found only 2 reporting every step). Pure.
 *
 * The template gives roles only to the Act step (`decision`); the other steps are read from the fields' labels,
 * which the PDSA template starts with the step's name ("Plan: prediction"). A role per step would be firmer.
 */
import { fieldLinkingTo, fieldWithRole, sectionKey, type SectionRef, type TemplateRegistry } from '../templates/registry.ts';
import { entryLabel, type EntryData, type Field, type Section } from '../transfers/entry-schema.ts';

export const pdsaSteps = ['Plan', 'Do', 'Study', 'Act'] as const;
export type PdsaStep = (typeof pdsaSteps)[number];

export type CycleView = { id: string; number: number; title: string; start?: string; end?: string; decision?: string; steps: { step: PdsaStep; filled: boolean }[] };
export type CycleGroup = { objectiveId?: string; objective: string; cycles: CycleView[] };

const filled = (v: unknown) => (Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '');

/** The fields of each step: those whose label starts with the step's name, and the decision-role field for Act. */
export function stepFields(section: Section): Record<PdsaStep, Field[]> {
  const decision = fieldWithRole(section, 'decision');
  const of = (step: PdsaStep) => section.fields.filter((f) => new RegExp(`^${step}\\s*:`, 'i').test(f.label) || (step === 'Act' && f === decision));
  return { Plan: of('Plan'), Do: of('Do'), Study: of('Study'), Act: of('Act') };
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
      decision: str(decision, e.data),
      steps: pdsaSteps.map((step) => ({ step, filled: steps[step].some((f) => filled(e.data[f.id])) })),
    }))
    .sort((a, b) => (a.start ?? '9999').localeCompare(b.start ?? '9999'));
  const groups: CycleGroup[] = records(objectives).map((o) => ({ objectiveId: o.id, objective: entryLabel(objectives!.section, o.data), cycles: [] as CycleView[] }));
  const none: CycleGroup = { objective: 'Not linked to an objective', cycles: [] };
  for (const { objectiveIds, ...v } of views) {
    const mine = groups.filter((g) => objectiveIds.includes(g.objectiveId!));
    for (const g of mine.length ? mine : [none]) g.cycles.push({ ...v, number: g.cycles.length + 1 });
  }
  return [...groups, none].filter((g) => g.cycles.length > 0);
}
