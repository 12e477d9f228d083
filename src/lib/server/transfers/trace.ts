/**
 * The traceability chain of a transfer: need → SWOT items → objectives → actions and KPIs, following the link
 * fields the templates declare (linksTo), and what is not linked yet, so gaps are pointed out rather than hidden.
 */
import type { Section } from './entry-schema.ts';
import type { Entry } from './queries.ts';

type Sections = Map<string, Section>;

/** The ids a record links to of one kind, by whichever field of its section links there. */
function linked(entry: Entry, sections: Sections, target: 'needs' | 'objectives'): string[] {
  const section = sections.get(`${entry.template}/${entry.section}`);
  const field = section?.fields.find((f) => f.linksTo === target);
  const value = field ? entry.data[field.id] : undefined;
  return Array.isArray(value) ? value : [];
}

export type TraceObjective = { objective: Entry; actions: Entry[]; kpis: Entry[] };
export type TraceRow = { need: Entry; swotItems: Entry[]; objectives: TraceObjective[] };

export function buildTraceability(entries: Entry[], sections: Sections) {
  const pick = (template: string, section: string) => entries.filter((e) => e.template === template && e.section === section);
  const needs = pick('needs-scope', 'needs');
  const swot = pick('swot', 'swot-item');
  const objectives = pick('action-plan', 'objectives');
  const actions = pick('action-plan', 'actions');
  const kpis = pick('action-plan', 'kpis');
  const objectiveRow = (o: Entry): TraceObjective => ({
    objective: o,
    actions: actions.filter((a) => linked(a, sections, 'objectives').includes(o.id)),
    kpis: kpis.filter((k) => linked(k, sections, 'objectives').includes(o.id)),
  });
  const rows: TraceRow[] = needs.map((need) => ({
    need,
    swotItems: swot.filter((s) => linked(s, sections, 'needs').includes(need.id)),
    objectives: objectives.filter((o) => linked(o, sections, 'needs').includes(need.id)).map(objectiveRow),
  }));
  return {
    rows,
    gaps: {
      needsWithoutObjective: rows.filter((r) => r.objectives.length === 0).map((r) => r.need),
      swotWithoutNeed: swot.filter((s) => linked(s, sections, 'needs').length === 0),
      objectivesWithoutNeed: objectives.filter((o) => linked(o, sections, 'needs').length === 0),
      objectivesWithoutAction: objectives.filter((o) => objectiveRow(o).actions.length === 0),
      objectivesWithoutKpi: objectives.filter((o) => objectiveRow(o).kpis.length === 0),
      actionsWithoutObjective: actions.filter((a) => linked(a, sections, 'objectives').length === 0),
      kpisWithoutObjective: kpis.filter((k) => linked(k, sections, 'objectives').length === 0),
    },
  };
}
export type Traceability = ReturnType<typeof buildTraceability>;
