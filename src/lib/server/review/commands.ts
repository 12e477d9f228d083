/**
 * Every change in review, one function each: submit a stage, comment or reply, edit a comment, answer and address
 * a required change, accept or reopen it (the mentor who asked), decide. Each checks permission (permissions.ts) and state (states.ts), writes
 * in one IMMEDIATE transaction with its activity line, notifications and audit event, then sends the e-mails.
 */
import { z } from 'astro/zod';
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import type { Mail } from '../mail/mailer.ts';
import { canCloseRequiredChange, canComment, canEditComment, canReviewTransfer, canSubmitStage, type Actor, type TransferAccess } from '../permissions.ts';
import { conflict, fail, parseInput, type ConflictResult, type Result } from '../result.ts';
import { bumpRevision } from '../transfers/revision.ts';
import { announce, deliver, participants } from './notify.ts';
import { englishText } from '../messages.ts';
import { isEmptySnapshot, takeSnapshot, type Snapshot } from './snapshot.ts';
import { sectionKey, type ReviewStageInfo } from '../templates/registry.ts';
import { checkReportExplanations } from '../monitoring/period-summary.ts';
import { stageHolds, type MonitoringTemplates } from '../monitoring/sections.ts';
import { canCloseRequiredChangesIn, checkDecision, checkSubmit, closedStageRefusal, outcomeLabels, tr, type OutstandingChanges, type ReviewStage, type ReviewState } from './states.ts';
import { activeOnly, requireActiveTransfer } from '../transfers/active.ts';
import { t, withLocale } from '../../../i18n/index.ts';

/** A validation message read when the check fails, so it is in the language of whoever sent the form. */
const says = (key: string) => ({ error: () => tr(key) });

export type ReviewTransfer = TransferAccess & { id: string; title: string };
type Meta = { ip: string; origin: string; now?: Date };

/** Comments on a core-feature decision name it "feature:<feature id>" where other comments name a record id. */
export const featureItemPrefix = 'feature:';

export const stageLink = (transferId: string, stage: ReviewStage, anchor = '') => `/workspace/transfers/${transferId}/review/${stage}/${anchor ? `#${anchor}` : ''}`;

const refuse = (db: Db, actor: Actor, action: string, transferId: string, meta: Meta, message: string) =>
  denied(db, { action, actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip }, message);

const userName = async (tx: Tx, id: string) => (await first(tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, id)).limit(1)))?.name ?? 'Someone';

async function currentState(tx: Tx, transferId: string, stage: ReviewStage) {
  return first(tx.select().from(schema.stageReview).where(and(eq(schema.stageReview.transferId, transferId), eq(schema.stageReview.stage, stage))).limit(1));
}

