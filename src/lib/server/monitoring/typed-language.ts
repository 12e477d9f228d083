import { currentLocale } from '../../../i18n/index.ts';

/**
 * The `lang` of text people typed in a transfer (update notes, cycle texts, measurement notes): the transfer's
 * working language, or undefined when the page is already in it (no attribute needed).
 */
export const typedLang = (workingLanguage: string | undefined): string | undefined =>
  workingLanguage && workingLanguage !== currentLocale() ? workingLanguage : undefined;
