/**
 * The templates as code asks about them: "the actions section", "the end date of an action", "which statuses mean
 * done". Every answer comes from the roles the template files declare (content/templates/*.mdx, schema in
 * src/schemas/template.ts), so no code names a template's section id, field id or option label, and renaming one
 * in a template file changes nothing else.
 *
 * Pure: it is built from parsed templates, wherever they come from (the content collections in pages, see
 * `templateRegistry` in ../transfers/practices.ts; the frontmatter itself in tests).
 */
import type { FieldRole, SectionRole, StatusMeaning, Template, TemplateShape } from '../../../schemas/template.ts';

export type TemplateKind = Template['kind'];
export type Section = Template['sections'][number];
export type Field = Section['fields'][number];

/** The key of a section across templates, "<template kind>/<section id>", as `linksTo` names it. */
export const sectionKey = (kind: string, sectionId: string) => `${kind}/${sectionId}`;

/** The transfer's own pages beside its forms (/workspace/transfers/<id>/<page>/): no template kind may take these names. */
export const reservedKinds: readonly string[] = ['overview', 'review', 'trace', 'print', 'entries', 'monitoring', 'actions', 'kpis', 'workshops', 'deleted', 'story'];

/** The special link target that is not a section: the core features of the transfer's practice. */
export const coreFeatures = 'core-features';

/** Where a record sits, as far as ordering goes. */
export type RecordPlace = { template: string; section: string; grouping: string; position?: number };

/** A section found by role, with the template kind its records are stored under. */
export type SectionRef = { kind: TemplateKind; key: string; section: Section };

/** A workspace form, as its template file declares it. */
export type FormKind = {
  kind: TemplateKind;
  /** The template file's id (content/templates/<contentId>.mdx), for its public page /templates/<contentId>/. */
  contentId: string;
  title: string;
  order: number;
  shape: TemplateShape;
  /** The review stage its records are submitted in, if any. */
  stage?: string;
};

/** A rubric criterion a mentor scores 1–5 to approve a stage. */
export type RubricCriterion = { id: string; label: string };

/**
 * A review stage: the forms whose records it freezes, in order, whether the core-feature decisions go with them,
 * and the rubric a mentor scores to approve it.
 */
export type ReviewStageInfo = { id: string; title: string; kinds: TemplateKind[]; coreFeatureDecisions: boolean; rubric: RubricCriterion[] };

export type TemplateRegistry = {
  /** The templates by kind. */
  templates: ReadonlyMap<TemplateKind, Template>;
  /** The workspace's forms in their order. */
  kinds: readonly FormKind[];
  kind(kind: string | undefined): FormKind | undefined;
  /** The review stages in their order (that of their first form). */
  stages: readonly ReviewStageInfo[];
  stage(id: string | undefined): ReviewStageInfo | undefined;
  /** The title of a group (SWOT quadrant, maturity dimension) of a form's records, if it has one. */
  groupTitle(kind: string, groupId: string): string | undefined;
  /**
   * Orders records as the templates do: by form, then section, then group (quadrant or dimension, in the file's
   * order), then position. Records of a form or section the files no longer have come last.
   */
  compareRecords(a: RecordPlace, b: RecordPlace): number;
  /**
   * How a keep / adapt / drop decision on a core feature reads, as the template whose stage carries the decisions
   * words it (`coreFeatureOptions`); the stored value itself when no template words it.
   */
  featureDecisionLabel(decision: string): string;
  /** Every section of every template, by "<template kind>/<section id>". */
  sections: ReadonlyMap<string, Section>;
  /** The section that has a role, or undefined when no template declares it. */
  sectionWithRole(role: SectionRole): SectionRef | undefined;
  /** The same, for code that cannot work without it: throws, naming the role. */
  requireSection(role: SectionRole): SectionRef;
};

/** The groups a template's records are kept in, by its shape: SWOT quadrants, maturity dimensions, or none. */
export function groupsOf(t: Pick<Template, 'shape' | 'quadrants' | 'dimensions'>): { id: string; title: string }[] {
  if (t.shape === 'swot') return t.quadrants.map((q) => ({ id: q.id, title: q.title }));
  if (t.shape === 'maturity') return t.dimensions.map((d) => ({ id: d.id, title: d.name }));
  return [];
}

/** The score of an assessment section and the field that justifies it (the other one), as the maturity form shows them. */
export function scoreAndNote(section: Section): { score?: Field; note?: Field } {
  const score = fieldWithRole(section, 'score');
  return { score, note: section.fields.find((f) => f !== score) };
}

