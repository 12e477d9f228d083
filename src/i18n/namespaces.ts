/**
 * The catalogue's namespaces: one JSON file each per language in src/i18n/messages/<code>/. A namespace groups the
 * strings of one part of the portal, so that a page's words are found in one file.
 */
export const namespaces = [
  'site', // the public site: layout, pages, labels of the taxonomy
  'common', // words every workspace page shares: buttons, roles, states
  'shell', // the workspace layout, navigation, home, notifications page
  'auth', // sign-in, second factor, passwords, invitations
  'account', // the person's own settings
  'mail', // e-mail subjects and bodies
  'transfers', // transfers, their template pages, records, forms and their validation
  'review', // review pages, decisions, comments, dashboards of review
  'monitoring', // implementation: actions, indicators, cycles, workshops, charts
  'stories', // post-implementation report and adoption stories in the workspace
  'admin', // administration pages and the audit log
  'print', // print view, PDF and office exports
] as const;
export type Namespace = (typeof namespaces)[number];
