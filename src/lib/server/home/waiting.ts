/**
 * "Waiting for you" on the workspace home: for each role a person holds, what needs them next, each item naming its
 * transfer and stage and linking to where it is done. A fixed number of queries whatever the number of transfers
 * (two per role, four for editors), each limited to the person's own transfers: a mentor's assigned ones, an
 * editor's organisation's, every transfer for a coordinator. The home is the page most often opened, so each is a
 * statement prepared once per connection (db.ts `prepared`), its lists passed as JSON arrays.
 */
import { and, asc, count, eq, inArray, isNull, lt, min, or, sql, type Column } from 'drizzle-orm';
import { isoDay } from '../../public/dates.ts';
import { days, isoNow } from '../clock.ts';
import { t as tr } from '../../../i18n/index.ts';
import { prepared, schema, type Db } from '../db.ts';
import { inJsonList } from '../sql-dialect.ts';
import { actionFacts, actionStatus } from '../monitoring/action-status.ts';
import { reportPeriod } from '../monitoring/period-summary.ts';
import { covers, reportingPeriods } from '../monitoring/report-reminders.ts';
import { stageHolding } from '../monitoring/sections.ts';
import type { Actor } from '../permissions.ts';
import { stageLink } from '../review/commands.ts';
import { countedStatuses } from '../review/dashboard.ts';
import { isWaitingForReview } from '../review/states.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import type { EntryData } from '../transfers/entry-schema.ts';
import { manageLink } from '../transfers/lifecycle.ts';

/**
 * A review is stuck when it has waited this many days for a decision. Two weeks: a mentor who looks at their cohort
 * once a week has then let two chances pass, which is worth a coordinator's call; sooner would flag ordinary
 * turnaround, later would let a team wait a month before anyone asks.
 */
export const stuckAfterDays = 14;

/** At most this many overdue actions are listed per transfer; the rest are counted in one item to the Implementation page. */
export const overdueListed = 5;

export type WaitingItem = {
  /** The transfer's title ("organisation: practice") and the stage (or part of the transfer) the item is about. */
  transfer: string;
  stage: string;
  /** What waits, in a few words: "version 2 waits for your decision". */
  what: string;
  href: string;
  /** Since when it waits (ISO day or timestamp), when that is known. */
  since?: string;
};

export type RoleHome = { role: 'mentor' | 'editor' | 'coordinator'; heading: string; items: WaitingItem[]; empty: string };

const { comment, decision, entry, stageReview, transfer, transferMentor } = schema;
/** `column in (the JSON array given as the named parameter)`: one prepared statement whatever the list's length. */
const inList = (column: Column, name: string) => inJsonList(column, sql.placeholder(name));
const waitingStates = schema.reviewStates.filter(isWaitingForReview);
/**
 * Work waits only in an active transfer: a paused one allows no writing, submitting or deciding, a closed one is
 * over. The coordinator's "without a mentor" also lists paused ones (`countedStatuses`: the work resumes, and
 * needs a mentor then); a review of a paused transfer is not stuck, nobody may decide it.
 */
const active = eq(transfer.status, 'active');
/** Whether `userId` still mentors the transfer of the row (correlated on `transfer.id`). */
const mentorsIt = (userId: Column) => sql`exists (select 1 from ${transferMentor} where ${transferMentor.transferId} = ${transfer.id} and ${transferMentor.userId} = ${userId})`;

/** What waits for `actor`, one block per role they hold (viewers have none), in the order mentor, editor, coordinator. */
export async function waitingFor(db: Db, actor: Actor, { now, templates }: { now: Date; templates: TemplateRegistry }): Promise<RoleHome[]> {
  const roles = new Set(actor.memberships.map((m) => m.role));
  const homes: RoleHome[] = [];
  if (roles.has('mentor')) homes.push({ role: 'mentor', heading: tr('shell:home.asMentor'), items: await mentorItems(db, actor.userId, templates), empty: tr('shell:home.mentorEmpty') });
  const editorOf = actor.memberships.filter((m) => m.role === 'editor').map((m) => m.organisationId);
  if (editorOf.length > 0) homes.push({ role: 'editor', heading: tr('shell:home.asEditor'), items: await editorItems(db, editorOf, templates, now), empty: tr('shell:home.editorEmpty') });
  if (roles.has('coordinator')) homes.push({ role: 'coordinator', heading: tr('shell:home.asCoordinator'), items: await coordinatorItems(db, templates, now), empty: tr('shell:home.coordinatorEmpty', { days: stuckAfterDays }) });
  return homes;
}

