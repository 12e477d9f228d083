/**
 * A template that next-adopter regions fill in. Its structure lives here, in frontmatter, because the
 * workspace builds its forms from exactly these files: the public page and the form can never disagree.
 */
import { z } from 'astro/zod';
import { cfirDomainIds, localId, maturityDimension, maturityDimensionIds, stakeholderGroup } from './taxonomy.ts';

/** A question asked of everyone, or of one stakeholder group only. */
export const guidingQuestion = z.object({
  /** Omit for a question every group answers. */
  stakeholder: stakeholderGroup.optional(),
  question: z.string().min(10),
});

/**
 * What a field means to the workspace, beyond what it asks: code finds "the end date of an action" or "the score of
 * a dimension" by role, never by id or label, so a template can rename a field or reword an option safely.
 * - title: the record's name in lists, links and the traceability chain (else its first text field is used);
 * - status: where the record stands; a "select" whose options are given meanings in `statusMeaning`;
 * - start, end: the dates the record runs from and to ("date" fields; the timeline and "overdue" read them);
 * - progress: how far along it is, 0 to 100 ("number");
 * - owner: who is accountable;
 * - unit, baseline, target: what an indicator counts, its value before, and the value aimed at;
 * - direction: whether a higher or a lower value of an indicator is an improvement (a "select" whose options are
 *   given meanings in `directionMeaning`);
 * - minimum, maximum: the lowest and highest value an indicator can take ("number"): measurements outside are refused;
 * - score: a 0–5 maturity score (the radar draws it);
 * - decision: the Act step of a PDSA cycle (adopt, adapt or abandon): a cycle with one is complete;
 * - explanation: where a progress report explains the actions not carried out (a submission needs it when any is);
 * - likelihood, impact: how likely a risk is and how serious it would be ("number", from `min` to `max`, e.g. 1 to 5):
 *   a section with both scores each record by their product and draws the risk matrix.
 * The post-implementation report's records (section roles `pir-*`) add these; the adoption story is composed from
 * them (src/lib/server/stories/compose.ts), so each is what one slot of the public story is made of:
 * - core-feature: the core feature a record is about (a "list" linking to `core-features`);
 * - feature-decision: whether it was kept, adapted or dropped (a "select" whose options are given the meanings keep,
 *   adapt and drop in `meanings`);
 * - adaptation: how it was adapted, or why it was dropped (the adaptation log's note);
 * - effect: what keeping, adapting or dropping it did;
 * - latest, latest-period: an indicator's latest value ("number") and the first day of the period it belongs to ("date");
 * - headline: whether a result is one of the few shown in the practice page's list of adoptions (a "select" whose
 *   options mean yes or no in `meanings`);
 * - factor-kind: whether a factor was a barrier or a facilitator ("select", `meanings` barrier / facilitator);
 * - cfir-domain: the CFIR domain of a barrier or facilitator ("select", `meanings` from each option to a domain id of
 *   `cfirDomainIds`, so the wording of an option never decides the public tag);
 * - funding, policy: the funding secured and the policy commitments that sustain the change;
 * - internal: whether the whole record stays in the workspace ("select", `meanings` yes = internal, never published,
 *   no = may be published). A field the team must never see published (notes for the mentor, names) says
 *   `public: false` instead: see `templateField`. An owner field is never published either, whatever it says.
 * A role is given to at most one field of a section.
 */
export const fieldRoles = ['title', 'status', 'start', 'end', 'progress', 'owner', 'unit', 'baseline', 'target', 'direction', 'minimum', 'maximum', 'score', 'decision', 'explanation', 'likelihood', 'impact', 'core-feature', 'feature-decision', 'adaptation', 'effect', 'latest', 'latest-period', 'headline', 'factor-kind', 'cfir-domain', 'funding', 'policy', 'internal'] as const;
export type FieldRole = (typeof fieldRoles)[number];

/**
 * The roles whose "select" options carry a meaning of their own, and the meanings each may give: code reads the
 * meaning, never the option's wording. Every option of such a field is given exactly one meaning in `meanings`.
 */
export const optionMeanings = {
  'feature-decision': ['keep', 'adapt', 'drop'],
  headline: ['yes', 'no'],
  'factor-kind': ['barrier', 'facilitator'],
  'cfir-domain': cfirDomainIds,
  internal: ['yes', 'no'],
} as const satisfies Partial<Record<FieldRole, readonly string[]>>;
export type MeaningRole = keyof typeof optionMeanings;
export const isMeaningRole = (role: string | undefined): role is MeaningRole => role !== undefined && Object.hasOwn(optionMeanings, role);

