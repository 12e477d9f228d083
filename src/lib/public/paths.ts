/** The one place that knows public URLs; pages and components link through these, never by hand. */
export const paths = {
  home: () => '/',
  practices: (page = 1) => (page === 1 ? '/practices/' : `/practices/page/${page}/`),
  practice: (id: string) => `/practices/${id}/`,
  facet: (facet: string, value: string, page = 1) => `/practices/${facet}/${value.toLowerCase()}/${page === 1 ? '' : `${page}/`}`,
  visits: () => '/visits/',
  visit: (id: string) => `/visits/${id}/`,
  visitCalendar: (id: string) => `/visits/${id}.ics`,
  templates: () => '/templates/',
  template: (id: string) => `/templates/${id}/`,
  templateWorksheet: (id: string) => `/templates/${id}.md`,
  templateWorksheetDocx: (id: string) => `/templates/${id}.docx`,
  programmes: () => '/programmes/',
  programme: (id: string) => `/programmes/${id}/`,
  regions: () => '/regions/',
  region: (id: string) => `/regions/${id}/`,
  search: () => '/search/',
  feed: () => '/feed.xml',
  /** The workspace's door, for mentors and adopting teams (an on-demand page). */
  signIn: () => '/sign-in/',
  siteCard: () => '/cards/site.png',
  practiceCard: (id: string) => `/cards/practices/${id}.png`,
};
