/**
 * A transfer's life after it is opened, run by coordinators: its mentors (add, remove), and its status (pause,
 * resume, close, reopen, archive). Each command checks permission (permissions.ts), then in one write transaction
 * reads the transfer as it is now, checks the step, writes it with its audit event, raises the revision (cached
 * pages show the new status at once) and tells the people concerned; e-mails go out after the commit.
 */
import { z } from 'astro/zod';
import { and, eq } from 'drizzle-orm';
import type { TransferStatus } from '../../../../db/schema.ts';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import type { Mail } from '../mail/mailer.ts';
import { canManageTransfer, type Actor } from '../permissions.ts';
import { fail, parseInput, type Result } from '../result.ts';
import { announce, deliver, participants, type Recipient } from '../review/notify.ts';
import { t } from '../../../i18n/index.ts';
import { bumpRevision } from './revision.ts';
import { isWorkingLanguage } from './working-language.ts';

type Meta = { ip: string; origin: string; now?: Date };

export const transferLink = (transferId: string) => `/workspace/transfers/${transferId}/`;
export const manageLink = (transferId: string) => `/workspace/transfers/${transferId}/manage/`;

/** How each status reads on a page, and what it means for the people in the transfer. */
// Getters: each read speaks the language of the request reading it (the objects are shared by every request).
export const statusLabels: Record<TransferStatus, string> = {
  get active() { return t('transfers:status.active'); },
  get paused() { return t('transfers:status.paused'); },
  get closed() { return t('transfers:status.closed'); },
  get archived() { return t('transfers:status.archived'); },
};
export const statusNotices: Record<Exclude<TransferStatus, 'active'>, string> = {
  get paused() { return t('transfers:status.noticePaused'); },
  get closed() { return t('transfers:status.noticeClosed'); },
  get archived() { return t('transfers:status.noticeArchived'); },
};

/** The status steps: from which statuses each is allowed, and where it leads. */
export const statusSteps = {
  pause: { from: ['active'], to: 'paused', verb: 'paused' },
  resume: { from: ['paused'], to: 'active', verb: 'resumed' },
  close: { from: ['active', 'paused'], to: 'closed', verb: 'closed' },
  reopen: { from: ['closed', 'archived'], to: 'active', verb: 'reopened' },
  archive: { from: ['closed'], to: 'archived', verb: 'archived' },
} as const satisfies Record<string, { from: readonly TransferStatus[]; to: TransferStatus; verb: string }>;
export type StatusStep = keyof typeof statusSteps;
export const isStatusStep = (value: unknown): value is StatusStep => typeof value === 'string' && Object.hasOwn(statusSteps, value);

/** The steps a transfer in this status can take, in the order a page offers them. */
export const stepsFrom = (status: TransferStatus): StatusStep[] => (Object.keys(statusSteps) as StatusStep[]).filter((s) => (statusSteps[s].from as readonly TransferStatus[]).includes(status));

const refuse = (db: Db, actor: Actor, action: string, transferId: string, meta: Meta) =>
  denied(db, { action, actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip }, t('transfers:lifecycle.onlyCoordinators'));

const userName = async (tx: Tx, id: string) => (await first(tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, id)).limit(1)))?.name ?? 'Someone';

async function current(tx: Tx, transferId: string) {
  const row = await first(tx.select({ id: schema.transfer.id, title: schema.transfer.title, organisationId: schema.transfer.organisationId, status: schema.transfer.status }).from(schema.transfer).where(eq(schema.transfer.id, transferId)).limit(1));
  if (!row) return undefined;
  const mentorIds = (await tx.select({ id: schema.transferMentor.userId }).from(schema.transferMentor).where(eq(schema.transferMentor.transferId, transferId))).map((m) => m.id);
  return { ...row, mentorIds };
}

/** The adopting team and the mentors (those given, or the transfer's), enabled accounts only. */
async function concerned(tx: Tx, transfer: { organisationId: string; mentorIds: string[] }): Promise<Recipient[]> {
  const people = await participants(tx, transfer);
  return [...people.team, ...people.mentors];
}

export const statusInput = z.object({ reason: z.string().trim().max(500, { error: () => t('transfers:lifecycle.reasonTooLong') }).default('') });

/**
 * Pauses, resumes, closes (with an optional reason, also for a pause), reopens or archives a transfer. A step the
 * transfer's status does not allow (archiving an active transfer, resuming a closed one) changes nothing and says why.
 */
