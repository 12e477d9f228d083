/**
 * Closed vocabularies shared by every collection. Keeping them closed (enums, not free strings) is what lets
 * the catalogue filter reliably and lets a typo in frontmatter fail the build instead of creating a new theme.
 * Labels for people live in `src/i18n/ui.ts`, so a translation never touches these ids.
 */
import { z } from 'astro/zod';

export const themeIds = [
  'chronic-care',
  'ageing',
  'population-health',
  'cross-sector-collaboration',
  'digital-infrastructure',
  'shared-care-record',
  'patient-empowerment',
  'open-innovation',
  'telemedicine',
  'health-data',
  'evaluation',
  'governance-and-financing',
] as const;
export const theme = z.enum(themeIds);
export type Theme = z.infer<typeof theme>;

/** ISO 3166-1 alpha-2 codes of the countries the content mentions; extend when a new country joins. */
export const countryIds = ['BE', 'BG', 'CZ', 'DE', 'DK', 'ES', 'HU', 'PT', 'SE', 'EU'] as const;
export const country = z.enum(countryIds);
export type Country = z.infer<typeof country>;

/**
 * Evidence levels. A practice carries one only when a cited evaluation grades it so (practice.ts `evidence`, with
 * its required source): the portal never assigns a level itself, and none of today's sources grades a practice.
 */
export const evidenceLevelIds = ['best', 'promising', 'emerging'] as const;
export const evidenceLevel = z.enum(evidenceLevelIds);
export type EvidenceLevel = z.infer<typeof evidenceLevel>;

/**
 * The five domains of the Consolidated Framework for Implementation Research (CFIR, Damschroder et al. 2009), by
 * which a post-implementation report tags each barrier and facilitator, so that stories can be compared and
 * filtered across adoptions.
 */
export const cfirDomainIds = ['intervention-characteristics', 'outer-setting', 'inner-setting', 'characteristics-of-individuals', 'process'] as const;
export const cfirDomain = z.enum(cfirDomainIds);
export type CfirDomain = z.infer<typeof cfirDomain>;

/** The stakeholder groups whose view every template asks for separately. */
export const stakeholderGroupIds = ['hospital', 'municipality', 'general-practice', 'citizens'] as const;
export const stakeholderGroup = z.enum(stakeholderGroupIds);
export type StakeholderGroup = z.infer<typeof stakeholderGroup>;

/** MAST (Model for ASsessment of Telemedicine): the seven domains plus transferability. */
export const mastDomainIds = [
  'health-problem-and-technology',
  'safety',
  'clinical-effectiveness',
  'patient-perspectives',
  'economic-aspects',
  'organisational-aspects',
  'socio-cultural-ethical-legal',
  'transferability',
] as const;
export const mastDomain = z.enum(mastDomainIds);

/** The 12 dimensions of the SCIROCCO maturity model for integrated care, each scored 0–5. */
export const maturityDimensionIds = [
  'readiness-to-change',
  'structure-and-governance',
  'digital-infrastructure',
  'process-coordination',
  'finance-and-funding',
  'removal-of-inhibitors',
  'population-approach',
  'citizen-empowerment',
  'evaluation-methods',
  'breadth-of-ambition',
  'innovation-management',
  'capacity-building',
] as const;
export const maturityDimension = z.enum(maturityDimensionIds);
export type MaturityDimension = z.infer<typeof maturityDimension>;

/** A slug used as a stable id inside a document (core features, template sections and fields). */
export const localId = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'use lower-case words joined by hyphens, e.g. "shared-care-plan"' });

/** A link to material outside the portal or a file under `public/`. */
export const resourceLink = z.object({
  /** What the reader gets, e.g. "Project page (Vinnova)". */
  title: z.string().min(3),
  /** Absolute URL, or a path starting with "/" for files in `public/`. */
  url: z.string().refine((u) => u.startsWith('/') || /^https?:\/\//.test(u), { error: 'must be an absolute URL or start with "/"' }),
  /** What kind of material it is, shown as a label. */
  kind: z.enum(['website', 'report', 'article', 'presentation', 'video', 'dataset', 'template']).default('website'),
  /** ISO 639-1 language of the material. */
  language: z.string().length(2).default('en'),
});
