/**
 * What a printed transfer holds, in the templates' order, with every value as the reader sees it: the print view and
 * both PDFs (the transfer now, and a submitted version) are drawn from this one model, so they cannot disagree on
 * order or wording. Pure: the caller reads the records (live, or from a submission's snapshot).
 */
import { optionLabel } from '../templates/localize.ts';
import { t } from '../../../i18n/index.ts';
import type { TemplateShape } from '../../../schemas/template.ts';
import { groupsOf, scoreAndNote, sectionKey, type Section, type TemplateKind, type TemplateRegistry } from '../templates/registry.ts';
import { entryLabel, recordsPerSection, type EntryData } from '../transfers/entry-schema.ts';
import { radarScores } from '../transfers/radar.ts';
import { timelineActions, type TimelineAction } from '../transfers/timeline.ts';
import { buildTraceability, type Traceability, type TraceRecord } from '../transfers/trace.ts';

/** A record as printed: stored now, or frozen in a submission. */
export type PrintRecord = TraceRecord & { position: number };
/** A core feature of the practice, as the model needs it. */
export type PrintFeature = { id: string; name: string; requiredMaturity?: { dimension: string; level: number }[] };

/** `typed`: the text is what people wrote (in the transfer's working language), not an option in the reader's. */
export type PrintField = { label: string; text: string; typed: boolean };
export type PrintItem = { id: string; label: string; fields: PrintField[] };
/** A SWOT quadrant or maturity dimension (titled), or the whole section (untitled). */
export type PrintGroup = { id: string; title?: string; items: PrintItem[] };
export type PrintSection = {
  id: string;
  title: string;
  groups: PrintGroup[];
  /** Records printed, and records the section holds (more only in a transfer that grew past the limit before there was one). */
  shown: number;
  total: number;
  /** For the actions section: the timeline's bars, as of `today`. */
  timeline?: TimelineAction[];
};
export type PrintRadar = { axes: { id: string; name: string }[]; scores: Record<string, number | undefined>; required: Record<string, number | undefined> };
export type PrintForm = { kind: TemplateKind; title: string; shape: TemplateShape; sections: PrintSection[]; radar?: PrintRadar };
export type PrintDecision = { featureId: string; name: string; decision: string; note: string };

export type PrintModel = {
  forms: PrintForm[];
  /** The keep / adapt / drop decisions, worded by the templates; absent when what is printed does not carry them. */
  decisions?: PrintDecision[];
  trace?: Traceability<PrintRecord>;
  /** A record's full label (title field, else first text), never cut: a printed link is read in full. */
  label: (record: TraceRecord) => string;
  /** The SWOT quadrant or maturity dimension a record sits in. */
  groupTitle: (record: TraceRecord) => string;
};

export type PrintInput = {
  registry: TemplateRegistry;
  records: PrintRecord[];
  /** Records outside those printed that links name (a submission's `linked`: another stage's needs). */
  linked?: Record<string, { template: string; section: string; data: EntryData }>;
  features: PrintFeature[];
  /** The decisions on core features; leave out when what is printed does not carry them. */
  featureChoices?: { featureId: string; decision: string; note: string }[];
  /** Only these forms (a review stage's); every form by default. */
  kinds?: readonly string[];
  /** Records each section and group holds, keyed "<kind>/<section>/<group>", when more may exist than were read. */
  totals?: ReadonlyMap<string, number>;
  /** The day the timeline marks overdue actions against ("YYYY-MM-DD"). */
  today: string;
  /** Adds the traceability chain (needs → SWOT → objectives → actions and indicators). */
  withTrace?: boolean;
};

