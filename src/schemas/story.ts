/**
 * An adoption story: the public account of one region's adoption of a good practice, drawn from its approved
 * post-implementation report once an editor of the adopting organisation and an assigned mentor have both consented.
 *
 * This is the one shape a story has outside the workspace. The workspace composes it (src/lib/server/stories/),
 * freezes it as JSON when both have consented, and the publication job writes every published story into one file
 * (`data/published-stories.json`, see src/lib/public/story-source.ts) from which the static site is built: the
 * story pages, the practice pages' adoption lists, search, the feed and the open data. Nothing else from the
 * workspace reaches the public site, so nothing here may name a person or carry what a team marked internal.
 */
import { z } from 'astro/zod';
import { cfirDomain, country, localId } from './taxonomy.ts';

/** The parts of a post-implementation report a team may choose to publish; each is optional in a story. */
export const storyParts = ['context', 'core-features', 'results', 'factors', 'sustainability', 'lessons'] as const;
export type StoryPart = (typeof storyParts)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a day as YYYY-MM-DD' });

export const storyCoreFeature = z.object({
  /** The core feature's id in the practice (content/practices): the public page links and names it from there. */
  feature: localId,
  /** Its name when the story was published, so a later rename in the practice does not change what was said. */
  name: z.string().min(1),
  decision: z.enum(['keep', 'adapt', 'drop']),
  /** How it was adapted, or why it was dropped (the adaptation log's note), as published. */
  how: z.string().optional(),
  /** What keeping, adapting or dropping it did. */
  effect: z.string().optional(),
});

export const storyResult = z.object({
  /** The objective or indicator, in the team's words. */
  title: z.string().min(1),
  kind: z.enum(['objective', 'indicator']),
  unit: z.string().optional(),
  /** Numbers as measured; absent where the report gives none ("not published"). */
  baseline: z.number().optional(),
  target: z.number().optional(),
  /** The latest value at the time of the report, and the period it belongs to (YYYY-MM-DD, the period's first day). */
  latest: z.object({ value: z.number(), period: isoDay }).optional(),
  /** What the team says the result was, in words. */
  result: z.string().optional(),
  /** Shown in the practice page's adoption list (at most `headlineLimit` per story). */
  headline: z.boolean().default(false),
});

/** How many headline results a story carries at most (the practice page lists them under each adoption). */
export const headlineLimit = 3;

export const storyFactor = z.object({
  kind: z.enum(['barrier', 'facilitator']),
  domain: cfirDomain,
  text: z.string().min(1),
});

export const adoptionStorySchema = z.object({
  /** Stable public id (URL segment /adoptions/<id>/); never reused after a withdrawal. */
  id: localId,
  /** The adopted practice's id in content/practices. */
  practice: localId,
  title: z.string().min(5),
  /** One or two sentences for the practice page, cards, search and the feed. */
  summary: z.string().min(20).max(400),
  /** The adopting organisation; demo organisations say so wherever the story appears. */
  organisation: z.object({ name: z.string().min(2), isDemo: z.boolean() }),
  /** Where the organisation is, when known (its region profile); absent is shown as "not published". */
  country: country.optional(),
  region: localId.optional(),
  /** From the transfer's start (or first approved plan) to the report; days as YYYY-MM-DD. */
  period: z.object({ from: isoDay, to: isoDay }),
  /** Which parts the editor and the mentor chose to publish; a part not listed is absent below. */
  parts: z.array(z.enum(storyParts)),
  context: z.string().optional(),
  coreFeatures: z.array(storyCoreFeature).default([]),
  results: z.array(storyResult).default([]),
  factors: z.array(storyFactor).default([]),
  sustainability: z.object({ funding: z.string().optional(), policy: z.string().optional(), note: z.string().optional() }).optional(),
  lessons: z.array(z.string().min(1)).default([]),
  /** The approved version of the post-implementation report the story was drawn from. */
  source: z.object({ reportVersion: z.number().int().min(1), approvedAt: z.iso.datetime() }),
  /** When both had consented and the story was published (ISO 8601, UTC). */
  publishedAt: z.iso.datetime(),
});
export type AdoptionStory = z.infer<typeof adoptionStorySchema>;

/** The file the publication job writes and the site build reads. */
export const publishedStoriesFile = z.object({
  version: z.literal(1),
  generatedAt: z.iso.datetime(),
  stories: z.array(adoptionStorySchema),
});
export type PublishedStoriesFile = z.infer<typeof publishedStoriesFile>;