/** The stage's required changes the mentor has not accepted yet: open (the team's turn) and addressed (the mentor's). */
async function outstandingRequiredChanges(tx: Tx, transferId: string, stage: ReviewStage): Promise<OutstandingChanges> {
  const rows = await tx
    .select({ status: schema.comment.status, n: sql<number>`count(*)` })
    .from(schema.comment)
    .where(and(eq(schema.comment.transferId, transferId), eq(schema.comment.stage, stage), eq(schema.comment.required, true), inArray(schema.comment.status, ['open', 'addressed'])))
    .groupBy(schema.comment.status);
  const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return { open: count('open'), addressed: count('addressed') };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export const submitInput = z.object({ note: z.string().trim().max(2000, says('review:validation.noteTooLong')).default('') });

/**
 * The team submits a stage: its records are frozen as the next version, and the assigned mentors are told. Pages
 * pass the templates: with them, progress reports freeze their period summaries and must explain late actions.
 */
export const submitStage = activeOnly(async function submitStage(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, input: unknown, meta: Meta, templates?: MonitoringTemplates): Promise<Result<{ number: number }>> {
  const stage = stageInfo.id;
  if (!canSubmitStage(actor, transfer)) return refuse(db, actor, 'review.submit', transfer.id, meta, t('review:refusals.onlyEditorsSubmit'));
  const parsed = parseInput(submitInput, input);
  if (!parsed.ok) return parsed;
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<{ error: string } | { number: number; mails: Mail[] }> => {
    await requireActiveTransfer(tx, transfer.id);
    const current = await currentState(tx, transfer.id, stage);
    const state = current?.state ?? 'draft';
    const snapshot = await takeSnapshot(tx, transfer.id, stageInfo, templates);
    const next = checkSubmit(state, { openRequiredChanges: (await outstandingRequiredChanges(tx, transfer.id, stage)).open, isEmpty: isEmptySnapshot(snapshot), stageTitle: stageInfo.title });
    if (!next.ok) return { error: next.reason };
    const unexplained = reportsUnexplained(templates, stageInfo, snapshot);
    if (unexplained) return { error: unexplained };
    const number = (current?.latestSubmission ?? 0) + 1;
    const submissionId = crypto.randomUUID();
    await tx.insert(schema.submission).values({ id: submissionId, transferId: transfer.id, stage, number, snapshot: JSON.stringify(snapshot), note: parsed.data.note, submittedBy: actor.userId, submittedAt: now });
    const row = { state: next.next, latestSubmission: number, submittedAt: now, updatedAt: now };
    if (current) await tx.update(schema.stageReview).set(row).where(and(eq(schema.stageReview.transferId, transfer.id), eq(schema.stageReview.stage, stage)));
    else await tx.insert(schema.stageReview).values({ transferId: transfer.id, stage, ...row });
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'review.submit', outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip, detail: { stage, number } });
    const who = await userName(tx, actor.userId);
    const title = stageInfo.title;
    const mails = await announce(
      tx,
      {
        transferId: transfer.id,
        actorUserId: actor.userId,
        message: { key: 'shell:events.submitted', params: { who, title, number } },
        link: stageLink(transfer.id, stage),
        recipients: (await participants(tx, transfer)).mentors,
        mail: {
          subject: { key: 'mail:review.submittedSubject', params: { title, transfer: transfer.title } },
          body: [{ key: 'mail:review.submittedBody', params: { who, title, transfer: transfer.title, number } }, ...(parsed.data.note ? [{ key: 'mail:review.theirNote', params: { note: parsed.data.note } }] : [])],
        },
      },
      { now, origin: meta.origin },
    );
    return { number, mails };
  });
  if ('error' in outcome) return fail({ '': [outcome.error] }, 409);
  await deliver(db, outcome.mails);
  return { ok: true, number: outcome.number };
});

/** For a stage holding progress reports: the refusal when a period's actions not carried out are not explained. */
function reportsUnexplained(templates: MonitoringTemplates | undefined, stageInfo: ReviewStageInfo, snapshot: Snapshot): string | undefined {
  const reports = templates?.sectionWithRole('progress-reports');
  if (!reports || !stageHolds(templates, stageInfo, 'progress-reports')) return undefined;
  const entries = snapshot.entries.filter((e) => e.template === reports.kind && e.section === reports.section.id);
  return checkReportExplanations(reports.section, entries, snapshot.periods ?? {});
}

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
const commentBody = z.string(says('review:validation.writeComment')).trim().min(1, says('review:validation.writeComment')).max(5000, says('review:validation.commentTooLong'));

export const commentInput = z.object({
  body: commentBody,
  entryId: z.string().optional().transform((v) => v || undefined),
  fieldId: z.string().optional().transform((v) => v || undefined),
  parentId: z.string().optional().transform((v) => v || undefined),
  required: checkbox.default(false),
});

async function latestSubmission(tx: Tx, transferId: string, stage: ReviewStage) {
  return first(tx.select().from(schema.submission).where(and(eq(schema.submission.transferId, transferId), eq(schema.submission.stage, stage))).orderBy(desc(schema.submission.number)).limit(1));
}

