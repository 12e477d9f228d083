/** A region profile: who lives there, how health and care are organised, and what the region brings. */
import { reference } from 'astro:content';
import { z } from 'astro/zod';
import { country, resourceLink } from './taxonomy.ts';

export const regionSchema = z.object({
  name: z.string().min(2),
  country,
  summary: z.string().min(40).max(300),
  /** "early-adopter" regions offer practices; "next-adopter" regions adopt them; "partner" regions take part otherwise. */
  role: z.enum(['early-adopter', 'next-adopter', 'partner']),
  /** Key figures, each with its source, e.g. { label: "Inhabitants", value: "1.2 million", source: "SmartCare region profile" }. */
  facts: z.array(z.object({ label: z.string(), value: z.string(), source: z.string() })).default([]),
  /** The sectors of care and what each is responsible for. */
  sectors: z.array(z.object({ name: z.string(), role: z.string().min(10) })).default([]),
  /** Organisations in the region that matter for the practices. */
  organisations: z.array(z.object({ name: z.string(), role: z.string() })).default([]),
  resources: z.array(resourceLink).default([]),
  /** The documents this page is written from, shown as its "Source" line. */
  sources: z.array(reference('sources')).min(1),
});
export type Region = z.infer<typeof regionSchema>;