/** The meanings an option of a status field can have. */
export const statusMeanings = ['open', 'done', 'cancelled'] as const;
export type StatusMeaning = (typeof statusMeanings)[number];

/**
 * Which options of a status field mean what, by their exact label: `done` (finished) and `cancelled` (dropped) no
 * longer make a record late; every other option is `open`, unless `open` lists them itself, in which case every
 * option must be named exactly once. Each named option must be one of the field's options.
 */
export const statusMeaning = z.object({
  open: z.array(z.string()).optional(),
  done: z.array(z.string()).default([]),
  cancelled: z.array(z.string()).default([]),
});

/** The four steps of a Plan-Do-Study-Act cycle, in their order. */
export const pdsaSteps = ['plan', 'do', 'study', 'act'] as const;
export type PdsaStep = (typeof pdsaSteps)[number];

/**
 * Which options of a direction field mean that a higher value is an improvement, and which a lower one, by their
 * exact label. Charts read an indicator's signals as improvement or concern from it.
 */
export const directionMeaning = z.object({ higher: z.array(z.string()).min(1), lower: z.array(z.string()).min(1) });
export type DirectionMeaning = z.infer<typeof directionMeaning>;

/**
 * What a section is to the workspace, for code that needs "the actions" or "the needs" whatever the section's id:
 * needs (the local needs of needs and scope), swot-items (the findings of the SWOT), objectives, actions and kpis
 * (of the action plan), assessment (the maturity scores), pdsa-cycles and workshops (of implementation: the
 * Plan-Do-Study-Act cycles, which the KPI charts mark, and the self-evaluation workshops, at which maturity is
 * re-assessed), and progress-reports (one per reporting period, reviewed by the mentor). The post-implementation
 * report's sections, one per part of the public adoption story (src/schemas/story.ts `storyParts`): pir-context (the
 * setting, filled once), pir-core-features (one record per core feature: kept, adapted or dropped, with what effect),
 * pir-results (one per objective or indicator of the plan), pir-factors (barriers and facilitators, each with its
 * CFIR domain), pir-sustainability (filled once: funding and policy) and pir-lessons. A role is given to at most
 * one section of all the templates (the template registry, src/lib/server/templates/registry.ts, checks it across files).
 */
export const sectionRoles = ['needs', 'swot-items', 'objectives', 'actions', 'kpis', 'assessment', 'pdsa-cycles', 'workshops', 'progress-reports', 'pir-context', 'pir-core-features', 'pir-results', 'pir-factors', 'pir-sustainability', 'pir-lessons'] as const;
export type SectionRole = (typeof sectionRoles)[number];

/**
 * How a template's records are shaped: a list per section (the default), the four SWOT quadrants (each section's
 * records kept per quadrant), or the twelve maturity dimensions (one score and note each). The shapes are what
 * code knows; which templates exist, what they are called and in which review stage they go, the files say.
 * (Named `shape` because Astro reads a `layout` key in MDX frontmatter as a page layout to import.)
 */
export const templateShapes = ['sections', 'swot', 'maturity'] as const;
export type TemplateShape = (typeof templateShapes)[number];

/** What the workspace makes of a template: its name there, its place among the forms, and its review stage. */
export const templateWorkspace = z.object({
  /** The form's name in the workspace: navigation, page heading, print view, review. */
  title: z.string().min(3),
  /** Where it comes among the transfer's forms (navigation, print view, export), smallest first. */
  order: z.number().int(),
  /**
   * The review stage its records are submitted in. Templates naming the same stage are submitted and reviewed
   * together (the SWOT and the maturity self-assessment make the situation analysis); the stage comes in the order
   * of its first template. One of them gives its title; `coreFeatureDecisions` adds the keep / adapt / drop
   * decisions on the practice's core features to what the stage freezes.
   */
  review: z
    .object({
      stage: localId,
      title: z.string().min(3).optional(),
      coreFeatureDecisions: z.boolean().default(false),
      /**
       * With `coreFeatureDecisions`: how each decision reads wherever it is shown (print view, PDF, review), by the
       * value stored: keep, adapt or drop, e.g. `{ keep: Keep as is, adapt: Adapt, drop: Drop }`.
       */
      coreFeatureOptions: z.object({ keep: z.string().min(2), adapt: z.string().min(2), drop: z.string().min(2) }).optional(),
      /**
       * What the mentor scores 1–5 (each with a note) to approve the stage: given by the template that gives the
       * stage's title, because each stage asks different things (needs and scope have no KPIs to judge).
       */
      rubric: z.array(z.object({ id: localId, label: z.string().min(3) })).min(1).optional(),
    })
    .refine((r) => !r.title || r.rubric !== undefined, { error: 'the template that titles a review stage gives its rubric too', path: ['rubric'] })
    .refine((r) => !r.rubric || r.title !== undefined, { error: 'only the template that titles a review stage gives its rubric', path: ['rubric'] })
    .refine((r) => !r.coreFeatureDecisions || r.coreFeatureOptions !== undefined, { error: 'a stage with coreFeatureDecisions names how keep, adapt and drop read (coreFeatureOptions)', path: ['coreFeatureOptions'] })
    .optional(),
});

