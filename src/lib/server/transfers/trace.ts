/**
 * The traceability chain of a transfer: need → SWOT items → objectives → actions and KPIs, following the link
 * fields the templates declare (linksTo), and what is not linked yet, so gaps are pointed out rather than hidden.
 * Which sections are needs, SWOT items, objectives, actions and KPIs, the templates say by their sections' roles.
 */
import { t } from '../../../i18n/index.ts';
import { fieldLinkingTo, sectionKey, type SectionRef, type TemplateRegistry } from '../templates/registry.ts';
import type { EntryData } from './entry-schema.ts';
import type { Entry } from './queries.ts';

/** What the chain needs of a record: a stored one, or one frozen in a submission. */
export type TraceRecord = { id: string; template: string; section: string; grouping: string; data: EntryData };
export type TraceObjective<E extends TraceRecord = Entry> = { objective: E; actions: E[]; kpis: E[] };
export type TraceRow<E extends TraceRecord = Entry> = { need: E; swotItems: E[]; objectives: TraceObjective<E>[] };

/** What each kind of gap is called, in the order the trace page and the print view list them. */
const gapKeys = ['needsWithoutObjective', 'swotWithoutNeed', 'objectivesWithoutNeed', 'objectivesWithoutAction', 'objectivesWithoutKpi', 'actionsWithoutObjective', 'kpisWithoutObjective'] as const;
// Each title is a getter, so that it is read in the language of the request (or document) reading it.
export const traceGapTitles: readonly (readonly [(typeof gapKeys)[number], string])[] = gapKeys.map((k) => Object.defineProperty([k, ''] as [(typeof gapKeys)[number], string], 1, { get: () => t(`transfers:trace.gaps.${k}`), enumerable: true }));

export function buildTraceability<E extends TraceRecord = Entry>(entries: E[], templates: TemplateRegistry) {
  const needsRef = templates.sectionWithRole('needs');
  const objectivesRef = templates.sectionWithRole('objectives');
  const pick = (ref: SectionRef | undefined) => (ref ? entries.filter((e) => sectionKey(e.template, e.section) === ref.key) : []);
  /** The ids a record links to in a target section, by whichever field of its own section links there. */
  const linked = (entry: E, target: SectionRef | undefined): string[] => {
    const section = templates.sections.get(sectionKey(entry.template, entry.section));
    const field = section && target ? fieldLinkingTo(section, target.key) : undefined;
    const value = field ? entry.data[field.id] : undefined;
    return Array.isArray(value) ? value : [];
  };
  const needs = pick(needsRef);
  const swot = pick(templates.sectionWithRole('swot-items'));
  const objectives = pick(objectivesRef);
  const actions = pick(templates.sectionWithRole('actions'));
  const kpis = pick(templates.sectionWithRole('kpis'));
  const objectiveRow = (o: E): TraceObjective<E> => ({
    objective: o,
    actions: actions.filter((a) => linked(a, objectivesRef).includes(o.id)),
    kpis: kpis.filter((k) => linked(k, objectivesRef).includes(o.id)),
  });
  const rows: TraceRow<E>[] = needs.map((need) => ({
    need,
    swotItems: swot.filter((s) => linked(s, needsRef).includes(need.id)),
    objectives: objectives.filter((o) => linked(o, needsRef).includes(need.id)).map(objectiveRow),
  }));
  return {
    rows,
    gaps: {
      needsWithoutObjective: rows.filter((r) => r.objectives.length === 0).map((r) => r.need),
      swotWithoutNeed: swot.filter((s) => linked(s, needsRef).length === 0),
      objectivesWithoutNeed: objectives.filter((o) => linked(o, needsRef).length === 0),
      objectivesWithoutAction: objectives.filter((o) => objectiveRow(o).actions.length === 0),
      objectivesWithoutKpi: objectives.filter((o) => objectiveRow(o).kpis.length === 0),
      actionsWithoutObjective: actions.filter((a) => linked(a, objectivesRef).length === 0),
      kpisWithoutObjective: kpis.filter((k) => linked(k, objectivesRef).length === 0),
    },
  };
}
export type Traceability<E extends TraceRecord = Entry> = ReturnType<typeof buildTraceability<E>>;
