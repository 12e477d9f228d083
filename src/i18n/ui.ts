/**
 * The public site's words as one typed object, for pages that read many of them: a view of the `site` namespace of
 * the catalogue (src/i18n/messages/<code>/site.json) in the current language (src/i18n/index.ts), with the few
 * strings that take values as functions. Its type is the English catalogue's. Content is written per locale in
 * `content/`; these are the words around it.
 */
import type siteJson from './messages/en/site.json';
import { catalogues } from './catalogues.ts';
import { currentLocale, tIn } from './index.ts';
import { defaultLocale } from './locales.ts';

type Site = typeof siteJson;
export type UiStrings = Omit<Site, 'catalogue' | 'templates' | 'stories' | 'home'> & {
  catalogue: Omit<Site['catalogue'], 'showing' | 'filtered'> & { showing: (n: number, of: number) => string; filtered: (label: string) => string };
  templates: Omit<Site['templates'], 'scale'> & { scale: (min: number, max: number) => string };
  stories: Omit<Site['stories'], 'counts' | 'citation'> & { counts: (keep: number, adapt: number, drop: number) => string; citation: (version: number, approved: string, published: string) => string };
  home: Omit<Site['home'], 'steps'> & { steps: (readonly [string, string])[] };
};

/** `over` where it has a string, else English: a string a catalogue lacks stays English rather than vanish. */
function deepFill(base: unknown, over: unknown): unknown {
  if (typeof base === 'string') return typeof over === 'string' && over ? over : base;
  if (Array.isArray(base)) return base.map((b, i) => deepFill(b, Array.isArray(over) ? over[i] : undefined));
  if (base && typeof base === 'object') return Object.fromEntries(Object.entries(base).map(([k, v]) => [k, deepFill(v, (over as Record<string, unknown> | undefined)?.[k])]));
  return base;
}

const built = new Map<string, UiStrings>();
/** The strings in `locale` (the current request's by default). */
export function useStrings(locale: string = currentLocale()): UiStrings {
  let s = built.get(locale);
  if (s) return s;
  const all = catalogues();
  const filled = deepFill(all[defaultLocale].site, (all[locale] ?? all[defaultLocale]).site) as any;
  const t = tIn(locale);
  filled.home.steps = filled.home.steps.map((x: { title: string; text: string }) => [x.title, x.text] as const);
  filled.catalogue.showing = (n: number, of: number) => t('site:catalogue.showing', { n, of });
  filled.catalogue.filtered = (label: string) => t('site:catalogue.filtered', { label });
  filled.templates.scale = (min: number, max: number) => t('site:templates.scale', { min, max });
  filled.stories.counts = (keep: number, adapt: number, drop: number) => t('site:stories.counts', { keep, adapt, drop });
  filled.stories.citation = (version: number, approved: string, published: string) => t('site:stories.citation', { version, approved, published });
  built.set(locale, (s = filled as UiStrings));
  return s;
}

export { defaultLocale };
