/**
 * The open data's published shape, version 1: one record schema per dataset, each field described here. These
 * schemas are the contract (their JSON Schema is published beside each file, see json-schema.ts); the content
 * schemas in src/schemas/ may change, and the mapping in records.ts keeps v1 as it is. The version policy (on the
 * /data/ page and in docs/decisions/0019-open-data.md): v1 only gains fields; renaming, removing or retyping one
 * publishes v2 beside it.
 *
 * Conventions: a value the sources do not give is null, never a placeholder; lists are always present, possibly
 * empty; dates are ISO 8601 at the precision they are known (see partial-dates.ts).
 */
import { z } from 'astro/zod';
import { cfirDomain, country, evidenceLevel, localId, mastDomain, maturityDimension, theme } from '../../../schemas/taxonomy.ts';
import { partialDatePattern } from './partial-dates.ts';

const text = (description: string) => z.string().meta({ description });
const maybe = <T extends z.ZodType>(schema: T, description: string) => schema.nullable().meta({ description: `${description} Null when not published.` });
const partialDate = z.string().regex(partialDatePattern).meta({ description: 'ISO 8601 date at its known precision: YYYY-MM-DD, YYYY-MM or YYYY.' });
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const id = localId.meta({ description: 'Stable identifier; also the last segment of the page URL.' });
const pageUrl = z.url().meta({ description: 'The record’s public page.' });
const sources = z.array(localId).meta({ description: 'The source documents the record is written from (sources dataset).' });
const precision = z.enum(['day', 'month', 'half-year', 'year', 'not-published']).meta({ description: 'How precisely the sources date it; "not-published": no source does, and start and end are null.' });

const link = z.object({
  title: text('What the reader gets.'),
  url: text('Absolute URL of the material.'),
  kind: z.enum(['website', 'report', 'article', 'presentation', 'video', 'dataset', 'template']),
  language: text('ISO 639-1 language of the material.'),
});

export const practiceRecord = z.object({
  id,
  url: pageUrl,
  title: text('Full title as the owner names it.'),
  summary: text('One or two sentences.'),
  owner: text('Organisation that owns and offers the practice.'),
  region: localId.meta({ description: 'The owner’s region (regions dataset).' }),
  country: country.meta({ description: 'ISO 3166-1 alpha-2 country code ("EU" for the Union as a whole).' }),
  programmes: z.array(localId).meta({ description: 'Programmes in which it was offered or developed (programmes dataset).' }),
  themes: z.array(theme),
  recognition: z.object({ label: text('What the cited source calls the practice, in its words.'), source: localId.meta({ description: 'The source that says so.' }) }),
  evidence: maybe(
    z.object({ level: evidenceLevel, evaluation: text('The evaluation that grades it.'), source: localId.meta({ description: 'The source of that evaluation.' }) }),
    'An evidence level, only where a cited evaluation grades the practice.',
  ),
  sources,
  targetPopulation: text('Who benefits.'),
  careSettings: z.array(z.string()),
  coreFeatures: z
    .array(
      z.object({
        id: localId.meta({ description: 'Stable id within the practice; adoptions refer to it.' }),
        name: z.string(),
        description: z.string(),
        kind: z.enum(['essential', 'adaptable']).meta({ description: '"essential": the practice does not work without it; "adaptable": adopters may change it.' }),
        prerequisites: z.array(z.string()),
        requiredMaturity: z
          .array(z.object({ dimension: maturityDimension, level: z.number().int().min(0).max(5) }))
          .meta({ description: 'Minimum level (0–5) on SCIROCCO maturity dimensions, where the owner states one.' }),
      }),
    )
    .meta({ description: 'The building blocks of the practice: the unit of transfer.' }),
  coreFeaturesNote: maybe(z.string(), 'What the core features rest on when not taken from a cited source.'),
  resourcesNeeded: z.array(z.string()).meta({ description: 'People, systems, agreements and money an adopter needs.' }),
  outcomes: z
    .array(z.object({ indicator: z.string(), baseline: maybe(z.string(), 'Value before the practice.'), result: z.string(), source: text('Where the figure comes from.') }))
    .meta({ description: 'Outcomes as reported by the cited sources.' }),
  evaluation: maybe(
    z.object({ framework: maybe(z.string(), 'Named framework, e.g. MAST.'), evaluator: maybe(z.string(), 'Who evaluated.'), mastDomains: z.array(mastDomain), summary: maybe(z.string(), 'What it found.') }),
    'The evaluation of the practice.',
  ),
  transferability: text('What an adopter should know about moving the practice elsewhere.'),
  lessons: z.array(z.string()),
  contacts: z.array(z.object({ role: z.string(), organisation: z.string(), url: maybe(z.string(), 'Contact page.') })).meta({ description: 'Contact points by role; never a person.' }),
  resources: z.array(link).meta({ description: 'The sources and material the page is written from.' }),
  languages: z.array(z.string()).meta({ description: 'ISO 639-1 codes of the languages material is available in.' }),
  period: maybe(z.string(), 'When the practice ran or was offered, in words.'),
  lastReviewed: isoDay.meta({ description: 'When an editor last checked the page against its sources (YYYY-MM-DD).' }),
});

