/**
 * Templates in the reader's language (contract of issue 15). Minimal version, written by helper "monitoring" so that
 * its pages can already call `optionLabel`: helper "templates" owns this module and replaces it (keep its exports).
 * Stored option values stay the canonical English ones; a field may carry `optionLabels` (canonical → shown).
 */
import type { Template } from '../../../schemas/template.ts';
import type { Field } from './registry.ts';

/** The template as the reader's language shows it (this minimal version returns it unchanged). */
export function localizeTemplate<T extends Template>(template: T, _locale: string): T {
  return template;
}

/** How a stored option value reads in the current language: its translation if the field has one, else itself. */
export function optionLabel(field: Pick<Field, 'options'> & { optionLabels?: Record<string, string> }, storedValue: string): string {
  return field.optionLabels?.[storedValue] ?? storedValue;
}
