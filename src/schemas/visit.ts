/** A study visit, workshop, seminar or event where practices are shown to other regions. */
import { reference } from 'astro:content';
import { z } from 'astro/zod';
import { country, resourceLink } from './taxonomy.ts';

export const visitSchema = z.object({
  title: z.string().min(5),
  /** One or two sentences for cards and search results. */
  summary: z.string().min(40).max(300),
  /** "study-visit" is hosted by a practice owner for adopters; "event" and "seminar" are wider gatherings. */
  kind: z.enum(['study-visit', 'event', 'seminar', 'workshop']),
  /** Hosting organisation. */
  host: z.string().min(2),
  /** Practices the visit relates to (shown as "Related practices": a source may not say which were presented). */
  practices: z.array(reference('practices')).default([]),
  programme: reference('programmes').optional(),
  country: country.optional(),
  /**
   * When it happens. `precision` says how much the sources tell: "day" gives a calendar file;
   * "month" and "half-year" are shown as such, never as an invented date; "not-published" means no source dates
   * it, and `start`/`end` then only bound the window the sources allow (e.g. the project's period), for ordering.
   */
  when: z.object({
    start: z.coerce.date(),
    end: z.coerce.date().optional(),
    precision: z.enum(['day', 'month', 'half-year', 'not-published']).default('day'),
    /** Local times for calendar files, e.g. "09:00"; omitted for all-day entries. */
    startTime: z.string().regex(/^\d{2}:\d{2}$/).optional(),
    endTime: z.string().regex(/^\d{2}:\d{2}$/).optional(),
    /** IANA time zone of the times, e.g. "Europe/Copenhagen". */
    timeZone: z.string().default('Europe/Brussels'),
  }),
  /** How people take part; "not-published" when no source says, which the page shows in the field. */
  format: z.enum(['on-site', 'online', 'hybrid', 'not-published']),
  /** Place for on-site and hybrid visits. */
  location: z.string().optional(),
  /** Objectives a source states for this visit; empty means not published (shown so), never inferred ones. */
  learningObjectives: z.array(z.string()).default([]),
  agenda: z.array(z.object({ time: z.string().optional(), topic: z.string().min(3), presenter: z.string().optional() })).default([]),
  /** Cases a source says the host presented; empty means not published (shown so), never likely themes. */
  cases: z.array(z.string()).default([]),
  materials: z.array(resourceLink).default([]),
  /** The documents this page is written from, shown as its "Source" line. */
  sources: z.array(reference('sources')).min(1),
  /** What happened afterwards: learning logs, action plans, next meetings. */
  followUp: z.string().optional(),
}).refine((v) => !v.when.end || v.when.end >= v.when.start, { error: 'end must not be before start', path: ['when', 'end'] });
export type Visit = z.infer<typeof visitSchema>;