/** A comment on the stage, an item or a field of the latest submitted version, or a reply in a thread. */
export const addComment = activeOnly(async function addComment(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, input: unknown, fieldsOf: (section: string) => string[] | undefined, meta: Meta): Promise<Result<{ commentId: string }>> {
  const stage = stageInfo.id;
  if (!canComment(actor, transfer)) return refuse(db, actor, 'review.comment', transfer.id, meta, t('review:refusals.onlyCommenters'));
  const parsed = parseInput(commentInput, input);
  if (!parsed.ok) return parsed;
  const { body, parentId, required } = parsed.data;
  let { entryId, fieldId } = parsed.data;
  if (required && !canReviewTransfer(actor, transfer)) return refuse(db, actor, 'review.require', transfer.id, meta, t('review:refusals.onlyMentorRequires'));
  if (required && parentId) return fail({ '': [t('review:refusals.replyNotRequired')] });
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<{ error: string; field?: string } | { commentId: string; mails: Mail[] }> => {
    await requireActiveTransfer(tx, transfer.id);
    const version = await latestSubmission(tx, transfer.id, stage);
    if (!version) return { error: t('review:refusals.commentsOnSubmitted') };
    let parent: typeof schema.comment.$inferSelect | undefined;
    if (parentId) {
      parent = await first(tx.select().from(schema.comment).where(and(eq(schema.comment.id, parentId), eq(schema.comment.transferId, transfer.id), eq(schema.comment.stage, stage), isNull(schema.comment.parentId))).limit(1));
      if (!parent) return { error: t('review:refusals.parentGone') };
      // A reply belongs to its thread's item and field.
      entryId = parent.entryId ?? undefined;
      fieldId = parent.fieldId ?? undefined;
    } else if (entryId?.startsWith(featureItemPrefix)) {
      // A core-feature decision (keep, adapt or drop) of the needs-and-scope version: commented as a whole.
      const featureId = entryId.slice(featureItemPrefix.length);
      if (!(JSON.parse(version.snapshot) as Snapshot).featureChoices.some((c) => c.featureId === featureId)) return { error: t('review:refusals.featureNotInVersion') };
      if (fieldId) return { error: t('review:refusals.featureAsWhole') };
    } else if (entryId) {
      const item = (JSON.parse(version.snapshot) as Snapshot).entries.find((e) => e.id === entryId);
      if (!item) return { error: t('review:refusals.itemNotInVersion') };
      if (fieldId && !fieldsOf(sectionKey(item.template, item.section))?.includes(fieldId)) return { error: t('review:refusals.chooseFieldOfItem'), field: 'fieldId' };
    } else if (fieldId) return { error: t('review:refusals.chooseItemFirst'), field: 'fieldId' };
    const commentId = crypto.randomUUID();
    await tx
      .insert(schema.comment)
      .values({ id: commentId, transferId: transfer.id, stage, submissionId: version.id, entryId: entryId ?? null, fieldId: fieldId ?? null, parentId: parent?.id ?? null, authorId: actor.userId, body, required, status: required ? 'open' : null, createdAt: now });
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: parent ? 'review.reply' : 'review.comment', outcome: 'success', actorUserId: actor.userId, targetType: 'comment', targetId: commentId, ip: meta.ip, detail: { transferId: transfer.id, stage, required } });
    const who = await userName(tx, actor.userId);
    const people = await participants(tx, transfer);
    const fromMentor = canReviewTransfer(actor, transfer);
    const what = required ? 'requiredChange' : parent ? 'replied' : 'commented';
    const mails = await announce(
      tx,
      {
        transferId: transfer.id,
        actorUserId: actor.userId,
        message: { key: `shell:events.${what}`, params: { who, title: stageInfo.title } },
        link: stageLink(transfer.id, stage, `comment-${parent?.id ?? commentId}`),
        // The other side of the conversation hears about it; so does whoever wrote the comment being answered.
        recipients: [...(fromMentor ? people.team : people.mentors), ...(parent ? [...people.team, ...people.mentors].filter((p) => p.id === parent.authorId) : [])],
        mail: parent ? { subject: { key: 'mail:review.replySubject', params: { title: stageInfo.title, transfer: transfer.title } }, body: [{ key: 'mail:review.repliedBody', params: { who, title: stageInfo.title, transfer: transfer.title } }, body] } : undefined,
      },
      { now, origin: meta.origin },
    );
    return { commentId, mails };
  });
  if ('error' in outcome) return fail({ [outcome.field ?? '']: [outcome.error] }, outcome.field ? 400 : 409);
  await deliver(db, outcome.mails);
  return { ok: true, commentId: outcome.commentId };
});

/** Hidden fields (which comment, which version): wrong only when the page is out of date or was tampered with. */
const outOfDate = says('review:validation.formOutOfDateTryAgain');
const commentIdField = z.string(outOfDate).min(1, outOfDate);

export const editCommentInput = z.object({ commentId: commentIdField, body: commentBody, version: z.coerce.number(outOfDate).int(outOfDate).min(1, outOfDate) });

