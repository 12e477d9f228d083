/**
 * The validation of one template record, built from the template's section as declared in content/templates:
 * required fields, number bounds, select options, 0–5 scores, and links that must point at records of the same
 * transfer. The form, the page and this check all read the same frontmatter.
 */
import { z } from 'astro/zod';
import type { Field, Section } from '../templates/registry.ts';

export type { Field, Section };
export type EntryData = Record<string, string | number | string[]>;
/** Ids a link field may point at, by what it links to ("<template kind>/<section id>" or "core-features"). */
export type LinkTargets = Partial<Record<NonNullable<Field['linksTo']>, string[]>>;

const asList = (v: unknown): string[] => (Array.isArray(v) ? v : typeof v === 'string' ? v.split(/\r?\n/) : []).map((s) => String(s).trim()).filter(Boolean);

const blank = (v: unknown) => (v === '' || v === undefined || v === null ? undefined : v);

/** Blank input counts as absent; absent is an error only for a required field, with a message that says so. */
function presence(schema: z.ZodType, field: Field): z.ZodType {
  return z.preprocess(blank, field.required ? z.any().refine((v) => v !== undefined, { error: `${field.label} is required.` }).pipe(schema) : schema.optional());
}

function fieldSchema(field: Field): z.ZodType {
  const label = field.label;
  switch (field.type) {
    case 'text':
    case 'textarea': {
      const max = field.type === 'text' ? 300 : 5000;
      const base = z.string({ error: `${label}: enter text.` }).trim().max(max, { error: `${label}: at most ${max} characters.` });
      return field.required ? base.min(1, { error: `${label} is required.` }) : base.optional().transform((v) => v || undefined);
    }
    case 'number':
    case 'score': {
      const min = field.type === 'score' ? 0 : field.min;
      const max = field.type === 'score' ? 5 : field.max;
      let n = z.coerce.number({ error: `${label}: enter a number.` });
      if (field.type === 'score') n = n.int({ error: `${label}: a whole number from 0 to 5.` });
      if (min !== undefined) n = n.min(min, { error: `${label}: at least ${min}.` });
      if (max !== undefined) n = n.max(max, { error: `${label}: at most ${max}.` });
      return presence(n, field);
    }
    case 'date': {
      const d = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label}: use a date like 2027-03-31.` });
      return presence(d, field);
    }
    case 'select': {
      const options = field.options ?? [];
      const s = z.string().refine((v) => options.includes(v), { error: `${label}: choose one of the options.` });
      return presence(s, field);
    }
    case 'list': {
      const list = z.array(z.string().max(300)).max(100, { error: `${label}: at most 100 items.` });
      const required = field.required ? list.refine((v) => v.length > 0, { error: `${label}: choose or add at least one.` }) : list;
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
    if ((data[f.id] as string[]).some((id) => !allowed.includes(id))) errors[f.id] = [`${f.label}: one of the chosen items no longer exists; reload the page.`];
  }
  return errors;
}

/** The value a form field shows for stored data or a failed submission. */
export function displayValue(value: unknown): string {
  if (Array.isArray(value)) return value.join('\n');
  return value === undefined || value === null ? '' : String(value);
}

/** A short label for a record, for lists, links and the traceability chain: its title field, else its first text. */
export function entryLabel(section: Section, data: EntryData): string {
  const first = section.fields.find((f) => f.role === 'title') ?? section.fields.find((f) => f.type === 'text' || f.type === 'textarea');
  const text = first ? String(data[first.id] ?? '') : '';
  return text.length > 90 ? `${text.slice(0, 87)}…` : text || '(untitled)';
}