/** Stages waiting for a decision on the transfers assigned to the mentor, then required changes they asked for that the team has answered. */
async function mentorItems(db: Db, mentorId: string, templates: TemplateRegistry): Promise<WaitingItem[]> {
  const assigned = and(eq(transferMentor.transferId, transfer.id), eq(transferMentor.userId, sql.placeholder('mentorId')), active);
  const toReview = await prepared(db, 'home.mentor.reviews', (d) =>
    d
      .select({ transferId: transfer.id, title: transfer.title, stage: stageReview.stage, number: stageReview.latestSubmission, submittedAt: stageReview.submittedAt })
      .from(stageReview)
      .innerJoin(transfer, eq(transfer.id, stageReview.transferId))
      .innerJoin(transferMentor, assigned)
      .where(inArray(stageReview.state, waitingStates))
      .orderBy(asc(stageReview.submittedAt)),
  ).all({ mentorId });
  // Answered required changes the mentor may close (permissions.ts `canCloseRequiredChange`): those they asked, and
  // those whose asker no longer mentors the transfer (unassigned, or no account), so every one is on someone's home.
  const stillMentors = mentorsIt(comment.authorId);
  const answered = await prepared(db, 'home.mentor.answered', (d) =>
    d
      .select({ transferId: transfer.id, title: transfer.title, stage: comment.stage, n: count(), first: min(comment.id), since: min(comment.createdAt) })
      .from(comment)
      .innerJoin(transfer, eq(transfer.id, comment.transferId))
      .innerJoin(transferMentor, assigned)
      .where(and(eq(comment.required, true), eq(comment.status, 'addressed'), or(eq(comment.authorId, sql.placeholder('mentorId')), isNull(comment.authorId), sql`not ${stillMentors}`)))
      .groupBy(transfer.id, comment.stage)
      .orderBy(asc(min(comment.createdAt))),
  ).all({ mentorId });
  return [
    ...toReview.flatMap((r) => {
      const stage = templates.stage(r.stage);
      return stage ? [{ transfer: r.title, stage: stage.title, what: tr('shell:home.waitsForDecision', { number: r.number }), href: stageLink(r.transferId, r.stage), since: r.submittedAt }] : [];
    }),
    ...answered.flatMap((r) => {
      const stage = templates.stage(r.stage);
      const what = tr('shell:home.answeredToCheck', { count: r.n });
      return stage ? [{ transfer: r.title, stage: stage.title, what, href: stageLink(r.transferId, r.stage, r.n === 1 && r.first ? `comment-${r.first}` : ''), since: r.since ?? undefined }] : [];
    }),
  ];
}

/** For the transfers of the editor's organisations: required changes still open, progress reports due, overdue actions. */
async function editorItems(db: Db, organisationIds: string[], templates: TemplateRegistry, now: Date): Promise<WaitingItem[]> {
  const organisations = JSON.stringify(organisationIds);
  const transfers = await prepared(db, 'home.editor.transfers', (d) =>
    d.select({ id: transfer.id, title: transfer.title }).from(transfer).where(and(inList(transfer.organisationId, 'organisations'), active)).orderBy(asc(transfer.title)),
  ).all({ organisations });
  if (transfers.length === 0) return [];
  const titleOf = new Map(transfers.map((t) => [t.id, t.title]));
  const open = await prepared(db, 'home.editor.open-changes', (d) =>
    d
      .select({ transferId: comment.transferId, stage: comment.stage, n: count(), first: min(comment.id), since: min(comment.createdAt) })
      .from(comment)
      .innerJoin(transfer, eq(transfer.id, comment.transferId))
      .where(and(inList(transfer.organisationId, 'organisations'), active, eq(comment.required, true), eq(comment.status, 'open')))
      .groupBy(comment.transferId, comment.stage)
      .orderBy(asc(min(comment.createdAt))),
  ).all({ organisations });
  const items: WaitingItem[] = open.flatMap((r) => {
    const stage = templates.stage(r.stage);
    const what = tr('shell:home.changesToAnswer', { count: r.n });
    return stage ? [{ transfer: titleOf.get(r.transferId)!, stage: stage.title, what, href: stageLink(r.transferId, r.stage, r.n === 1 && r.first ? `comment-${r.first}` : ''), since: r.since ?? undefined }] : [];
  });
  return [...items, ...(await implementationItems(db, organisations, transfers, templates, isoDay(now)))];
}

/**
 * Progress reports due (a reporting period that ended without a report, as the reminders judge it) and overdue
 * actions, from one read of the two sections' records of all the editor's transfers.
 */