/** The author changes a comment's text; the earlier text is kept and shown as its history. */
export const editComment = activeOnly(async function editComment(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, input: unknown, meta: Meta): Promise<Result | ConflictResult<{ body: string }>> {
  const parsed = parseInput(editCommentInput, input, ['commentId', 'version']);
  if (!parsed.ok) return parsed;
  const { commentId, body, version } = parsed.data;
  // A stage's page acts on that stage's comments only.
  const current = await first(db.select().from(schema.comment).where(and(eq(schema.comment.id, commentId), eq(schema.comment.transferId, transfer.id), eq(schema.comment.stage, stageInfo.id))).limit(1));
  if (!current) return fail({ '': [t('review:refusals.commentGone')] }, 404);
  if (!canEditComment(actor, transfer, current.authorId)) return refuse(db, actor, 'review.comment-edit', transfer.id, meta, t('review:refusals.onlyAuthorEdits'));
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    const row = await first(tx.select().from(schema.comment).where(eq(schema.comment.id, commentId)).limit(1));
    if (!row) return { gone: true };
    if (row.version !== version) return { stale: row };
    if (row.body === body) return { unchanged: true };
    await tx.insert(schema.commentRevision).values({ commentId, body: row.body, replacedAt: now });
    await tx.update(schema.comment).set({ body, version: row.version + 1, editedAt: now }).where(eq(schema.comment.id, commentId));
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'review.comment-edit', outcome: 'success', actorUserId: actor.userId, targetType: 'comment', targetId: commentId, ip: meta.ip, detail: { transferId: transfer.id, version: row.version + 1 } });
    const edited = { key: 'shell:events.editedComment', params: { who: await userName(tx, actor.userId), title: stageInfo.title } };
    await tx.insert(schema.activity).values({ transferId: transfer.id, actorUserId: actor.userId, summary: englishText(edited), message: JSON.stringify(edited), link: stageLink(transfer.id, row.stage, `comment-${row.parentId ?? row.id}`), at: now });
    return {};
  });
  if ('gone' in outcome) return fail({ '': [t('review:refusals.commentGone')] }, 404);
  if ('stale' in outcome && outcome.stale)
    return conflict({ body: outcome.stale.body }, outcome.stale.version, t('review:refusals.editConflict'));
  return { ok: true };
});

export const addressInput = z.object({
  commentId: commentIdField,
  answer: z.string().trim().min(1, says('review:validation.answerRequired')).max(5000, says('review:validation.answerTooLong')),
});

/** The team answers a required change and marks it addressed, in one step (an answer without a status, or a status without an answer, helps nobody). */
export const addressRequiredChange = activeOnly(async function addressRequiredChange(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, input: unknown, meta: Meta): Promise<Result> {
  if (!canSubmitStage(actor, transfer)) return refuse(db, actor, 'review.address', transfer.id, meta, t('review:refusals.onlyEditorsAnswer'));
  const parsed = parseInput(addressInput, input, ['commentId']);
  if (!parsed.ok) return parsed;
  return setStatus(db, actor, transfer, stageInfo, parsed.data.commentId, 'address', parsed.data.answer, meta);
});

export const closeInput = z.object({ commentId: commentIdField, answer: z.string().trim().max(5000, says('review:validation.answerTooLong')).default('') });

/** The mentor who asked is satisfied with the change (answered or not): it is closed, and no longer holds up approval. */
export const acceptRequiredChange = activeOnly(async function acceptRequiredChange(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, input: unknown, meta: Meta): Promise<Result> {
  return closeOrReopen(db, actor, transfer, stageInfo, input, meta, 'accept');
});

/** The mentor who asked is not satisfied with the answer (or takes back an acceptance): the required change is open again, with an optional reply saying why. */
export const reopenRequiredChange = activeOnly(async function reopenRequiredChange(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, input: unknown, meta: Meta): Promise<Result> {
  return closeOrReopen(db, actor, transfer, stageInfo, input, meta, 'reopen');
});

async function closeOrReopen(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, input: unknown, meta: Meta, step: 'accept' | 'reopen'): Promise<Result> {
  const action = `review.${step}`;
  if (!canReviewTransfer(actor, transfer)) return refuse(db, actor, action, transfer.id, meta, step === 'accept' ? t('review:refusals.onlyAskerAccepts') : t('review:refusals.onlyAskerReopens'));
  const parsed = parseInput(closeInput, input, ['commentId']);
  if (!parsed.ok) return parsed;
  // Who may close a change depends on who asked for it: read it (in this transfer and stage only) before deciding.
  const asked = await first(db.select({ authorId: schema.comment.authorId }).from(schema.comment).where(and(eq(schema.comment.id, parsed.data.commentId), eq(schema.comment.transferId, transfer.id), eq(schema.comment.stage, stageInfo.id), eq(schema.comment.required, true))).limit(1));
  if (asked && !canCloseRequiredChange(actor, transfer, asked.authorId)) return refuse(db, actor, action, transfer.id, meta, step === 'accept' ? t('review:refusals.onlyAskerAcceptsThis') : t('review:refusals.onlyAskerReopensThis'));
  return setStatus(db, actor, transfer, stageInfo, parsed.data.commentId, step, parsed.data.answer, meta);
}

