/**
 * A transfer's working language: the language its team writes its records in (`transfer.working_language`). Text
 * people typed is marked with it (`lang`) wherever a page in another language shows it, so that screen readers
 * pronounce it right and translation tools know what it is.
 */
import { currentLocale, locales } from '../../../i18n/index.ts';
import { pseudoLocale } from '../../../i18n/locales.ts';

/** The languages a transfer may work in: those the portal serves, by their own names (not the pseudo-locale). */
export const workingLanguageChoices = () => locales.filter((l) => l.code !== pseudoLocale.code).map((l) => ({ value: l.code, label: l.name, lang: l.code }));

export const isWorkingLanguage = (code: unknown): code is string => typeof code === 'string' && workingLanguageChoices().some((c) => c.value === code);

/** The `lang` to put on an element holding typed text: none when the page is in that language already. */
export const typedLang = (workingLanguage: string | null | undefined): string | undefined => {
  const code = workingLanguage || 'en';
  return code === currentLocale() ? undefined : code;
};

/**
 * A translated sentence cut where one of its values goes, so that the value (typed text) can be wrapped in its own
 * element with its own `lang`: `[before, after]`.
 */
export const around = (sentence: (slot: string) => string): [string, string] => {
  const [before = '', after = ''] = sentence('\u0000').split('\u0000');
  return [before, after];
};
