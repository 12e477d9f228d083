/**
 * The one place that knows public URLs; pages and components link through these, never by hand. Pages of the
 * public site exist in every language (English at the root, others under `/<code>/`), so a link to one of them
 * stays in the language of the page it is on. Files that exist once, in English (feed, open data, share cards,
 * calendar files, worksheets), and the workspace's door keep one address.
 */
import { currentLocale, defaultLocale } from '../../i18n/index.ts';

/** `path` (a root-relative page path, English) in `locale`: English at the root, others under `/<code>/`. */
export const inLocale = (path: string, locale: string) => (locale === defaultLocale ? path : `/${locale}${path}`);
/** A page path in the language being rendered. */
const here = (path: string) => inLocale(path, currentLocale());

export const paths = {
  home: () => here('/'),
  practices: (page = 1) => here(page === 1 ? '/practices/' : `/practices/page/${page}/`),
  practice: (id: string) => here(`/practices/${id}/`),
  facet: (facet: string, value: string, page = 1) => here(`/practices/${facet}/${value.toLowerCase()}/${page === 1 ? '' : `${page}/`}`),
  visits: () => here('/visits/'),
  visit: (id: string) => here(`/visits/${id}/`),
  visitCalendar: (id: string) => `/visits/${id}.ics`,
  templates: () => here('/templates/'),
  template: (id: string) => here(`/templates/${id}/`),
  templateWorksheet: (id: string) => `/templates/${id}.md`,
  templateWorksheetDocx: (id: string) => `/templates/${id}.docx`,
  programmes: () => here('/programmes/'),
  programme: (id: string) => here(`/programmes/${id}/`),
  regions: () => here('/regions/'),
  region: (id: string) => here(`/regions/${id}/`),
  adoptions: () => here('/adoptions/'),
  adoption: (id: string) => here(`/adoptions/${id}/`),
  sources: () => here('/sources/'),
  source: (id: string) => here(`/sources/#${id}`),
  search: () => here('/search/'),
  openData: () => '/data/',
  /** A file of the open data, version 1 (see src/lib/public/open-data/). */
  openDataFile: (name: string) => `/data/v1/${name}`,
  feed: () => '/feed.xml',
  /** The workspace's door, for mentors and adopting teams (an on-demand page): it takes its language from `?lang=`. */
  signIn: () => (currentLocale() === defaultLocale ? '/sign-in/' : `/sign-in/?lang=${currentLocale()}`),
  siteCard: () => '/cards/site.png',
  practiceCard: (id: string) => `/cards/practices/${id}.png`,
};