/** The field of a section that has a role, if any. */
export function fieldWithRole(section: Section, role: FieldRole): Field | undefined {
  return section.fields.find((f) => f.role === role);
}

/** A risk register's likelihood and impact fields, when the section has both (its records are then scored and drawn in a matrix). */
export function riskFields(section: Section): { likelihood: Field; impact: Field } | undefined {
  const likelihood = fieldWithRole(section, 'likelihood');
  const impact = fieldWithRole(section, 'impact');
  return likelihood && impact ? { likelihood, impact } : undefined;
}

/** The field of a section that links to a target ("<kind>/<section>" or "core-features"), if any. */
export function fieldLinkingTo(section: Section, target: string): Field | undefined {
  return section.fields.find((f) => f.linksTo === target);
}

/** A status field's options by meaning: those not named done or cancelled are open unless `open` is listed. */
export function statusOptions(field: Field): Record<StatusMeaning, string[]> {
  const meaning = field.statusMeaning;
  const done = meaning?.done ?? [];
  const cancelled = meaning?.cancelled ?? [];
  const open = meaning?.open ?? (field.options ?? []).filter((o) => !done.includes(o) && !cancelled.includes(o));
  return { open, done, cancelled };
}

/**
 * Which way an indicator improves, from the option its direction-role field holds: 'up' when a higher value is
 * better, 'down' when a lower one is, undefined when the field is absent or not filled in.
 */
export function improvementDirection(field: Field | undefined, value: unknown): 'up' | 'down' | undefined {
  const meaning = field?.directionMeaning;
  if (!meaning || typeof value !== 'string') return undefined;
  if (meaning.higher.includes(value)) return 'up';
  if (meaning.lower.includes(value)) return 'down';
  return undefined;
}

/**
 * What the option a field holds means, for the roles whose options carry one (`optionMeanings`: feature-decision,
 * headline, factor-kind, cfir-domain, internal), by the field's `meanings`; undefined when the field is absent, not
 * filled in, or holds an option the template no longer has.
 */
export function optionMeaning(field: Field | undefined, value: unknown): string | undefined {
  const meanings = field?.meanings;
  return meanings && typeof value === 'string' && Object.hasOwn(meanings, value) ? meanings[value] : undefined;
}

/** The first option of a field given a meaning: what a command writes when it fills the field in (e.g. "Adapted" for adapt). */
export function optionWithMeaning(field: Field | undefined, meaning: string): string | undefined {
  return field?.options?.find((o) => field.meanings?.[o] === meaning);
}

/**
 * Whether a field's answers may ever leave the workspace (in an adoption story): not when the template says
 * `public: false`, and never for an owner (a person or a team named as accountable) or the internal flag itself.
 */
export const isPublishableField = (field: Field) => field.public !== false && field.role !== 'owner' && field.role !== 'internal';

/** The options that mean a record is finished one way or another: done or cancelled. */
export function closedOptions(field: Field): string[] {
  const { done, cancelled } = statusOptions(field);
  return [...done, ...cancelled];
}

/** The link targets a section's fields name, each once, in field order. */
export function linkTargetsOf(section: Section): string[] {
  return [...new Set(section.fields.flatMap((f) => (f.linksTo ? [f.linksTo] : [])))];
}

/**
 * The registry of a set of templates, one per kind. Checks what one file's schema cannot: a section role is given
 * once across all templates, and every `linksTo` names a section that exists (or the core features).
 */
