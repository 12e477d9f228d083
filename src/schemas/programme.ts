/** A funded programme or project within which practices were developed or transferred. */
import { z } from 'astro/zod';
import { country, resourceLink } from './taxonomy.ts';

export const programmeSchema = z.object({
  title: z.string().min(3),
  /** Short name used in filters and badges, e.g. "JADECARE". */
  acronym: z.string().min(2).max(24),
  summary: z.string().min(40).max(300),
  /** Years are enough when the sources give no month. */
  period: z.object({ start: z.coerce.date(), end: z.coerce.date().optional(), label: z.string() }),
  funding: z.object({
    /** Who pays, e.g. "European Commission (EU4Health)". */
    funder: z.string(),
    instrument: z.string().optional(),
    /** Amount with currency, only when a source states it. */
    amount: z.object({ value: z.number().positive(), currency: z.string().length(3) }).optional(),
    reference: z.string().optional(),
  }),
  coordinator: z.string().optional(),
  /** Counts the sources state, e.g. 48 organisations from 17 countries. */
  partnerCount: z.number().int().positive().optional(),
  countryCount: z.number().int().positive().optional(),
  countries: z.array(country).default([]),
  /** Named partners and their role in the programme. */
  partners: z.array(z.object({ name: z.string(), country: country.optional(), role: z.string().optional() })).default([]),
  workPackages: z.array(z.object({ code: z.string(), title: z.string(), lead: z.string().optional(), summary: z.string().optional() })).default([]),
  resources: z.array(resourceLink).default([]),
});
export type Programme = z.infer<typeof programmeSchema>;
