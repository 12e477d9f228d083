/**
 * Templates in the reader's language. Minimal version for the review pages; helper "templates" owns this module and
 * its full version (the registry's getters localize sections, fields, rubric labels and option labels). Contract:
 * ids, roles, kinds and `options` stay canonical (the stored English values); a field with options gains
 * `optionLabels: Record<canonical, display>`.
 */
import { currentLocale } from '../../../i18n/index.ts';

/** The template in `locale` (this minimal version returns it as it is). */
export function localizeTemplate<T>(template: T, _locale: string = currentLocale()): T {
  return template;
}

/** A stored option value as the reader reads it: its translation, or the value itself. */
export function optionLabel(field: { id: string; optionLabels?: Record<string, string> }, storedValue: string): string {
  return field.optionLabels?.[storedValue] ?? storedValue;
}