export const adoptionRecord = z.object({
  id,
  url: pageUrl,
  practice: localId.meta({ description: 'The adopted practice (practices dataset).' }),
  title: z.string(),
  summary: z.string(),
  organisation: z.object({ name: text('The adopting organisation.'), isDemo: z.boolean().meta({ description: 'True for the portal’s invented demonstration organisations.' }) }),
  country: maybe(country, 'Country of the adopting organisation.'),
  region: maybe(localId, 'Region profile of the adopting organisation (regions dataset).'),
  period: z.object({ from: isoDay, to: isoDay }).meta({ description: 'From the start of the transfer to the report (YYYY-MM-DD).' }),
  parts: z.array(z.enum(['context', 'core-features', 'results', 'factors', 'sustainability', 'lessons'])).meta({ description: 'The parts of the report the adopter and the mentor chose to publish; the others are empty or null.' }),
  context: maybe(z.string(), 'The local context.'),
  coreFeatures: z
    .array(z.object({ feature: localId.meta({ description: 'Core feature id in the practice.' }), name: z.string(), decision: z.enum(['keep', 'adapt', 'drop']), how: maybe(z.string(), 'How it was adapted or why dropped.'), effect: maybe(z.string(), 'What the decision did.') }))
    .meta({ description: 'What was kept, adapted or dropped of each core feature.' }),
  results: z
    .array(
      z.object({
        title: z.string(),
        kind: z.enum(['objective', 'indicator']),
        unit: maybe(z.string(), 'Unit of the numbers.'),
        baseline: maybe(z.number(), 'Baseline as measured.'),
        target: maybe(z.number(), 'Target.'),
        latest: maybe(z.object({ value: z.number(), period: isoDay.meta({ description: 'First day of the period measured.' }) }), 'Latest measurement at the time of the report.'),
        result: maybe(z.string(), 'The result in words.'),
        headline: z.boolean(),
      }),
    )
    .meta({ description: 'Results against the objectives and indicators of the plan.' }),
  factors: z.array(z.object({ kind: z.enum(['barrier', 'facilitator']), domain: cfirDomain.meta({ description: 'CFIR domain.' }), text: z.string() })),
  sustainability: maybe(z.object({ funding: maybe(z.string(), 'Funding secured.'), policy: maybe(z.string(), 'Policy commitments.'), note: maybe(z.string(), 'Other notes.') }), 'Sustainability.'),
  lessons: z.array(z.string()),
  reportVersion: z.number().int().min(1).meta({ description: 'Version of the approved post-implementation report the story was drawn from.' }),
  reportApprovedAt: z.iso.datetime().meta({ description: 'When that report was approved (UTC).' }),
  publishedAt: z.iso.datetime().meta({ description: 'When the story was published (UTC).' }),
});

export const visitRecord = z.object({
  id,
  url: pageUrl,
  title: z.string(),
  summary: z.string(),
  kind: z.enum(['study-visit', 'event', 'seminar', 'workshop']),
  host: text('Hosting organisation.'),
  practices: z.array(localId).meta({ description: 'Practices presented (practices dataset).' }),
  programme: maybe(localId, 'Programme (programmes dataset).'),
  country: maybe(country, 'Country where it took place.'),
  when: z
    .object({
      precision,
      start: maybe(partialDate, 'First day (YYYY-MM-DD) or the month (YYYY-MM); for a half-year, the first month of that half-year.'),
      end: maybe(partialDate, 'Last day or month; for a half-year, its last month.'),
      startTime: maybe(z.string().regex(/^\d{2}:\d{2}$/), 'Local start time (HH:MM).'),
      endTime: maybe(z.string().regex(/^\d{2}:\d{2}$/), 'Local end time (HH:MM).'),
      timeZone: maybe(z.string(), 'IANA time zone of the times.'),
    })
    .meta({ description: 'When it took place, no more precisely than the sources say.' }),
  format: maybe(z.enum(['on-site', 'online', 'hybrid']), 'How people took part.'),
  sources,
  location: maybe(z.string(), 'Place of an on-site or hybrid visit.'),
  learningObjectives: z.array(z.string()),
  agenda: z.array(z.object({ time: maybe(z.string(), 'Time slot.'), topic: z.string(), presenter: maybe(z.string(), 'Presenting organisation or role.') })),
  cases: z.array(z.string()).meta({ description: 'Cases the host presented.' }),
  materials: z.array(link),
  followUp: maybe(z.string(), 'What happened afterwards.'),
});