/**
 * What a "list" field links to: the records of one section of a template, named "<template kind>/<section id>"
 * (e.g. "needs-scope/needs"), or "core-features", the core features of the transfer's practice.
 */
export const linkTarget = z.union([
  z.literal('core-features'),
  z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'name "<template kind>/<section id>", e.g. "needs-scope/needs", or "core-features"' }),
]);

export const templateField = z.object({
  /** Stable id; the workspace stores answers under it. */
  id: localId,
  label: z.string().min(2),
  /** How the form asks for it. "list" is a repeatable item; "score" is 0–5. */
  type: z.enum(['text', 'textarea', 'number', 'date', 'select', 'score', 'list']),
  required: z.boolean().default(false),
  /** One line of help shown under the label. */
  help: z.string().optional(),
  /** Choices, for "select" only. */
  options: z.array(z.string()).optional(),
  /** Bounds, for "number" only, e.g. an impact rated 1 to 5. */
  min: z.number().optional(),
  max: z.number().optional(),
  /**
   * For "list" fields whose items are other records of the same transfer: the workspace offers those as choices
   * and draws the traceability chain from them. Without it, a list is free text, one item per line.
   */
  linksTo: linkTarget.optional(),
  /** What the field means to the workspace (see `fieldRoles`). */
  role: z.enum(fieldRoles).optional(),
  /** For the status-role field only: which options mean open, done and cancelled (see `statusMeaning`). */
  statusMeaning: statusMeaning.optional(),
  /** For the direction-role field only: which options mean higher is better, and lower (see `directionMeaning`). */
  directionMeaning: directionMeaning.optional(),
  /**
   * For the fields of a PDSA cycle (section role `pdsa-cycles`): the step they record, Plan, Do, Study or Act. Several
   * fields may record one step (a Plan has a prediction, measures and tasks); the implementation page shows which
   * steps a cycle has filled in, since published PDSA reports often leave steps out.
   */
  step: z.enum(pdsaSteps).optional(),
  /**
   * For the fields whose role gives options a meaning (`optionMeanings`: feature-decision, headline, factor-kind,
   * cfir-domain, internal): each option, by its exact label, and what it means, e.g. `{ Kept as is: keep }`.
   */
  meanings: z.record(z.string(), z.string()).optional(),
  /**
   * false for a field whose answers never leave the workspace, whatever the team later chooses to publish: notes for
   * the mentor, or free text in which people are named. The adoption story (src/lib/server/stories/compose.ts) leaves
   * it out; the workspace's own pages, print view, exports and review show it as any other field. Default true.
   */
  public: z.boolean().default(true),
})
  .refine((f) => f.type !== 'select' || (f.options?.length ?? 0) >= 2, { error: 'a select field needs at least two options', path: ['options'] })
  .refine((f) => !f.linksTo || f.type === 'list', { error: 'only a "list" field can link to other records', path: ['linksTo'] })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, { error: 'min must not exceed max', path: ['min'] })
  .refine((f) => f.role !== 'status' || (f.type === 'select' && f.statusMeaning !== undefined), { error: 'a status field is a "select" with a statusMeaning', path: ['statusMeaning'] })
  .refine((f) => !f.statusMeaning || f.role === 'status', { error: 'only the status field has a statusMeaning', path: ['statusMeaning'] })
  .refine((f) => !(f.role === 'start' || f.role === 'end') || f.type === 'date', { error: 'a start or end field is a "date"', path: ['role'] })
  .refine((f) => !(f.role === 'progress' || f.role === 'baseline' || f.role === 'target') || f.type === 'number', { error: 'a progress, baseline or target field is a "number"', path: ['role'] })
  .refine((f) => f.role !== 'score' || f.type === 'score', { error: 'a score field is of type "score"', path: ['role'] })
  .refine((f) => !(f.role === 'minimum' || f.role === 'maximum') || f.type === 'number', { error: 'a minimum or maximum field is a "number"', path: ['role'] })
  .refine((f) => !(f.role === 'likelihood' || f.role === 'impact') || (f.type === 'number' && f.min !== undefined && f.max !== undefined && f.max - f.min <= 9), { error: 'a likelihood or impact field is a "number" with a min and a max at most 9 apart (the rows and columns of the risk matrix)', path: ['role'] })
  .refine((f) => f.role !== 'direction' || (f.type === 'select' && f.directionMeaning !== undefined), { error: 'a direction field is a "select" with a directionMeaning', path: ['directionMeaning'] })
  .refine((f) => !f.directionMeaning || f.role === 'direction', { error: 'only the direction field has a directionMeaning', path: ['directionMeaning'] })
  .refine((f) => !f.directionMeaning || [...f.directionMeaning.higher, ...f.directionMeaning.lower].every((o) => f.options?.includes(o)), { error: 'every option named in directionMeaning is one of the field\'s options', path: ['directionMeaning'] })
  .refine((f) => f.role !== 'decision' || f.type === 'select', { error: 'a decision field is a "select"', path: ['role'] })
  .refine((f) => !isMeaningRole(f.role) || (f.type === 'select' && f.meanings !== undefined), { error: 'a feature-decision, headline, factor-kind, cfir-domain or internal field is a "select" with `meanings`', path: ['meanings'] })
  .refine((f) => !f.meanings || isMeaningRole(f.role), { error: 'only a feature-decision, headline, factor-kind, cfir-domain or internal field has `meanings`', path: ['meanings'] })
  .refine((f) => f.role !== 'core-feature' || (f.type === 'list' && f.linksTo === 'core-features'), { error: 'a core-feature field is a "list" linking to core-features', path: ['role'] })
  .refine((f) => f.role !== 'latest' || f.type === 'number', { error: 'a latest field is a "number"', path: ['role'] })
  .refine((f) => f.role !== 'latest-period' || f.type === 'date', { error: 'a latest-period field is a "date"', path: ['role'] })
  .superRefine((f, ctx) => {
    // Every option means exactly one thing of the role's vocabulary, and nothing else is named.
    if (!f.meanings || !isMeaningRole(f.role)) return;
    const allowed: readonly string[] = optionMeanings[f.role];
    const options = f.options ?? [];
    for (const [option, meaning] of Object.entries(f.meanings)) {
      if (!options.includes(option)) ctx.addIssue({ code: 'custom', path: ['meanings', option], message: `"${option}" is not one of the options of ${f.id} (${options.join(', ')})` });
      if (!allowed.includes(meaning)) ctx.addIssue({ code: 'custom', path: ['meanings', option], message: `"${meaning}" is not a meaning of a ${f.role} field (${allowed.join(', ')})` });
    }
    const unnamed = options.filter((o) => !Object.hasOwn(f.meanings!, o));
    if (unnamed.length > 0) ctx.addIssue({ code: 'custom', path: ['meanings'], message: `every option of ${f.id} needs a meaning; missing: ${unnamed.join(', ')}` });
  })
  .superRefine((f, ctx) => {
    if (!f.statusMeaning) return;
    const options = f.options ?? [];
    const named = statusMeanings.flatMap((m) => (f.statusMeaning![m] ?? []).map((option) => ({ m, option })));
    for (const { m, option } of named)
      if (!options.includes(option)) ctx.addIssue({ code: 'custom', path: ['statusMeaning', m], message: `"${option}" is not one of the options of ${f.id} (${options.join(', ')})` });
    const seen = new Set<string>();
    for (const { m, option } of named) {
      if (seen.has(option)) ctx.addIssue({ code: 'custom', path: ['statusMeaning', m], message: `"${option}" is given more than one meaning` });
      seen.add(option);
    }
    if (f.statusMeaning.open) {
      const unnamed = options.filter((o) => !seen.has(o));
      if (unnamed.length > 0) ctx.addIssue({ code: 'custom', path: ['statusMeaning', 'open'], message: `when "open" is listed, every option needs a meaning; missing: ${unnamed.join(', ')}` });
    }
  });

