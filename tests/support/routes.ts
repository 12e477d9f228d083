/**
 * The on-demand routes (route files with `export const prerender = false`), a URL that reaches each, and the demo
 * people to sign in as: shared by the permission matrix and the hostile-input property test, so both cover every
 * route there is.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { listFiles, root } from './site.ts';

export const actors = ['anonymous', 'viewer', 'editor', 'mentor', 'unassignedMentor', 'coordinator', 'otherOrganisationEditor'] as const;
export type ActorName = (typeof actors)[number];
export const emails: Record<Exclude<ActorName, 'anonymous'>, string> = {
  viewer: 'viewer@demo.example',
  editor: 'editor@demo.example',
  mentor: 'mentor@demo.example',
  unassignedMentor: 'mentor.basque@demo.example',
  coordinator: 'coordinator@demo.example',
  otherOrganisationEditor: 'editor.lakeside@demo.example',
};

const T = '{transfer}';
const E = '{entry}';
const A = '{action}';
const W = '{workshop}';
/** Route file → the URL to request; {transfer} is the Northland demo transfer, {entry} a record of it (routeUrl fills them in). */
export const routeUrls: Record<string, string> = {
  'workspace/not-found.astro': '/workspace/not-found/',
  'workspace/resume/[id].astro': '/workspace/resume/00000000-0000-0000-0000-000000000000/',
  'workspace/transfers/index.astro': '/workspace/transfers/',
  'workspace/transfers/[id]/index.astro': `/workspace/transfers/${T}/`,
  'workspace/transfers/[id]/[template].astro': `/workspace/transfers/${T}/swot/`,
  'workspace/transfers/[id]/entries/[entryId].astro': `/workspace/transfers/${T}/entries/${E}/`,
  'workspace/transfers/[id]/trace.astro': `/workspace/transfers/${T}/trace/`,
  'workspace/transfers/[id]/print.astro': `/workspace/transfers/${T}/print/`,
  'workspace/transfers/[id]/export.json.ts': `/workspace/transfers/${T}/export.json`,
  'workspace/transfers/[id]/export.csv.ts': `/workspace/transfers/${T}/export.csv`,
  'workspace/transfers/[id]/export.xlsx.ts': `/workspace/transfers/${T}/export.xlsx`,
  'workspace/transfers/[id]/export/[section].csv.ts': `/workspace/transfers/${T}/export/action-plan.actions.csv`,
  'workspace/transfers/[id]/review/index.astro': `/workspace/transfers/${T}/review/`,
  'workspace/transfers/[id]/review/[stage].astro': `/workspace/transfers/${T}/review/situation/`,
  'workspace/notifications.astro': '/workspace/notifications/',
  'workspace/cohort.astro': '/workspace/cohort/',
  'workspace/programme.astro': '/workspace/programme/',
  'sign-in.astro': '/sign-in/',
  'sign-out.ts': '/sign-out/',
  'forgot-password.astro': '/forgot-password/',
  'reset-password/[token].astro': '/reset-password/00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa/',
  'invitations/[token].astro': '/invitations/00000000-0000-0000-0000-000000000000.aaaaaaaaaaaaaaaaaaaaaaaa/',
  'forbidden.astro': '/forbidden/',
  'workspace/index.astro': '/workspace/',
  'workspace/account.astro': '/workspace/account/',
  'workspace/account/two-factor.astro': '/workspace/account/two-factor/',
  'workspace/account/passkey-options.ts': '/workspace/account/passkey-options',
  'sign-in/passkey-options.ts': '/sign-in/passkey-options',
  'sign-in/second-factor.astro': '/sign-in/second-factor/',
  'admin/index.astro': '/admin/',
  'admin/users.astro': '/admin/users/',
  'admin/invitations.astro': '/admin/invitations/',
  'admin/outbox.astro': '/admin/outbox/',
  'admin/audit.astro': '/admin/audit/',
  'admin/audit.csv.ts': '/admin/audit.csv',
  'admin/organisations.astro': '/admin/organisations/',
  'admin/publication.astro': '/admin/publication/',
  'workspace/transfers/[id]/manage.astro': `/workspace/transfers/${T}/manage/`,
  'workspace/transfers/[id]/kpis/index.astro': `/workspace/transfers/${T}/kpis/`,
  'workspace/transfers/[id]/kpis/[kpiId].astro': `/workspace/transfers/${T}/kpis/{kpi}/`,
  'workspace/transfers/[id]/kpis/[kpiId].csv.ts': `/workspace/transfers/${T}/kpis/{kpi}.csv`,
  'workspace/transfers/[id]/kpis/import.astro': `/workspace/transfers/${T}/kpis/import/`,
  'workspace/transfers/[id]/monitoring.astro': `/workspace/transfers/${T}/monitoring/`,
  'workspace/transfers/[id]/actions/[actionId].astro': `/workspace/transfers/${T}/actions/${A}/`,
  'workspace/transfers/[id]/workshops/[workshopId].astro': `/workspace/transfers/${T}/workshops/${W}/`,
  'workspace/transfers/[id]/deleted.astro': `/workspace/transfers/${T}/deleted/`,
  'workspace/transfers/[id]/entries/[entryId]/delete.astro': `/workspace/transfers/${T}/entries/${E}/delete/`,
  'workspace/transfers/[id]/transfer.pdf.ts': `/workspace/transfers/${T}/transfer.pdf`,
  'workspace/transfers/[id]/story.astro': `/workspace/transfers/${T}/story/`,
  'admin/stories.astro': '/admin/stories/',
  // The action plan, which the permission matrix submits once.
  'workspace/transfers/[id]/review/[stage]/v[n].pdf.ts': `/workspace/transfers/${T}/review/action-plan/v1.pdf`,
};

/**
 * {kpi}, {action} and {workshop}: an indicator, an action and a workshop record of the transfer when the caller made
 * them (the matrix does, through the real forms); without one, any record (which then answers 404).
 */
export const routeUrl = (file: string, ids: { transferId: string; entryId: string; kpiId?: string; actionId?: string; workshopId?: string }) =>
  routeUrls[file].replace(T, ids.transferId).replace(E, ids.entryId).replace('{kpi}', ids.kpiId ?? ids.entryId).replace(A, ids.actionId ?? ids.entryId).replace(W, ids.workshopId ?? ids.entryId);

/** Every on-demand route file, relative to src/pages, found from the files themselves. */
export const onDemandRoutes = listFiles(join(root, 'src/pages'))
  .filter((f) => /\.(astro|ts)$/.test(f) && /export const prerender = false/.test(readFileSync(f, 'utf8')))
  .map((f) => relative(join(root, 'src/pages'), f))
  .sort();