/** The model of what is printed, everything in the templates' order down to the quadrant or dimension. */
export function buildPrintModel(input: PrintInput): PrintModel {
  const { registry, features } = input;
  const records = [...input.records].sort(registry.compareRecords);
  const sectionOf = (r: { template: string; section: string }): Section | undefined => registry.sections.get(sectionKey(r.template, r.section));
  const labels = new Map<string, string>(features.map((f) => [f.id, f.name]));
  for (const [id, r] of Object.entries(input.linked ?? {})) labels.set(id, labelOf(sectionOf(r), r.data));
  for (const r of records) labels.set(r.id, labelOf(sectionOf(r), r.data));
  const field = (f: Section['fields'][number], value: EntryData[string]): string =>
    Array.isArray(value) ? value.map((id) => (f.linksTo ? (labels.get(id) ?? t('print:removed')) : optionLabel(f, id))).join('; ') : optionLabel(f, String(value));
  const item = (section: Section, r: PrintRecord): PrintItem => ({
    id: r.id,
    label: labels.get(r.id)!,
    fields: section.fields.filter((f) => filled(r.data[f.id])).map((f) => ({ label: f.label, text: field(f, r.data[f.id]!), typed: !f.options?.length })),
  });

  const forms = registry.kinds
    .filter((k) => !input.kinds || input.kinds.includes(k.kind))
    .map(({ kind, title, shape }): PrintForm => {
      const template = registry.templates.get(kind)!;
      const sections = template.sections.map((s): PrintSection => {
        const mine = records.filter((r) => r.template === kind && r.section === s.id);
        // Every quadrant or dimension the template names, in its order, then any the file no longer names.
        const named = groupsOf(template);
        const ids = [...named.map((g) => g.id), ...new Set(mine.map((r) => r.grouping).filter((g) => !named.some((n) => n.id === g)))];
        const groups = (ids.length ? ids : ['']).map((id) => ({
          id,
          title: id ? (registry.groupTitle(kind, id) ?? id) : undefined,
          items: mine.filter((r) => r.grouping === id).slice(0, recordsPerSection).map((r) => item(s, r)),
        }));
        const shown = groups.reduce((n, g) => n + g.items.length, 0);
        const counted = input.totals ? [...input.totals].filter(([key]) => key.startsWith(`${kind}/${s.id}/`)).reduce((n, [, v]) => n + v, 0) : 0;
        const timeline = s.role === 'actions' ? timelineActions(s, mine, input.today) : undefined;
        return { id: s.id, title: s.title, groups, shown, total: Math.max(shown, counted), ...(timeline ? { timeline } : {}) };
      });
      return { kind, title, shape, sections, ...(shape === 'maturity' ? { radar: radarOf(template.dimensions, template.sections[0]!, records.filter((r) => r.template === kind), features) } : {}) };
    });

  const decisions = input.featureChoices
    ? features.map((f) => {
        const c = input.featureChoices!.find((x) => x.featureId === f.id);
        return { featureId: f.id, name: f.name, decision: c ? registry.featureDecisionLabel(c.decision) : t('print:notDecided'), note: c?.note ?? '' };
      })
    : undefined;
  return {
    forms,
    ...(decisions ? { decisions } : {}),
    ...(input.withTrace ? { trace: buildTraceability(records, registry) } : {}),
    label: (r) => labels.get(r.id) ?? labelOf(sectionOf(r), r.data),
    groupTitle: (r) => registry.groupTitle(r.template, r.grouping) ?? r.grouping,
  };
}

const filled = (v: EntryData[string] | undefined): v is EntryData[string] => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
const labelOf = (section: Section | undefined, data: EntryData) => (section ? entryLabel(section, data, Infinity) : t('print:removed'));

/** The radar of a maturity form: its score per dimension, and the highest level any core feature needs. */
function radarOf(dimensions: { id: string; name: string }[], section: Section, records: PrintRecord[], features: PrintFeature[]): PrintRadar | undefined {
  if (!scoreAndNote(section).score) return undefined;
  const required: Record<string, number> = {};
  for (const f of features) for (const r of f.requiredMaturity ?? []) required[r.dimension] = Math.max(required[r.dimension] ?? 0, r.level);
  return { axes: dimensions.map((d) => ({ id: d.id, name: d.name })), scores: radarScores(section, records.filter((r) => r.section === section.id)), required };
}