async function implementationItems(db: Db, organisations: string, transfers: { id: string; title: string }[], templates: TemplateRegistry, today: string): Promise<WaitingItem[]> {
  const actions = templates.sectionWithRole('actions');
  const reports = templates.sectionWithRole('progress-reports');
  const sections = JSON.stringify([actions, reports].flatMap((s) => (s ? [`${s.kind}/${s.section.id}`] : [])));
  const records = await prepared(db, 'home.editor.records', (d) =>
    d
      .select({ id: entry.id, transferId: entry.transferId, template: entry.template, section: entry.section, data: entry.data })
      .from(entry)
      .innerJoin(transfer, eq(transfer.id, entry.transferId))
      .where(and(inList(transfer.organisationId, 'organisations'), active, inJsonList(sql`(${entry.template} || '/' || ${entry.section})`, sql.placeholder('sections'))))
      .orderBy(asc(entry.grouping), asc(entry.position), asc(entry.createdAt)),
  ).all({ organisations, sections });
  // When each plan was first approved: reporting periods count from then (as report-reminders.ts `planApprovals`, for these transfers only).
  const approvals = await prepared(db, 'home.editor.plan-approvals', (d) =>
    d
      .select({ transferId: decision.transferId, approvedAt: min(decision.createdAt) })
      .from(decision)
      .innerJoin(transfer, eq(transfer.id, decision.transferId))
      .where(and(inList(transfer.organisationId, 'organisations'), active, eq(decision.stage, sql.placeholder('stage')), inArray(decision.outcome, ['approve', 'approve-with-changes'])))
      .groupBy(decision.transferId),
  ).all({ organisations, stage: stageHolding(templates, 'actions')?.id ?? '' });
  const approvedAt = new Map(approvals.flatMap((a) => (a.approvedAt ? [[a.transferId, a.approvedAt] as const] : [])));
  const byTransfer = Map.groupBy(records, (r) => r.transferId);
  const items: WaitingItem[] = [];
  for (const t of transfers) {
    const own = (byTransfer.get(t.id) ?? []).map((r) => ({ ...r, data: JSON.parse(r.data) as EntryData }));
    const approved = approvedAt.get(t.id);
    if (reports && approved) {
      const written = own.filter((r) => r.template === reports.kind && r.section === reports.section.id).flatMap((r) => reportPeriod(reports.section, r.data) ?? []);
      for (const period of reportingPeriods(approved, today).filter((q) => !written.some((w) => covers(w, q))))
        items.push({ transfer: t.title, stage: reports.section.title, what: tr('shell:home.reportDue', { period: period.label, start: period.start, end: period.end }), href: `/workspace/transfers/${t.id}/${reports.kind}/`, since: period.end });
    }
    if (!actions) continue;
    const overdue = own
      .filter((r) => r.template === actions.kind && r.section === actions.section.id)
      .map((r) => ({ id: r.id, facts: actionFacts(actions.section, r.data) }))
      .filter((a) => actionStatus(actions.section, a.facts, today).overdue)
      .sort((a, b) => (a.facts.end ?? '').localeCompare(b.facts.end ?? ''));
    for (const a of overdue.slice(0, overdueListed))
      items.push({ transfer: t.title, stage: actions.section.title, what: tr('shell:home.actionOverdue', { title: a.facts.title ?? tr('shell:home.untitledAction'), end: a.facts.end }), href: `/workspace/transfers/${t.id}/actions/${a.id}/`, since: a.facts.end });
    if (overdue.length > overdueListed)
      items.push({ transfer: t.title, stage: actions.section.title, what: tr('shell:home.moreOverdue', { count: overdue.length - overdueListed }), href: `/workspace/transfers/${t.id}/monitoring/` });
  }
  return items;
}

/** Transfers nobody mentors (no assigned mentor with an enabled account), then reviews waiting longer than `stuckAfterDays`. */
async function coordinatorItems(db: Db, templates: TemplateRegistry, now: Date): Promise<WaitingItem[]> {
  const unmentored = await prepared(db, 'home.coordinator.unmentored', (d) => {
    const mentored = d
      .select({ one: sql`1` })
      .from(transferMentor)
      .innerJoin(schema.user, and(eq(schema.user.id, transferMentor.userId), isNull(schema.user.disabledAt)))
      .where(eq(transferMentor.transferId, transfer.id));
    return d.select({ id: transfer.id, title: transfer.title, createdAt: transfer.createdAt }).from(transfer).where(and(sql`not exists ${mentored}`, inArray(transfer.status, countedStatuses))).orderBy(asc(transfer.createdAt));
  }).all({});
  // Calendar days, as the dashboards count them: submitted on or before the day 15 days ago has waited more than 14.
  const cutoff = isoNow(new Date(Date.parse(isoDay(now)) - days(stuckAfterDays)));
  const stuck = await prepared(db, 'home.coordinator.stuck', (d) =>
    d
      .select({ transferId: transfer.id, title: transfer.title, stage: stageReview.stage, number: stageReview.latestSubmission, submittedAt: stageReview.submittedAt })
      .from(stageReview)
      .innerJoin(transfer, eq(transfer.id, stageReview.transferId))
      .where(and(inArray(stageReview.state, waitingStates), lt(stageReview.submittedAt, sql.placeholder('cutoff')), active))
      .orderBy(asc(stageReview.submittedAt)),
  ).all({ cutoff });
  const waited = (since: string) => Math.round((Date.parse(isoDay(now)) - Date.parse(since.slice(0, 10))) / days(1));
  return [
    ...unmentored.map((t) => ({ transfer: t.title, stage: tr('shell:home.mentors'), what: tr('shell:home.noMentor'), href: manageLink(t.id), since: t.createdAt })),
    ...stuck.flatMap((r) => {
      const stage = templates.stage(r.stage);
      return stage ? [{ transfer: r.title, stage: stage.title, what: tr('shell:home.waited', { number: r.number, days: waited(r.submittedAt) }), href: stageLink(r.transferId, r.stage), since: r.submittedAt }] : [];
    }),
  ];
}
