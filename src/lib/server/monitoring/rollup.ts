/**
 * Progress rolled up as Decidim's accountability module does it: a parent's progress is the mean of its children's.
 * Here an objective's progress is the mean of its linked actions' (a done action counts 100, a cancelled one is
 * left out, one without progress counts 0), and the transfer's is the mean of its objectives', with the actions
 * linked to no objective counted as one more child (so work outside the objectives is never dropped from the
 * total); with no objective at all, the mean of the actions. Pure.
 */
import { fieldLinkingTo, sectionKey, type TemplateRegistry } from '../templates/registry.ts';
import type { EntryData } from '../transfers/entry-schema.ts';
import { actionFacts, actionStatus } from './action-status.ts';

export type RollupAction = { id: string; objectiveIds: string[]; progress?: number; done: boolean; cancelled: boolean };
export type ObjectiveProgress = { id: string; progress?: number; actions: number };
export type Rollup = {
  /** The transfer's progress, 0–100 rounded, or undefined when no action counts. */
  progress?: number;
  objectives: ObjectiveProgress[];
  /** Actions done, of those not cancelled. */
  done: number;
  counted: number;
};

const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : undefined);
const worth = (a: RollupAction) => (a.done ? 100 : Math.min(100, Math.max(0, a.progress ?? 0)));

export function rollUp(objectiveIds: string[], actions: RollupAction[]): Rollup {
  const counted = actions.filter((a) => !a.cancelled);
  const objectives = objectiveIds.map((id) => {
    const linked = counted.filter((a) => a.objectiveIds.includes(id));
    return { id, progress: mean(linked.map(worth)), actions: linked.length };
  });
  const withActions = objectives.filter((o) => o.progress !== undefined).map((o) => o.progress!);
  const unlinked = counted.filter((a) => !a.objectiveIds.some((id) => objectiveIds.includes(id)));
  const children = unlinked.length > 0 ? [...withActions, mean(unlinked.map(worth))!] : withActions;
  return {
    progress: mean(children),
    objectives,
    done: counted.filter((a) => a.done).length,
    counted: counted.length,
  };
}

/** The roll-up of a transfer's records (all templates), read by the roles of the objectives and actions sections. */
export function rollUpRecords(registry: TemplateRegistry, entries: { id: string; template: string; section: string; data: EntryData }[], todayIso: string): Rollup {
  const actions = registry.sectionWithRole('actions');
  const objectives = registry.sectionWithRole('objectives');
  const of = (ref: typeof actions) => (ref ? entries.filter((e) => e.template === ref.kind && e.section === ref.section.id) : []);
  const link = actions && objectives ? fieldLinkingTo(actions.section, sectionKey(objectives.kind, objectives.section.id)) : undefined;
  const rows = of(actions).map((e) => {
    const facts = actionFacts(actions!.section, e.data);
    const status = actionStatus(actions!.section, facts, todayIso);
    const linked = link && Array.isArray(e.data[link.id]) ? (e.data[link.id] as string[]) : [];
    return { id: e.id, objectiveIds: linked, progress: facts.progress, done: status.done, cancelled: status.cancelled };
  });
  return rollUp(of(objectives).map((o) => o.id), rows);
}
