/**
 * Every public page exists once per language from one route file under `src/pages/[...lang]/`: the rest parameter
 * `lang` is undefined for English (the root URLs, unchanged) and the code for each other language (`/da/…`). One
 * file per page type, so no page can exist in English and be forgotten in another language. The middleware sets the
 * language from the prefix (src/lib/server/request-locale.ts), so the page's strings, formats and content follow it.
 * A rest parameter ranks below every other route and Astro never answers on-demand requests with a prerendered
 * route, so it shadows no workspace or sign-in page.
 */
import { configuredLocales, defaultLocale, prefixedLocales, pseudoLocale } from '../../i18n/locales.ts';

/** The `lang` parameter of each language: undefined (the root) for English. */
export const languageParams = (): (string | undefined)[] => [undefined, ...prefixedLocales()];

/** getStaticPaths for a page with no other parameter: one page per language. */
export const inEveryLanguage = () => languageParams().map((lang) => ({ params: { lang } }));

/** The given paths of a page, once per language. */
export function everyLanguageOf<P extends { params: Record<string, string | undefined>; props?: Record<string, unknown> }>(paths: P[]) {
  return languageParams().flatMap((lang) => paths.map((p) => ({ ...p, params: { ...p.params, lang } })));
}

// Every code a page may be built under, served or not: a path's prefix is a language whether or not this process
// serves it (tests read the test build, which has the pseudo-locale, from a process that may not).
const prefixes = new Set([...configuredLocales, pseudoLocale].map((l) => l.code).filter((c) => c !== defaultLocale));

/** The language a page path is in (its prefix, or English) and the path without the prefix. */
export function splitLocale(pathname: string): { locale: string; path: string } {
  const [, first, ...rest] = pathname.split('/');
  if (first && prefixes.has(first)) return { locale: first, path: `/${rest.join('/')}` };
  return { locale: defaultLocale, path: pathname };
}
