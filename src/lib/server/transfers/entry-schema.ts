/**
 * The validation of one template record, built from the template's section as declared in content/templates:
 * required fields, number bounds, select options, 0–5 scores, and links that must point at records of the same
 * transfer. The form, the page and this check all read the same frontmatter.
 */
import { z } from 'astro/zod';
import { canonicalOption } from '../templates/localize.ts';
import { t } from '../../../i18n/index.ts';
import type { Field, Section } from '../templates/registry.ts';

export type { Field, Section };
export type EntryData = Record<string, string | number | string[]>;
/** Ids a link field may point at, by what it links to ("<template kind>/<section id>" or "core-features"). */
export type LinkTargets = Partial<Record<NonNullable<Field['linksTo']>, string[]>>;

const asList = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/\r?\n/) : []).map((s) => String(s).trim()).filter(Boolean);

/**
 * The years a record's date may fall in. A transfer plans and reports on care work of this century; a date outside
 * these bounds is a typo (0001, 9999, 20277), and an unbounded one would let one record stretch the timeline chart
 * and everything scaled to it over millennia. 1900 leaves room for a baseline or founding year, 2100 for long targets.
 */
export const earliestYear = 1900;
export const latestYear = 2100;

/**
 * The records a transfer keeps per section (all of its groups together). Real plans hold tens of actions, needs or
 * SWOT items per section; 200 is several times the largest the programme has seen, and it bounds what every page
 * that lists a transfer's records (template pages, print view, review, trace) has to read and render.
 */
export const recordsPerSection = 200;

/** A real calendar day "YYYY-MM-DD" within earliestYear–latestYear, as a UTC time; else undefined. */
export function calendarDay(value: unknown): number | undefined {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < earliestYear || year > latestYear) return undefined;
  const t = Date.UTC(year, month - 1, day);
  // Date.UTC rolls 2027-02-30 over to 2 March and 2027-13-01 into 2028: a real day is one that comes back unchanged.
  const d = new Date(t);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? t : undefined;
}

/**
 * Plain decimal notation only, as people type numbers into a form: an optional minus, digits, an optional
 * fraction. Number() alone would also take 0x10 (16), 1e3, Infinity and ' ', which nobody means as a value here;
 * a comma is refused with a hint rather than guessed at (is 1,500 one and a half or fifteen hundred?).
 */
const plainDecimal = /^-?\d{1,15}(\.\d{1,15})?$/;
/** A number from a form or a CSV cell: plain decimals only (see above); anything else is NaN, which zod refuses. */
export function strictNumber(v: unknown): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v !== 'string') return v;
  const t = v.trim();
  return plainDecimal.test(t) ? Number(t) : Number.NaN;
}

// Whitespace alone is blank, not a value (a number or date field holding ' ' is one nobody filled in).
const blank = (v: unknown) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v);

/** Blank input counts as absent; absent is an error only for a required field, with a message that says so. */
function presence(schema: z.ZodType, field: Field): z.ZodType {
  return z.preprocess(blank, field.required ? z.any().refine((v) => v !== undefined, { error: () => t('transfers:validation.required', { label: field.label }) }).pipe(schema) : schema.optional());
}

function fieldSchema(field: Field): z.ZodType {
  const label = field.label;
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const max = field.type === 'text' ? 300 : 5000;
      const base = z.string({ error: () => t('transfers:validation.enterText', { label }) }).trim().max(max, { error: () => t('transfers:validation.atMostChars', { label, max }) });
      return field.required ? base.min(1, { error: () => t('transfers:validation.required', { label }) }) : base.optional().transform((v) => v || undefined);
    }
    case 'number':
    case 'score': {
      const min = field.type === 'score' ? 0 : field.min;
      const max = field.type === 'score' ? 5 : field.max;
      const hint = () => t('transfers:validation.plainNumber', { label });
      // zod 4 refuses NaN and ±Infinity, which is what strictNumber turns anything but plain digits into.
      let n = z.number({ error: hint });
      if (field.type === 'score') n = n.int({ error: () => t('transfers:validation.wholeScore', { label }) });
      if (min !== undefined) n = n.min(min, { error: () => t('transfers:validation.atLeast', { label, min }) });
      if (max !== undefined) n = n.max(max, { error: () => t('transfers:validation.atMost', { label, max }) });
      return presence(z.preprocess(strictNumber, n), field);
    }
    case 'date': {
      const d = z
        .string({ error: () => t('transfers:validation.dateFormat', { label }) })
        .trim()
        .refine((v) => /^\d{4}-\d{2}-\d{2}$/.test(v), { error: () => t('transfers:validation.dateFormat', { label }), abort: true })
        .refine((v) => calendarDay(v) !== undefined, { error: () => t('transfers:validation.realDate', { label, from: earliestYear, to: latestYear }) });
      return presence(d, field);
    }
    case 'select': {
      const options = field.options ?? [];
      // Stored canonical (the English option), whatever language the form showed it in.
      const s = z.preprocess((v) => (typeof v === 'string' ? canonicalOption(field, v) : v), z.string().refine((v) => options.includes(v), { error: () => t('transfers:validation.chooseOption', { label }) }));
      return presence(s, field);
    }
    case 'list': {
      const list = z.array(z.string().max(300)).max(100, { error: () => t('transfers:validation.atMostItems', { label }) });
      const required = field.required ? list.refine((v) => v.length > 0, { error: () => t('transfers:validation.atLeastOne', { label }) }) : list;
      return z.preprocess(asList, required);
    }
  }
}

const cache = new WeakMap<Section, z.ZodType>();

/**
 * The schema of a section's record. Built once per section (zod compiles schemas, which costs more than using them);
 * link targets, which change as records are added, are checked by `linkProblems` instead.
 */
export function entrySchema(section: Section): z.ZodType<Record<string, unknown>> {
  let schema = cache.get(section);
  if (!schema) cache.set(section, (schema = z.object(Object.fromEntries(section.fields.map((f) => [f.id, fieldSchema(f)])))));
  return schema as z.ZodType<Record<string, unknown>>;
}

/** Field errors for links that point at nothing this transfer has (a record deleted meanwhile, or a forged id). */
export function linkProblems(section: Section, data: Record<string, unknown>, links: LinkTargets): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const f of section.fields) {
    if (!f.linksTo || !Array.isArray(data[f.id])) continue;
    const allowed = links[f.linksTo] ?? [];
    if ((data[f.id] as string[]).some((id) => !allowed.includes(id))) errors[f.id] = [t('transfers:validation.linkGone', { label: f.label })];
  }
  return errors;
}

/** The value a form field shows for stored data or a failed submission. */
export function displayValue(value: unknown): string {
  if (Array.isArray(value)) return value.join('\n');
  return value === undefined || value === null ? '' : String(value);
}

/**
 * A short label for a record, for lists, links and the traceability chain: its title field, else its first text, cut
 * to `max` characters (print and PDF pass Infinity: a printed link is read in full).
 */
export function entryLabel(section: Section, data: EntryData, max = 90): string {
  const first = section.fields.find((f) => f.role === 'title') ?? section.fields.find((f) => f.type === 'text' || f.type === 'textarea');
  const text = first ? String(data[first.id] ?? '') : '';
  return text.length > max ? `${text.slice(0, max - 3)}…` : text || t('transfers:form.untitled');
}