type StatusStep = 'address' | 'accept' | 'reopen';
type RequiredChangeStatus = (typeof schema.requiredChangeStatuses)[number];

/** Each step of a required change: the statuses it starts from, where it goes, and why it is refused from elsewhere (catalogue keys). */
const statusSteps: Record<StatusStep, { from: RequiredChangeStatus[]; to: RequiredChangeStatus; refusal: Partial<Record<RequiredChangeStatus, string>> }> = {
  address: { from: ['open'], to: 'addressed', refusal: { addressed: 'review:refusals.alreadyAddressed', accepted: 'review:refusals.mentorAlreadyAccepted' } },
  accept: { from: ['open', 'addressed'], to: 'accepted', refusal: { accepted: 'review:refusals.alreadyAccepted' } },
  reopen: { from: ['addressed', 'accepted'], to: 'open', refusal: { open: 'review:refusals.alreadyOpen' } },
};

async function setStatus(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, commentId: string, step: StatusStep, answer: string, meta: Meta): Promise<Result> {
  const now = isoNow(meta.now);
  const { from, to, refusal } = statusSteps[step];
  const outcome = await writeTransaction(db, async (tx): Promise<{ error: string } | { mails: Mail[] }> => {
    await requireActiveTransfer(tx, transfer.id);
    const row = await first(tx.select().from(schema.comment).where(and(eq(schema.comment.id, commentId), eq(schema.comment.transferId, transfer.id), eq(schema.comment.stage, stageInfo.id), eq(schema.comment.required, true))).limit(1));
    if (!row) return { error: t('review:refusals.changeGone') };
    const status = row.status ?? 'open';
    if (step !== 'address') {
      const state = (await currentState(tx, transfer.id, stageInfo.id))?.state ?? 'draft';
      if (!canCloseRequiredChangesIn(state)) return { error: closedStageRefusal(state) };
    }
    if (!from.includes(status)) return { error: tr(refusal[status] ?? 'review:refusals.changeMovedOn') };
    await tx.update(schema.comment).set({ status: to }).where(eq(schema.comment.id, commentId));
    if (answer) await tx.insert(schema.comment).values({ id: crypto.randomUUID(), transferId: transfer.id, stage: row.stage, submissionId: row.submissionId, entryId: row.entryId, fieldId: row.fieldId, parentId: row.id, authorId: actor.userId, body: answer, createdAt: now });
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: `review.${step}`, outcome: 'success', actorUserId: actor.userId, targetType: 'comment', targetId: commentId, ip: meta.ip, detail: { transferId: transfer.id, stage: row.stage, from: status, to } });
    const who = await userName(tx, actor.userId);
    const people = await participants(tx, transfer);
    const title = stageInfo.title;
    const mails = await announce(
      tx,
      {
        transferId: transfer.id,
        actorUserId: actor.userId,
        message: { key: `shell:events.${step}Change`, params: { who, title } },
        link: stageLink(transfer.id, row.stage, `comment-${row.id}`),
        // The team's answer goes to the mentors; the mentor's verdict on it goes to the team.
        recipients: step === 'address' ? people.mentors : people.team,
        mail: answer ? { subject: { key: 'mail:review.replySubject', params: { title, transfer: transfer.title } }, body: [{ key: `mail:review.${step}ChangeBody`, params: { who, title, transfer: transfer.title } }, answer] } : undefined,
      },
      { now, origin: meta.origin },
    );
    return { mails };
  });
  if ('error' in outcome) return fail({ '': [outcome.error] }, 409);
  await deliver(db, outcome.mails);
  return { ok: true };
}

const aScore = says('review:validation.score');
const score = z.preprocess((v) => (v === '' || v === undefined ? undefined : v), z.coerce.number(aScore).int(aScore).min(1, aScore).max(5, aScore).optional());
const criterionNote = z.string().trim().max(2000, says('review:validation.atMost2000')).default('');