export async function changeTransferStatus(db: Db, actor: Actor, transferId: string, step: StatusStep, input: unknown, meta: Meta): Promise<Result<{ status: TransferStatus }>> {
  const action = `transfer.${step}`;
  if (!canManageTransfer(actor)) return refuse(db, actor, action, transferId, meta);
  const parsed = parseInput(statusInput, input);
  if (!parsed.ok) return parsed;
  const { to, from, verb } = statusSteps[step];
  const reason = step === 'pause' || step === 'close' ? parsed.data.reason : '';
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<{ error: string; status: number } | { mails: Mail[] }> => {
    const transfer = await current(tx, transferId);
    if (!transfer) return { error: t('transfers:lifecycle.noSuchTransfer'), status: 404 };
    if (!(from as readonly TransferStatus[]).includes(transfer.status)) return { error: t('transfers:lifecycle.stepNotAllowed', { status: statusLabels[transfer.status].toLowerCase(), verb: t(`transfers:lifecycle.verb.${step}`) }), status: 409 };
    await tx.update(schema.transfer).set({ status: to, statusReason: reason, statusChangedAt: now }).where(and(eq(schema.transfer.id, transferId), eq(schema.transfer.status, transfer.status)));
    await bumpRevision(tx, transferId);
    await recordAuditInTx(tx, { action, outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip, detail: { from: transfer.status, to, ...(reason ? { reason } : {}) } });
    // Archiving tidies the coordinators' lists: the team and mentors were told when it closed.
    if (step === 'archive') return { mails: [] };
    const who = await userName(tx, actor.userId);
    const message = { key: reason ? `shell:events.transfer.${step}WithReason` : `shell:events.transfer.${step}`, params: { who, transfer: transfer.title, reason } };
    const mails = await announce(
      tx,
      {
        transferId,
        actorUserId: actor.userId,
        message,
        link: transferLink(transferId),
        recipients: await concerned(tx, transfer),
        mail: { subject: { key: `mail:transfer.${step}Subject`, params: { transfer: transfer.title } }, body: [{ key: 'mail:sentence', params: { text: message } }, { key: `mail:transfer.notice.${to}` }] },
      },
      { now, origin: meta.origin },
    );
    return { mails };
  });
  if ('error' in outcome) return fail({ '': [outcome.error] }, outcome.status);
  await deliver(db, outcome.mails);
  return { ok: true, status: to };
}

export const mentorInput = z.object({ userId: z.string().trim().min(1, { error: () => t('transfers:lifecycle.chooseMentor') }) });

/** Assigns one more mentor to a transfer: only a person who holds the mentor role, with an enabled account. */
export async function addMentor(db: Db, actor: Actor, transferId: string, input: unknown, meta: Meta): Promise<Result> {
  if (!canManageTransfer(actor)) return refuse(db, actor, 'transfer.add-mentor', transferId, meta);
  const parsed = parseInput(mentorInput, input);
  if (!parsed.ok) return parsed;
  const { userId } = parsed.data;
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<{ field: string; error: string; status: number } | { mails: Mail[] }> => {
    const transfer = await current(tx, transferId);
    if (!transfer) return { field: '', error: t('transfers:lifecycle.noSuchTransfer'), status: 404 };
    const mentor = await first(
      tx
        .select({ id: schema.user.id, name: schema.user.name, disabledAt: schema.user.disabledAt })
        .from(schema.membership)
        .innerJoin(schema.user, eq(schema.user.id, schema.membership.userId))
        .where(and(eq(schema.membership.userId, userId), eq(schema.membership.role, 'mentor')))
        .limit(1),
    );
    if (!mentor || mentor.disabledAt) return { field: 'userId', error: t('transfers:lifecycle.mentorFromList'), status: 400 };
    if (transfer.mentorIds.includes(userId)) return { field: 'userId', error: t('transfers:lifecycle.alreadyMentors', { name: mentor.name }), status: 409 };
    await tx.insert(schema.transferMentor).values({ transferId, userId });
    await bumpRevision(tx, transferId);
    await recordAuditInTx(tx, { action: 'transfer.add-mentor', outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip, detail: { userId } });
    const who = await userName(tx, actor.userId);
    const message = { key: 'shell:events.mentorAdded', params: { who, mentor: mentor.name, transfer: transfer.title } };
    const mails = await announce(
      tx,
      {
        transferId,
        actorUserId: actor.userId,
        message,
        link: transferLink(transferId),
        recipients: await concerned(tx, { ...transfer, mentorIds: [...transfer.mentorIds, userId] }),
        mail: { subject: { key: 'mail:transfer.mentorAddedSubject', params: { transfer: transfer.title } }, body: [{ key: 'mail:sentence', params: { text: message } }] },
      },
      { now, origin: meta.origin },
    );
    return { mails };
  });
  if ('error' in outcome) return fail({ [outcome.field]: [outcome.error] }, outcome.status);
  await deliver(db, outcome.mails);
  return { ok: true };
}

