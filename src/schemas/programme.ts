/** A funded programme or project within which practices were developed or transferred. */
import { reference } from 'astro:content';
import { z } from 'astro/zod';
import { country, resourceLink } from './taxonomy.ts';

export const programmeSchema = z.object({
  title: z.string().min(3),
  /** Short name used in filters and badges, e.g. "JADECARE". */
  acronym: z.string().min(2).max(24),
  summary: z.string().min(40).max(300),
  /**
   * `start`/`end` are stored as dates but mean only as much as `precision` says: "month" is the month, "half-year"
   * the half-year; the day in them is never shown or published. `label` is what the page shows.
   */
  period: z.object({
    start: z.coerce.date(),
    end: z.coerce.date().optional(),
    precision: z.enum(['day', 'month', 'half-year', 'year']),
    label: z.string(),
  }),
  funding: z.object({
    /** Who pays, e.g. "European Commission (EU4Health)". */
    funder: z.string(),
    instrument: z.string().optional(),
    /** Amount with currency, only when a source states it. */
    amount: z.object({ value: z.number().positive(), currency: z.string().length(3) }).optional(),
    reference: z.string().optional(),
  }),
  /** Absent when no source names one; the page then says "not published". */
  coordinator: z.string().optional(),
  /** The partnership as the source words it, e.g. "48 organisations from 17 countries"; shown under "Partners". */
  partnership: z.string().min(5).optional(),
  /** Counts, only when a source states that very count of organisations or of countries (open data reads them). */
  partnerCount: z.number().int().positive().optional(),
  countryCount: z.number().int().positive().optional(),
  countries: z.array(country).default([]),
  /** What `countries` lists, shown as its label, e.g. "Countries of the practices described here". */
  countriesListed: z.string().min(5).optional(),
  /** The documents this page is written from, shown as its "Source" line. */
  sources: z.array(reference('sources')).min(1),
  /** Named partners and their role in the programme. */
  partners: z.array(z.object({ name: z.string(), country: country.optional(), role: z.string().optional() })).default([]),
  workPackages: z.array(z.object({ code: z.string(), title: z.string(), lead: z.string().optional(), summary: z.string().optional() })).default([]),
  resources: z.array(resourceLink).default([]),
}).refine((p) => p.countries.length === 0 || p.countriesListed, { error: 'say what the country list holds (countriesListed)', path: ['countriesListed'] });
export type Programme = z.infer<typeof programmeSchema>;
