/**
 * The portal's languages: one line each. Adding a language is its catalogue folder (`src/i18n/messages/<code>/`,
 * the same files and keys as English; `tests/unit/i18n-catalogues.test.ts` fails until every key is there) and one
 * line below. English is the default and lives at the root URLs; every other language under `/<code>/`.
 *
 * `interface` says who translated the catalogue (the words around the content): 'machine' catalogues are marked
 * as machine translations, not yet reviewed, on every page that uses them, as the EU institutions mark theirs.
 */
export type LocaleInfo = {
  /** BCP 47 tag, lower case: the URL prefix, the `lang` attribute, the catalogue folder, and what Intl formats with. */
  code: string;
  /** The language's name in itself, for the language switcher. */
  name: string;
  /** Its name in English, for people who cannot read the endonym and for logs. */
  english: string;
  interface: 'original' | 'human' | 'machine';
};

const configured: LocaleInfo[] = [
  { code: 'en', name: 'English', english: 'English', interface: 'original' },
  { code: 'da', name: 'Dansk', english: 'Danish', interface: 'machine' },
  { code: 'de', name: 'Deutsch', english: 'German', interface: 'machine' },
  { code: 'es', name: 'Español', english: 'Spanish', interface: 'machine' },
  { code: 'sv', name: 'Svenska', english: 'Swedish', interface: 'machine' },
  { code: 'ca', name: 'Català', english: 'Catalan', interface: 'machine' },
  { code: 'eu', name: 'Euskara', english: 'Basque', interface: 'machine' },
];

/**
 * The pseudo-locale (`qps`, a private-use tag): every English string with its letters accented and bracketed,
 * generated from the English catalogue (src/i18n/pseudo.ts). Tests turn it on (PORTAL_PSEUDO_LOCALE=1) and fail on
 * any plain English word left on a page: a string that does not come from the catalogue.
 */
export const pseudoLocale: LocaleInfo = { code: 'qps', name: '[Ƥšéûðö]', english: 'Pseudo-locale (tests)', interface: 'machine' };

export const defaultLocale = 'en';

/**
 * The languages this process serves: all configured ones, or those PORTAL_LOCALES lists (a benchmark builds
 * English only to compare), plus the pseudo-locale when PORTAL_PSEUDO_LOCALE=1.
 */
function active(env: Record<string, string | undefined>): LocaleInfo[] {
  const only = env.PORTAL_LOCALES?.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const chosen = only?.length ? configured.filter((l) => l.code === defaultLocale || only.includes(l.code)) : configured;
  return env.PORTAL_PSEUDO_LOCALE === '1' ? [...chosen, pseudoLocale] : chosen;
}

export const locales: readonly LocaleInfo[] = active(typeof process === 'undefined' ? {} : process.env);
export const localeCodes: readonly string[] = locales.map((l) => l.code);
/** Every language with a catalogue, served or not: what the completeness test checks. */
export const configuredLocales: readonly LocaleInfo[] = configured;

export const isLocale = (code: unknown): code is string => typeof code === 'string' && localeCodes.includes(code);
export const localeInfo = (code: string): LocaleInfo => locales.find((l) => l.code === code) ?? configured[0];
/** The languages other than English: the ones with a URL prefix. */
export const prefixedLocales = (): string[] => localeCodes.filter((c) => c !== defaultLocale);