/**
 * Takes a mentor off a transfer. Removing the last one is allowed (a mentor leaves before another is found): the
 * transfer is then "without a mentor", which `mentorless` says, and nobody can review it until one is added.
 */
export async function removeMentor(db: Db, actor: Actor, transferId: string, input: unknown, meta: Meta): Promise<Result<{ mentorless: boolean }>> {
  if (!canManageTransfer(actor)) return refuse(db, actor, 'transfer.remove-mentor', transferId, meta);
  const parsed = parseInput(mentorInput, input);
  if (!parsed.ok) return parsed;
  const { userId } = parsed.data;
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<{ error: string; status: number } | { mails: Mail[]; mentorless: boolean }> => {
    const transfer = await current(tx, transferId);
    if (!transfer) return { error: t('transfers:lifecycle.noSuchTransfer'), status: 404 };
    if (!transfer.mentorIds.includes(userId)) return { error: t('transfers:lifecycle.notMentor'), status: 409 };
    await tx.delete(schema.transferMentor).where(and(eq(schema.transferMentor.transferId, transferId), eq(schema.transferMentor.userId, userId)));
    const remaining = transfer.mentorIds.filter((id) => id !== userId);
    await bumpRevision(tx, transferId);
    await recordAuditInTx(tx, { action: 'transfer.remove-mentor', outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip, detail: { userId, mentorsLeft: remaining.length } });
    const who = await userName(tx, actor.userId);
    const message = { key: remaining.length === 0 ? 'shell:events.lastMentorRemoved' : 'shell:events.mentorRemoved', params: { who, mentor: await userName(tx, userId), transfer: transfer.title } };
    const everyone = await concerned(tx, { ...transfer, mentorIds: transfer.mentorIds });
    const mail = { subject: { key: 'mail:transfer.mentorRemovedSubject', params: { transfer: transfer.title } }, body: [{ key: 'mail:sentence', params: { text: message } }] };
    const mails = await announce(tx, { transferId, actorUserId: actor.userId, message, link: transferLink(transferId), recipients: everyone.filter((r) => r.id !== userId), mail }, { now, origin: meta.origin });
    // The mentor removed is told too, so nobody learns it from a page that no longer opens; their link goes to
    // the workspace home (the transfer is not theirs to open any more), so the text names the transfer.
    const removed = everyone.filter((r) => r.id === userId);
    if (removed.length > 0)
      mails.push(...(await announce(tx, { transferId, actorUserId: actor.userId, message: { key: 'shell:events.removedYou', params: { who, transfer: transfer.title } }, link: '/workspace/', recipients: removed, sameEvent: true, mail: { subject: mail.subject, body: [{ key: 'mail:transfer.removedYouBody', params: { who, transfer: transfer.title } }] } }, { now, origin: meta.origin })));
    return { mails, mentorless: remaining.length === 0 };
  });
  if ('error' in outcome) return fail({ '': [outcome.error] }, outcome.status);
  await deliver(db, outcome.mails);
  return { ok: true, mentorless: outcome.mentorless };
}

export const workingLanguageInput = z.object({ workingLanguage: z.string().trim().refine(isWorkingLanguage, { error: () => t('transfers:lifecycle.chooseLanguage') }) });

/**
 * Sets the language the team writes the transfer's records in: pages in other languages mark that text with it.
 * Nobody is told (it changes no one's work); the audit keeps the old and new language.
 */
export async function setWorkingLanguage(db: Db, actor: Actor, transferId: string, input: unknown, meta: Meta): Promise<Result<{ workingLanguage: string }>> {
  if (!canManageTransfer(actor)) return refuse(db, actor, 'transfer.working-language', transferId, meta);
  const parsed = parseInput(workingLanguageInput, input);
  if (!parsed.ok) return parsed;
  const { workingLanguage } = parsed.data;
  const outcome = await writeTransaction(db, async (tx): Promise<{ error?: string; status?: number }> => {
    const row = await first(tx.select({ workingLanguage: schema.transfer.workingLanguage }).from(schema.transfer).where(eq(schema.transfer.id, transferId)).limit(1));
    if (!row) return { error: t('transfers:lifecycle.noSuchTransfer'), status: 404 };
    if (row.workingLanguage === workingLanguage) return {};
    await tx.update(schema.transfer).set({ workingLanguage }).where(eq(schema.transfer.id, transferId));
    await bumpRevision(tx, transferId);
    await recordAuditInTx(tx, { action: 'transfer.working-language', outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transferId, ip: meta.ip, detail: { from: row.workingLanguage, to: workingLanguage } });
    return {};
  });
  if (outcome.error) return fail({ '': [outcome.error] }, outcome.status);
  return { ok: true, workingLanguage };
}
