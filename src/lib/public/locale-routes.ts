/**
 * Every public page exists once per language from one route file under `src/pages/[...lang]/`: the rest parameter
 * `lang` is undefined for English (the root URLs, unchanged) and the code for each other language (`/da/…`). One
 * file per page type, so no page can exist in English and be forgotten in another language. The middleware sets the
 * language from the prefix (src/lib/server/request-locale.ts), so the page's strings, formats and content follow it.
 * A rest parameter ranks below every other route and Astro never answers on-demand requests with a prerendered
 * route, so it shadows no workspace or sign-in page.
 */
import { defaultLocale, localeCodes, prefixedLocales } from '../../i18n/locales.ts';

/** The `lang` parameter of each language: undefined (the root) for English. */
export const languageParams = (): (string | undefined)[] => [undefined, ...prefixedLocales()];

/** getStaticPaths for a page with no other parameter: one page per language. */
export const inEveryLanguage = () => languageParams().map((lang) => ({ params: { lang } }));

/** The given paths of a page, once per language. */
export function everyLanguageOf<P extends { params: Record<string, string | undefined>; props?: Record<string, unknown> }>(paths: P[]) {
  return languageParams().flatMap((lang) => paths.map((p) => ({ ...p, params: { ...p.params, lang } })));
}

/** The page languages a path is in: its prefix, or English. */
export function splitLocale(pathname: string): { locale: string; path: string } {
  const [, first, ...rest] = pathname.split('/');
  if (first && first !== defaultLocale && localeCodes.includes(first)) return { locale: first, path: `/${rest.join('/')}` };
  return { locale: defaultLocale, path: pathname };
}