export const programmeRecord = z.object({
  id,
  url: pageUrl,
  title: z.string(),
  acronym: z.string(),
  summary: z.string(),
  period: z
    .object({
      label: text('The period as the sources give it.'),
      precision,
      start: maybe(partialDate, 'Start at its precision; for a half-year, the first month of that half-year.'),
      end: maybe(partialDate, 'End at its precision; for a half-year, the last month of that half-year.'),
    })
    .meta({ description: 'When the programme ran.' }),
  funding: z.object({
    funder: text('Who pays.'),
    instrument: maybe(z.string(), 'Funding instrument.'),
    amount: maybe(z.object({ value: z.number(), currency: z.string().length(3) }), 'Amount, with its ISO 4217 currency.'),
    reference: maybe(z.string(), 'Grant or call reference.'),
  }),
  coordinator: maybe(z.string(), 'Coordinating organisation.'),
  partnership: maybe(z.string(), 'The partnership as the source words it.'),
  partnerCount: maybe(z.number().int(), 'Number of partner organisations, only when a source states that count.'),
  countryCount: maybe(z.number().int(), 'Number of countries, only when a source states that count.'),
  countries: z.array(country).meta({ description: 'Countries listed on the programme page; countriesListed says which they are.' }),
  countriesListed: maybe(z.string(), 'What the country list holds.'),
  partners: z.array(z.object({ name: z.string(), country: maybe(country, 'Country.'), role: maybe(z.string(), 'Role in the programme.') })).meta({ description: 'The partners the sources name.' }),
  workPackages: z.array(z.object({ code: z.string(), title: z.string(), lead: maybe(z.string(), 'Leading organisation.'), summary: maybe(z.string(), 'What it did.') })),
  resources: z.array(link),
  sources,
});

export const regionRecord = z.object({
  id,
  url: pageUrl,
  name: z.string(),
  country,
  summary: z.string(),
  role: z.enum(['early-adopter', 'next-adopter', 'partner']).meta({ description: '"early-adopter" regions offer practices, "next-adopter" regions adopt them.' }),
  facts: z.array(z.object({ label: z.string(), value: z.string(), source: z.string() })).meta({ description: 'Key figures, each with its source.' }),
  sectors: z.array(z.object({ name: z.string(), role: z.string() })).meta({ description: 'Sectors of care and what each is responsible for.' }),
  organisations: z.array(z.object({ name: z.string(), role: z.string() })),
  resources: z.array(link),
  sources,
});

export const sourceRecord = z.object({
  id: localId.meta({ description: 'Stable identifier; records cite sources by it.' }),
  url: pageUrl.meta({ description: 'The document’s entry on the portal’s sources page.' }),
  title: text('The document’s own title.'),
  publisher: text('Who published it, as far as the document says.'),
  kind: text('What kind of document it is.'),
  documentUrl: maybe(z.string(), 'The document’s public address, only when it gives one.'),
  covers: text('What in the portal rests on it.'),
  caveat: maybe(z.string(), 'What a reader should weigh before relying on it.'),
});

export const recordSchemas = {
  practices: practiceRecord,
  adoptions: adoptionRecord,
  visits: visitRecord,
  programmes: programmeRecord,
  regions: regionRecord,
  sources: sourceRecord,
} as const;
export type DatasetId = keyof typeof recordSchemas;
export type RecordOf<D extends DatasetId> = z.infer<(typeof recordSchemas)[D]>;

/** Every dataset file: who made it and under which licence, then its records. */
export const datasetFile = <T extends z.ZodType>(records: T) =>
  z.object({
    $schema: z.url().meta({ description: 'The JSON Schema of this file.' }),
    dataset: z.string(),
    version: z.literal('1'),
    generatedAt: z.iso.datetime().meta({ description: 'When the site was built (UTC).' }),
    licence: z.object({ name: z.string(), url: z.url() }),
    attribution: text('How to credit the data, and that the cited sources keep their own terms.'),
    records: z.array(records),
  });
