/** Reads about a transfer's review: stage states, versions, decisions, comment threads, activity, notifications. */
import { storedText } from '../messages.ts';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db.ts';
import { first, prepared, schema } from '../db.ts';
import type { Rubric } from './commands.ts';
import type { Snapshot } from './snapshot.ts';
import type { ReviewStageInfo } from '../templates/registry.ts';
import type { ReviewStage, ReviewState } from './states.ts';

export type StageStatus = {
  stage: ReviewStage;
  title: string;
  state: ReviewState;
  latestSubmission: number;
  submittedAt: string | null;
  /** Required changes waiting for the team's answer. */
  openRequiredChanges: number;
  /** Required changes the team answered, waiting for the mentor to accept or reopen them. */
  answeredRequiredChanges: number;
};

/** Every stage of the transfer (the template registry's, in order) with its state; a stage never submitted is a draft. */
export async function stageStatuses(db: Db, transferId: string, stages: readonly ReviewStageInfo[]): Promise<StageStatus[]> {
  const rows = await db.select().from(schema.stageReview).where(eq(schema.stageReview.transferId, transferId));
  const counts = await db
    .select({ stage: schema.comment.stage, status: schema.comment.status, n: sql<number>`count(*)` })
    .from(schema.comment)
    .where(and(eq(schema.comment.transferId, transferId), eq(schema.comment.required, true), inArray(schema.comment.status, ['open', 'addressed'])))
    .groupBy(schema.comment.stage, schema.comment.status);
  const count = (stage: string, status: string) => counts.find((o) => o.stage === stage && o.status === status)?.n ?? 0;
  return stages.map(({ id: stage, title }) => {
    const row = rows.find((r) => r.stage === stage);
    return {
      stage,
      title,
      state: row?.state ?? 'draft',
      latestSubmission: row?.latestSubmission ?? 0,
      submittedAt: row?.submittedAt ?? null,
      openRequiredChanges: count(stage, 'open'),
      answeredRequiredChanges: count(stage, 'addressed'),
    };
  });
}

export async function listSubmissions(db: Db, transferId: string, stage: ReviewStage) {
  return db
    .select({ id: schema.submission.id, number: schema.submission.number, note: schema.submission.note, submittedAt: schema.submission.submittedAt, submittedBy: schema.user.name })
    .from(schema.submission)
    .leftJoin(schema.user, eq(schema.user.id, schema.submission.submittedBy))
    .where(and(eq(schema.submission.transferId, transferId), eq(schema.submission.stage, stage)))
    .orderBy(asc(schema.submission.number));
}

export async function getSubmission(db: Db, transferId: string, stage: ReviewStage, number: number) {
  const row = await first(
    db
      .select()
      .from(schema.submission)
      .where(and(eq(schema.submission.transferId, transferId), eq(schema.submission.stage, stage), eq(schema.submission.number, number)))
      .limit(1),
  );
  return row ? { ...row, snapshot: JSON.parse(row.snapshot) as Snapshot } : undefined;
}

export async function listDecisions(db: Db, transferId: string, stage: ReviewStage) {
  const rows = await db
    .select({ decision: schema.decision, mentorName: schema.user.name, number: schema.submission.number })
    .from(schema.decision)
    .innerJoin(schema.submission, eq(schema.submission.id, schema.decision.submissionId))
    .leftJoin(schema.user, eq(schema.user.id, schema.decision.mentorId))
    .where(and(eq(schema.decision.transferId, transferId), eq(schema.decision.stage, stage)))
    .orderBy(asc(schema.decision.createdAt));
  return rows.map((r) => ({ ...r.decision, rubric: JSON.parse(r.decision.rubric) as Rubric, mentorName: r.mentorName ?? 'A former mentor', number: r.number }));
}

const author = alias(schema.user, 'author');

/** The stage's comments as threads (a top-level comment with its replies, oldest first), each with its earlier texts. */
export async function listThreads(db: Db, transferId: string, stage: ReviewStage) {
  const rows = await db
    .select({ comment: schema.comment, authorName: author.name, number: schema.submission.number })
    .from(schema.comment)
    .leftJoin(author, eq(author.id, schema.comment.authorId))
    .leftJoin(schema.submission, eq(schema.submission.id, schema.comment.submissionId))
    .where(and(eq(schema.comment.transferId, transferId), eq(schema.comment.stage, stage)))
    .orderBy(asc(schema.comment.createdAt));
  const revisions = await db
    .select({ commentId: schema.commentRevision.commentId, body: schema.commentRevision.body, replacedAt: schema.commentRevision.replacedAt })
    .from(schema.commentRevision)
    .innerJoin(schema.comment, eq(schema.comment.id, schema.commentRevision.commentId))
    .where(and(eq(schema.comment.transferId, transferId), eq(schema.comment.stage, stage)))
    .orderBy(asc(schema.commentRevision.id));
  const view = rows.map((r) => ({ ...r.comment, authorName: r.authorName ?? 'A former participant', versionNumber: r.number, history: revisions.filter((h) => h.commentId === r.comment.id) }));
  return view.filter((c) => !c.parentId).map((c) => ({ ...c, replies: view.filter((r) => r.parentId === c.id) }));
}
export type Thread = Awaited<ReturnType<typeof listThreads>>[number];

export async function listActivity(db: Db, transferId: string, limit = 50) {
  const rows = await db.select().from(schema.activity).where(eq(schema.activity.transferId, transferId)).orderBy(desc(schema.activity.id)).limit(limit);
  // In the reader's language (stored messages); older rows keep their English summary.
  return rows.map((r) => ({ ...r, summary: storedText(r) }));
}

/** Shown on every workspace page: one indexed count. */
export async function unreadCount(db: Db, userId: string): Promise<number> {
  const row = await prepared(db, 'notification.unread', (d) =>
    d
      .select({ n: sql<number>`count(*)` })
      .from(schema.notification)
      .where(and(eq(schema.notification.userId, sql.placeholder('userId')), isNull(schema.notification.readAt))),
  ).get({ userId });
  return row?.n ?? 0;
}

export async function listNotifications(db: Db, userId: string, limit = 100) {
  return db.select().from(schema.notification).where(eq(schema.notification.userId, userId)).orderBy(desc(schema.notification.id)).limit(limit);
}
