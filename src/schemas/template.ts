/**
 * A template that next-adopter regions fill in. Its structure lives here, in frontmatter, because the
 * workspace builds its forms from exactly these files: the public page and the form can never disagree.
 */
import { z } from 'astro/zod';
import { localId, maturityDimension, maturityDimensionIds, stakeholderGroup } from './taxonomy.ts';

/** A question asked of everyone, or of one stakeholder group only. */
export const guidingQuestion = z.object({
  /** Omit for a question every group answers. */
  stakeholder: stakeholderGroup.optional(),
  question: z.string().min(10),
});

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
  linksTo: z.enum(['needs', 'core-features', 'objectives', 'actions']).optional(),
})
  .refine((f) => f.type !== 'select' || (f.options?.length ?? 0) >= 2, { error: 'a select field needs at least two options', path: ['options'] })
  .refine((f) => !f.linksTo || f.type === 'list', { error: 'only a "list" field can link to other records', path: ['linksTo'] })
  .refine((f) => f.min === undefined || f.max === undefined || f.min <= f.max, { error: 'min must not exceed max', path: ['min'] });

export const templateSection = z.object({
  id: localId,
  title: z.string().min(3),
  /** What the section is for, one or two sentences. */
  description: z.string().optional(),
  guidingQuestions: z.array(guidingQuestion).default([]),
  fields: z.array(templateField).default([]),
  /** false for a section filled in once per transfer (e.g. the scope); true for a list of items (needs, actions). */
  repeatable: z.boolean().default(true),
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
  /** Which workspace form the template drives. */
  kind: z.enum(['swot', 'needs-scope', 'action-plan', 'maturity']),
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
  if (t.kind === 'swot') {
    const ids = t.quadrants.map((q) => q.id).sort().join(',');
    if (ids !== 'opportunities,strengths,threats,weaknesses')
      ctx.addIssue({ code: 'custom', path: ['quadrants'], message: 'a SWOT template needs exactly the four quadrants strengths, weaknesses, opportunities and threats' });
  }
  if (t.kind === 'maturity') {
    const missing = maturityDimensionIds.filter((id) => !t.dimensions.some((d) => d.id === id));
    if (missing.length > 0 || t.dimensions.length !== maturityDimensionIds.length)
      ctx.addIssue({ code: 'custom', path: ['dimensions'], message: `a maturity template needs each of the 12 dimensions once; missing: ${missing.join(', ') || 'none (duplicates present)'}` });
  }
  if ((t.kind === 'needs-scope' || t.kind === 'action-plan') && t.sections.length === 0)
    ctx.addIssue({ code: 'custom', path: ['sections'], message: `a ${t.kind} template needs at least one section` });
  const ids = new Set<string>();
  for (const [si, s] of t.sections.entries()) {
    for (const [fi, f] of s.fields.entries()) {
      const key = `${s.id}.${f.id}`;
      if (ids.has(key)) ctx.addIssue({ code: 'custom', path: ['sections', si, 'fields', fi, 'id'], message: `duplicate field id "${key}"` });
      ids.add(key);
    }
  }
});
export type Template = z.infer<typeof templateSchema>;
