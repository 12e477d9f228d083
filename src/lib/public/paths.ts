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
  adoption: (id: string) => `/adoptions/${id}/`,
  openData: () => '/data/',
  /** A file of the open data, version 1 (see src/lib/public/open-data/). */
  openDataFile: (name: string) => `/data/v1/${name}`,
  feed: () => '/feed.xml',
};