export function createTemplateRegistry(files: Iterable<{ id: string; data: Template }>): TemplateRegistry {
  const byKind = new Map<TemplateKind, Template>();
  const sections = new Map<string, Section>();
  const byRole = new Map<SectionRole, SectionRef>();
  const kinds: FormKind[] = [];
  const groupTitles = new Map<string, string>();
  const groupIndex = new Map<string, number>();
  // In the forms' order, so sections (and what is listed by section: review, trace) follow it too.
  const ordered = [...files].sort((a, b) => a.data.workspace.order - b.data.workspace.order || a.data.kind.localeCompare(b.data.kind));
  if (ordered.length === 0) throw new Error('No template files: the workspace has no forms');
  for (const { id, data: t } of ordered) {
    if (reservedKinds.includes(t.kind)) throw new Error(`Template kind "${t.kind}" (${id}) is taken by a transfer page of its own; choose another`);
    if (byKind.has(t.kind)) throw new Error(`Two templates drive the "${t.kind}" form`);
    for (const [i, g] of groupsOf(t).entries()) groupTitles.set(`${t.kind}/${g.id}`, g.title), groupIndex.set(`${t.kind}/${g.id}`, i);
    byKind.set(t.kind, t);
    kinds.push({ kind: t.kind, contentId: id, title: t.workspace.title, order: t.workspace.order, shape: t.shape, stage: t.workspace.review?.stage });
    for (const s of t.sections) {
      const key = sectionKey(t.kind, s.id);
      sections.set(key, s);
      if (!s.role) continue;
      const other = byRole.get(s.role);
      if (other) throw new Error(`Section role "${s.role}" is given to both ${other.key} and ${key}`);
      byRole.set(s.role, { kind: t.kind, key, section: s });
    }
  }
  for (const [key, s] of sections)
    for (const f of s.fields)
      if (f.linksTo && f.linksTo !== coreFeatures && !sections.has(f.linksTo)) throw new Error(`${key}.${f.id} links to ${f.linksTo}, which no template has`);
  const stages = reviewStagesOf(kinds, byKind);
  const decisionWords: Record<string, string> = ordered.find(({ data }) => data.workspace.review?.coreFeatureOptions)?.data.workspace.review?.coreFeatureOptions ?? {};
  const sectionIndex = new Map([...sections.keys()].map((key, i) => [key, i]));
  const last = Number.MAX_SAFE_INTEGER;
  return {
    templates: byKind,
    kinds,
    kind: (kind) => kinds.find((k) => k.kind === kind),
    stages,
    stage: (id) => stages.find((s) => s.id === id),
    groupTitle: (kind, groupId) => groupTitles.get(`${kind}/${groupId}`),
    compareRecords: (a, b) =>
      (sectionIndex.get(sectionKey(a.template, a.section)) ?? last) - (sectionIndex.get(sectionKey(b.template, b.section)) ?? last) ||
      (groupIndex.get(`${a.template}/${a.grouping}`) ?? last) - (groupIndex.get(`${b.template}/${b.grouping}`) ?? last) ||
      (a.position ?? 0) - (b.position ?? 0),
    featureDecisionLabel: (decision) => (Object.hasOwn(decisionWords, decision) ? decisionWords[decision]! : decision),
    sections,
    sectionWithRole: (role) => byRole.get(role),
    requireSection(role) {
      const found = byRole.get(role);
      if (!found) throw new Error(`No template has a section with role "${role}"`);
      return found;
    },
  };
}

/** The stages the forms name, in the order of their first form; each needs a title from one of its templates, and only one. */
function reviewStagesOf(kinds: readonly FormKind[], templates: ReadonlyMap<TemplateKind, Template>): ReviewStageInfo[] {
  const stages = new Map<string, ReviewStageInfo & { titled: TemplateKind[] }>();
  for (const k of kinds) {
    const review = templates.get(k.kind)!.workspace.review;
    if (!review) continue;
    const stage = stages.get(review.stage) ?? { id: review.stage, title: '', kinds: [], coreFeatureDecisions: false, rubric: [], titled: [] };
    stage.kinds.push(k.kind);
    stage.coreFeatureDecisions ||= review.coreFeatureDecisions;
    if (review.title) (stage.title = review.title), (stage.rubric = review.rubric ?? []), stage.titled.push(k.kind);
    stages.set(review.stage, stage);
  }
  return [...stages.values()].map(({ titled, ...stage }) => {
    if (titled.length !== 1) throw new Error(`Review stage "${stage.id}" needs its title from exactly one of its templates (${stage.kinds.join(', ')}); ${titled.length} give one`);
    return stage;
  });
}

/** Every link target any of the sections names, each once. */
export function linkTargetsOfAll(sections: Iterable<Section>): string[] {
  return [...new Set([...sections].flatMap(linkTargetsOf))];
}

/**
 * What each link target offers, from a transfer's records: for a "<kind>/<section>" target the records of that
 * section, for "core-features" the practice's features, each turned into what the caller needs (an id for the
 * check of a save, an id and a label for a form). The one place link targets are worked out: the form's choices
 * and the ids a save accepts cannot differ.
 */
export function groupLinkTargets<E extends { template: string; section: string }, F, T>(
  targets: Iterable<string>,
  entries: readonly E[],
  features: readonly F[],
  ofEntry: (entry: E, target: string) => T,
  ofFeature: (feature: F) => T,
): Record<string, T[]> {
  const result: Record<string, T[]> = {};
  for (const target of targets) result[target] = target === coreFeatures ? features.map(ofFeature) : [];
  for (const e of entries) {
    const key = sectionKey(e.template, e.section);
    if (key !== coreFeatures && result[key]) result[key].push(ofEntry(e, key));
  }
  return result;
}