export const templateSection = z.object({
  id: localId,
  title: z.string().min(3),
  /** What the section is for, one or two sentences. */
  description: z.string().optional(),
  guidingQuestions: z.array(guidingQuestion).default([]),
  fields: z.array(templateField).default([]),
  /** false for a section filled in once per transfer (e.g. the scope); true for a list of items (needs, actions). */
  repeatable: z.boolean().default(true),
  /** What the section is to the workspace (see `sectionRoles`). */
  role: z.enum(sectionRoles).optional(),
}).superRefine((s, ctx) => {
  const roles = new Set<string>();
  for (const [fi, f] of s.fields.entries()) {
    if (!f.role) continue;
    if (roles.has(f.role)) ctx.addIssue({ code: 'custom', path: ['fields', fi, 'role'], message: `role "${f.role}" is given to more than one field of ${s.id}` });
    roles.add(f.role);
  }
});

export const swotQuadrant = z.object({
  id: z.enum(['strengths', 'weaknesses', 'opportunities', 'threats']),
  title: z.string(),
  /** Strengths and weaknesses are internal to the adopting organisation; opportunities and threats external. */
  origin: z.enum(['internal', 'external']),
  description: z.string(),
  guidingQuestions: z.array(guidingQuestion).min(1),
});

export const maturityDimensionEntry = z.object({
  id: maturityDimension,
  name: z.string(),
  /** What the dimension asks about. */
  description: z.string().min(20),
  /** What a score of 0 and of 5 look like, to anchor self-assessment. */
  lowAnchor: z.string().optional(),
  highAnchor: z.string().optional(),
});

