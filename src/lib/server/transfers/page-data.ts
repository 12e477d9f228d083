/** Glue between a transfer's pages and its data: templates by kind, link choices, and form values by field. */
import type { LinkTargets, Section } from './entry-schema.ts';
import { entryLabel } from './entry-schema.ts';
import type { Entry } from './queries.ts';
import { groupLinkTargets, linkTargetsOfAll } from '../templates/registry.ts';

/**
 * A template page's path, transfer id and kind, for the kinds given (the template registry's, or the built
 * /data/workspace-forms.json's where the content collections are not available).
 */
export const templatePagePattern = (kinds: Iterable<string>) => new RegExp(`^/workspace/transfers/([0-9a-f-]{36})/(${[...kinds].join('|')})/?$`);

/** How a core-feature decision reads on the overview and in the review. */

export type Choice = { id: string; label: string };
export type LinkChoices = Partial<Record<keyof LinkTargets, Choice[]>>;

/**
 * What each link target any template names can point at, with labels: the records of that section of this
 * transfer ("<kind>/<section>"), and the practice's core features. Worked out as `listLinkTargetIds` works out the
 * ids a save accepts (`groupLinkTargets`).
 */
export function linkChoices(entries: Entry[], sectionsById: ReadonlyMap<string, Section>, features: { id: string; name: string }[]): LinkChoices {
  return groupLinkTargets(
    linkTargetsOfAll(sectionsById.values()),
    entries,
    features,
    (e, key) => ({ id: e.id, label: entryLabel(sectionsById.get(key)!, e.data) }),
    (f) => ({ id: f.id, label: f.name }),
  );
}

/** A posted form, as `readForm` (pages) and the server's direct save path both read it. */
export type { PostedForm as FormFields } from '../http.ts';
import type { PostedForm as FormFields } from '../http.ts';

/** Form fields are named "f.<field id>"; list fields may repeat (checkboxes). */
export function valuesFromForm(form: FormFields, section: Section, prefix = 'f.'): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of section.fields) {
    const all = form.getAll(`${prefix}${field.id}`).filter((v): v is string => typeof v === 'string');
    values[field.id] = field.type === 'list' && field.linksTo ? all : (all[0] ?? '');
  }
  return values;
}


/** Everything typed into a record's form ("f.<field>" values), one block per field: what to give back when it cannot be saved. */
export function typedRecordText(form: FormFields): string {
  const text: string[] = [];
  for (const [key, value] of form) if (key.startsWith('f.') && value.trim()) text.push(value.trim());
  return text.join('\n\n');
}
