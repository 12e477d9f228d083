/**
 * Translation, one way for the whole portal: `t('ns:key', params)` in the language of the request being answered.
 * i18next keeps the catalogues, interpolates, chooses plural forms by the CLDR rules of Intl.PluralRules, and falls
 * back to English for a key a catalogue lacks (the completeness test keeps that from reaching CI). The language of
 * the request is set once, by the middleware (`withLocale`), and read here through AsyncLocalStorage, so that rules
 * deep in src/lib (a validation message, a notification) speak the reader's language without passing it down.
 * Something written for someone else (an e-mail, a notification) names its reader's language: `withLocale(l, fn)`
 * or `tIn(l)`.
 *
 * Why i18next (decision 0022): Starlight uses it with Astro, it is kept up (v27), typed keys from the English JSON,
 * CLDR plurals and Intl formatting built in, and catalogues stay plain JSON that translators and tools read.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import i18next from 'i18next';
import { catalogues } from './catalogues.ts';
import { defaultLocale, isLocale, localeCodes, pseudoLocale } from './locales.ts';
import { namespaces } from './namespaces.ts';
import { pseudoFormatted } from './pseudo.ts';

export { defaultLocale, isLocale, localeCodes, locales, localeInfo, prefixedLocales } from './locales.ts';

const instance = i18next.createInstance();
/** `t`'s type: keys of every namespace, checked against the English catalogue (src/i18n/i18next.d.ts). */
export type TFunction = typeof i18next.t;
void instance.init({
  resources: catalogues(),
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  supportedLngs: [...localeCodes],
  ns: [...namespaces],
  defaultNS: 'common',
  // Astro escapes every expression it renders; escaping here too would show "&amp;".
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
} as Parameters<typeof instance.init>[0]);

const current = new AsyncLocalStorage<string>();

/** Runs `fn` with `locale` as the language of everything it translates and formats. */
export function withLocale<T>(locale: string, fn: () => T): T {
  return current.run(isLocale(locale) ? locale : defaultLocale, fn);
}

/** The language of the request being answered (English outside any). */
export function currentLocale(): string {
  return current.getStore() ?? defaultLocale;
}

const fixed = new Map<string, TFunction>();
const slot = /\{\{\s*(\w+)\s*\}\}/g;
/** Options i18next reads itself: a call with any of them goes to i18next. */
const reservedOptions = new Set(['count', 'context', 'lng', 'lngs', 'ns', 'defaultValue', 'returnObjects', 'returnDetails', 'joinArrays', 'ordinal', 'interpolation', 'skipInterpolation', 'postProcess', 'replace', 'fallbackLng', 'keyPrefix']);
/**
 * A translate function bound to one language, for text written for someone else (their e-mail, say). A key asked
 * for without values is looked up once per language and kept: i18next takes a few microseconds per call, and a
 * large page asks for the same few hundred words thousands of times.
 */
export function tIn(locale: string): TFunction {
  const code = isLocale(locale) ? locale : defaultLocale;
  let f = fixed.get(code);
  if (!f) {
    const translate = instance.getFixedT(code) as unknown as (...a: unknown[]) => string;
    const plain = new Map<string, string>();
    const raw = new Map<string, string | null>();
    f = ((key: unknown, ...rest: unknown[]) => {
      if (typeof key !== 'string') return translate(key, ...rest);
      if (!rest.length) {
        let hit = plain.get(key);
        if (hit === undefined) plain.set(key, (hit = translate(key)));
        return hit;
      }
      // Values only (no count, context or options): fill the kept text's {{name}} slots; anything else, i18next.
      const values = rest[0];
      if (rest.length === 1 && values && typeof values === 'object' && !Object.keys(values).some((k) => reservedOptions.has(k))) {
        let template = raw.get(key);
        if (template === undefined) {
          const text = translate(key, { skipInterpolation: true });
          raw.set(key, (template = typeof text === 'string' && !text.includes('$t(') && !/\{\{[^}]*[,-]/.test(text) ? text : null));
        }
        if (template !== null) return template.replace(slot, (whole, name: string) => (name in values ? String((values as Record<string, unknown>)[name]) : whole));
      }
      return translate(key, ...rest);
    }) as unknown as TFunction;
    fixed.set(code, f);
  }
  return f;
}

/** Translates in the current request's language. */
export const t: TFunction = ((...args: unknown[]) => (tIn(currentLocale()) as unknown as (...a: unknown[]) => string)(...args)) as unknown as TFunction;

/** Whether a key exists (in English): for optional words, e.g. a label that only some values have. */
export const hasKey = (key: string) => instance.exists(key, { lng: defaultLocale });

/** The language tag Intl formats with: the pseudo-locale formats as English (then accents it). */
const intlTag = (locale: string) => (locale === pseudoLocale.code ? 'en-GB' : locale === 'en' ? 'en-GB' : locale);

type Formats = {
  locale: string;
  /** 7 December 2026 */
  day: (date: Date | string | number) => string;
  /** 7 Dec 2026 */
  shortDay: (date: Date | string | number) => string;
  /** December 2026 */
  month: (date: Date | string | number) => string;
  /** 7 Dec 2026, 14:05 (UTC) */
  dateTime: (date: Date | string | number) => string;
  number: (n: number, options?: Intl.NumberFormatOptions) => string;
  /** 0.25 → 25 % (as the locale writes it) */
  percent: (fraction: number, digits?: number) => string;
  /** a, b and c */
  list: (items: string[], type?: 'conjunction' | 'disjunction') => string;
  /** A language's name: da → "Danish" (in English), "dansk" (in Danish). */
  language: (code: string) => string;
};

const formatsCache = new Map<string, Formats>();
/** Dates, numbers, percentages and lists as the current (or given) language writes them; dates in UTC. */
export function formats(locale = currentLocale()): Formats {
  let f = formatsCache.get(locale);
  if (f) return f;
  const tag = intlTag(locale);
  const mark = locale === pseudoLocale.code ? pseudoFormatted : (s: string) => s;
  const asDate = (d: Date | string | number) => (d instanceof Date ? d : new Date(typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) ? `${d}T00:00:00Z` : d));
  const dayF = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const shortF = new Intl.DateTimeFormat(tag, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const monthF = new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const timeF = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const numberF = new Intl.NumberFormat(tag);
  // Making a formatter costs tens of microseconds, using one a fraction of that: a chart formats hundreds of numbers.
  const numberFs = new Map<string, Intl.NumberFormat>();
  const numberWith = (options: Intl.NumberFormatOptions) => {
    const key = JSON.stringify(options);
    let nf = numberFs.get(key);
    if (!nf) numberFs.set(key, (nf = new Intl.NumberFormat(tag, options)));
    return nf;
  };
  const languageF = new Intl.DisplayNames([tag], { type: 'language' });
  const listF = { conjunction: new Intl.ListFormat(tag, { type: 'conjunction' }), disjunction: new Intl.ListFormat(tag, { type: 'disjunction' }) };
  f = {
    locale,
    day: (d) => mark(dayF.format(asDate(d))),
    shortDay: (d) => mark(shortF.format(asDate(d))),
    month: (d) => mark(monthF.format(asDate(d))),
    dateTime: (d) => `${mark(timeF.format(asDate(d)))} UTC`,
    number: (n, options) => (options ? numberWith(options).format(n) : numberF.format(n)),
    percent: (fraction, digits = 0) => numberWith({ style: 'percent', maximumFractionDigits: digits }).format(fraction),
    list: (items, type = 'conjunction') => listF[type].format(items),
    language: (code) => mark(languageF.of(code) ?? code),
  };
  formatsCache.set(locale, f);
  return f;
}