export const templateSchema = z.object({
  title: z.string().min(3),
  summary: z.string().min(40).max(300),
  /**
   * The workspace form the template drives: its URL segment (/workspace/transfers/<id>/<kind>/) and the key its
   * records are stored under, so it never changes once a transfer has records. One template per kind.
   */
  kind: localId,
  shape: z.enum(templateShapes).default('sections'),
  workspace: templateWorkspace,
  /** Step of the transfer method it belongs to. */
  stage: z.enum(['pre-implementation', 'action-plan', 'implementation', 'post-implementation']),
  /** Frameworks the structure follows, with a short note why. */
  basedOn: z.array(z.string()).default([]),
  sections: z.array(templateSection).default([]),
  quadrants: z.array(swotQuadrant).default([]),
  dimensions: z.array(maturityDimensionEntry).default([]),
  /** Scale of the maturity scores; fixed by the SCIROCCO model. */
  scale: z.object({ min: z.literal(0), max: z.literal(5) }).optional(),
  lastReviewed: z.coerce.date(),
}).superRefine((t, ctx) => {
  if (t.shape === 'swot') {
    const ids = t.quadrants.map((q) => q.id).sort().join(',');
    if (ids !== 'opportunities,strengths,threats,weaknesses')
      ctx.addIssue({ code: 'custom', path: ['quadrants'], message: 'a SWOT template needs exactly the four quadrants strengths, weaknesses, opportunities and threats' });
  }
  if (t.shape === 'maturity' && (t.sections.length !== 1 || !t.sections[0].fields.some((f) => f.role === 'score')))
    ctx.addIssue({ code: 'custom', path: ['sections'], message: 'a maturity template has one section, whose fields include the score (role "score") given for each dimension' });
  if (t.shape === 'maturity') {
    const missing = maturityDimensionIds.filter((id) => !t.dimensions.some((d) => d.id === id));
    if (missing.length > 0 || t.dimensions.length !== maturityDimensionIds.length)
      ctx.addIssue({ code: 'custom', path: ['dimensions'], message: `a maturity template needs each of the 12 dimensions once; missing: ${missing.join(', ') || 'none (duplicates present)'}` });
  }
  if (t.shape === 'sections' && t.sections.length === 0)
    ctx.addIssue({ code: 'custom', path: ['sections'], message: 'a template shaped in sections needs at least one section' });
  const ids = new Set<string>();
  const sectionRolesSeen = new Set<string>();
  for (const [si, s] of t.sections.entries()) {
    if (s.role && sectionRolesSeen.has(s.role)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'role'], message: `role "${s.role}" is given to more than one section` });
    if (s.role) sectionRolesSeen.add(s.role);
    for (const [fi, f] of s.fields.entries()) {
      const key = `${s.id}.${f.id}`;
      if (ids.has(key)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'fields', fi, 'id'], message: `duplicate field id "${key}"` });
      ids.add(key);
    }
  }
});
export type Template = z.infer<typeof templateSchema>;
