/**
 * A good practice: a proven way of delivering digitally enabled integrated care that an early-adopter region
 * offers to others. Its core features are the unit of transfer: the workspace reads them from here, so this
 * file is the single source for what an adopter can select, keep, adapt or drop.
 */
import { reference } from 'astro:content';
import { z } from 'astro/zod';
import { country, evidenceLevel, localId, mastDomain, maturityDimension, resourceLink, theme } from './taxonomy.ts';

export const coreFeature = z.object({
  /** Stable id within the practice; the workspace stores it, so never rename a published one. */
  id: localId,
  /** Short name of the building block, e.g. "Cross-sector collaboration agreement". */
  name: z.string().min(3),
  /** What it is and what it does, in one or two sentences. */
  description: z.string().min(20),
  /** "essential": the practice does not work without it; "adaptable": adopters may change it to fit. */
  kind: z.enum(['essential', 'adaptable']),
  /** What must be in place before an adopter can take this feature on. */
  prerequisites: z.array(z.string()).default([]),
  /** Minimum maturity (0–5) on SCIROCCO dimensions, where the owner states one. */
  requiredMaturity: z.array(z.object({ dimension: maturityDimension, level: z.number().int().min(0).max(5) })).default([]),
});
export type CoreFeature = z.infer<typeof coreFeature>;

export const outcome = z.object({
  /** What was measured or observed. */
  indicator: z.string().min(3),
  /** Value before the practice, when the source gives one. */
  baseline: z.string().optional(),
  /** What was achieved or observed. */
  result: z.string().min(3),
  /** Where the figure comes from; required, because an outcome without a source is not evidence. */
  source: z.string().min(3),
});

export const practiceSchema = z.object({
  /** Full title as the owner names it. */
  title: z.string().min(5),
  /** One or two sentences for cards, search results and the meta description (≤ 300 characters). */
  summary: z.string().min(40).max(300),
  /** Organisation that owns and offers the practice. */
  owner: z.string().min(2),
  /** Region profile of the owner. */
  region: reference('regions'),
  country,
  /** Programmes in which the practice was offered or developed. */
  programmes: z.array(reference('programmes')).default([]),
  themes: z.array(theme).min(1),
  /**
   * What the cited source calls the practice, in its words, e.g. "Original good practice (JADECARE)". This is the
   * badge on cards and pages; it claims no evidence level.
   */
  recognition: z.object({ label: z.string().min(3), source: reference('sources') }),
  /**
   * An evidence level, only where a cited evaluation grades the practice so; the evaluation is required because a
   * level without one is the portal's own opinion. Absent today for every practice: no source grades one.
   */
  evidence: z.object({ level: evidenceLevel, evaluation: z.string().min(5), source: reference('sources') }).optional(),
  /** The documents this page is written from, shown as its "Source" line. */
  sources: z.array(reference('sources')).min(1),
  /** Who benefits, e.g. "People with chronic conditions and multimorbidity". */
  targetPopulation: z.string().min(5),
  /** Where care happens, e.g. "hospital", "general practice", "home care". */
  careSettings: z.array(z.string()).min(1),
  coreFeatures: z.array(coreFeature).min(1),
  /**
   * What the core features rest on when they are not taken from a cited source (e.g. the portal's reading of a
   * title, or editorial maturity estimates). Shown above them, so the caveat comes before what it qualifies.
   */
  coreFeaturesNote: z.string().min(20).optional(),
  /** People, systems, agreements and money an adopter needs: the page's one "What an adopter needs" list. */
  resourcesNeeded: z.array(z.string()).default([]),
  outcomes: z.array(outcome).default([]),
  evaluation: z
    .object({
      /** Named framework, e.g. "MAST". */
      framework: z.string().optional(),
      /** Who evaluated. */
      evaluator: z.string().optional(),
      /** MAST domains the evaluation covered. */
      mastDomains: z.array(mastDomain).default([]),
      summary: z.string().optional(),
    })
    .optional(),
  /** What an adopter should know about moving the practice elsewhere: the page's one section on transfer. */
  transferability: z.string().min(20),
  lessons: z.array(z.string()).default([]),
  /** Contact points by role, never private phone numbers. */
  contacts: z.array(z.object({ role: z.string().min(2), organisation: z.string().min(2), url: z.url().optional() })).default([]),
  resources: z.array(resourceLink).default([]),
  /** ISO 639-1 codes of the languages material is available in. */
  languages: z.array(z.string().length(2)).default(['en']),
  /** Period during which the practice ran or was offered, as free text, e.g. "since 2013". */
  period: z.string().optional(),
  /** When an editor last checked the page against its sources. */
  lastReviewed: z.coerce.date(),
}).superRefine((practice, ctx) => {
  const seen = new Set<string>();
  practice.coreFeatures.forEach((feature, index) => {
    if (seen.has(feature.id)) ctx.addIssue({ code: 'custom', path: ['coreFeatures', index, 'id'], message: `duplicate core feature id "${feature.id}"` });
    seen.add(feature.id);
  });
});
export type Practice = z.infer<typeof practiceSchema>;
