/** One URL per public page type, shared by the accessibility, print and phone checks. */
export const publicPages = {
  home: '/',
  catalogue: '/practices/',
  'catalogue filtered': '/practices/country/dk/',
  practice: '/practices/shared-care-platform/',
  visits: '/visits/',
  visit: '/visits/2022-05-11-southern-denmark-online-study-visit/',
  templates: '/templates/',
  'SWOT template': '/templates/swot/',
  'maturity template': '/templates/maturity-self-assessment/',
  programmes: '/programmes/',
  programme: '/programmes/jadecare/',
  regions: '/regions/',
  region: '/regions/southern-denmark/',
  sources: '/sources/',
  search: '/search/',
  'not found': '/no-such-page/',
} as const;