/** The decision form as posted: outcome, note, and "score.<criterion>" / "note.<criterion>" for the stage's rubric. */
export function decisionInput(rubric: ReviewStageInfo['rubric']) {
  return z
    .object({
      submissionId: z.string().min(1, says('review:validation.formOutOfDate')),
      outcome: z.enum(schema.decisionOutcomes, says('review:validation.chooseOutcome')),
      note: z.string().trim().max(5000, says('review:validation.atMost5000')).default(''),
      ...Object.fromEntries(rubric.flatMap((c) => [[`score.${c.id}`, score], [`note.${c.id}`, criterionNote]])),
    })
    .superRefine((v, ctx) => {
      if (v.outcome === 'request-changes') return;
      // Approval is a judgement on every criterion: the rubric must be complete.
      for (const c of rubric) if (v[`score.${c.id}` as keyof typeof v] === undefined) ctx.addIssue({ code: 'custom', path: [`score.${c.id}`], message: t('review:validation.scoreBeforeApproving', { criterion: c.label }) });
    });
}

export type Rubric = Record<string, { score?: number; note: string }>;

/** An assigned mentor decides on the version waiting for review; the decision records that version and the rubric. */
export const decide = activeOnly(async function decide(db: Db, actor: Actor, transfer: ReviewTransfer, stageInfo: ReviewStageInfo, input: unknown, meta: Meta): Promise<Result<{ state: ReviewState }>> {
  const stage = stageInfo.id;
  if (!canReviewTransfer(actor, transfer)) return refuse(db, actor, 'review.decide', transfer.id, meta, t('review:refusals.onlyMentorDecides'));
  const parsed = parseInput(decisionInput(stageInfo.rubric), input, ['submissionId']);
  if (!parsed.ok) return parsed;
  const data = parsed.data as Record<string, unknown> & { submissionId: string; outcome: (typeof schema.decisionOutcomes)[number]; note: string };
  const rubric: Rubric = Object.fromEntries(stageInfo.rubric.map((c) => [c.id, { score: data[`score.${c.id}`] as number | undefined, note: data[`note.${c.id}`] as string }]));
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<{ error: string; field?: string } | { state: ReviewState; mails: Mail[] }> => {
    await requireActiveTransfer(tx, transfer.id);
    const state = (await currentState(tx, transfer.id, stage))?.state ?? 'draft';
    const version = await latestSubmission(tx, transfer.id, stage);
    const requiredChanges = await outstandingRequiredChanges(tx, transfer.id, stage);
    const open = requiredChanges.open;
    const step = checkDecision(state, data.outcome, { reviewedLatest: !!version && version.id === data.submissionId, latestNumber: version?.number ?? 0, requiredChanges, hasNote: data.note.length > 0 });
    if (!step.ok || !version) return { error: step.ok ? t('review:refusals.notSubmitted') : step.reason, field: !step.ok && 'field' in step ? step.field : undefined };
    await tx.insert(schema.decision).values({ id: crypto.randomUUID(), transferId: transfer.id, stage, submissionId: version.id, mentorId: actor.userId, outcome: data.outcome, note: data.note, rubric: JSON.stringify(rubric), createdAt: now });
    await tx.update(schema.stageReview).set({ state: step.next, updatedAt: now }).where(and(eq(schema.stageReview.transferId, transfer.id), eq(schema.stageReview.stage, stage)));
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'review.decide', outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip, detail: { stage, outcome: data.outcome, version: version.number } });
    const who = await userName(tx, actor.userId);
    const title = stageInfo.title;
    const verdict = { key: `shell:outcome.${data.outcome}` };
    const people = await participants(tx, transfer);
    const mails = await announce(
      tx,
      {
        transferId: transfer.id,
        actorUserId: actor.userId,
        message: { key: 'shell:events.decided', params: { who, title, number: version.number, verdict } },
        link: stageLink(transfer.id, stage, 'decisions'),
        recipients: [...people.team, ...people.mentors],
        mail: {
          subject: { key: 'mail:review.decidedSubject', params: { outcome: { key: `shell:outcomeTitle.${data.outcome}` }, title, transfer: transfer.title } },
          body: [{ key: 'mail:review.decidedBody', params: { who, number: version.number, title, transfer: transfer.title, verdict } }, ...(open ? [{ key: 'mail:review.openChanges', params: { count: open } }] : []), ...(data.note ? [data.note] : [])],
        },
      },
      { now, origin: meta.origin },
    );
    return { state: step.next, mails };
  });
  if ('error' in outcome) return fail({ [outcome.field ?? '']: [outcome.error] }, outcome.field ? 400 : 409);
  await deliver(db, outcome.mails);
  return { ok: true, state: outcome.state };
});
