/**
 * The adoption story's workflow, one command per change: propose the parts to publish, consent (one side each: the
 * adopting organisation's editors, the assigned mentors), revoke a consent before publication, and withdraw a
 * published story (coordinators). Each checks permission (permissions.ts), writes in one transaction with its
 * audit event, activity and notifications, then — only after the commit — sends e-mails and asks for a rebuild of
 * the public site (publish and withdraw only). Every change raises the story's `version`: a command names the
 * version the person saw and is refused when the story changed since, so nobody consents to what they did not see.
 */
import { formats, t } from '../../../i18n/index.ts';
import { z } from 'astro/zod';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import type { Mail } from '../mail/mailer.ts';
import { canWithdrawStory, storySide, type Actor, type StorySide, type TransferAccess } from '../permissions.ts';
import { fail, parseInput, type Result } from '../result.ts';
import { announce, deliver, participants } from '../review/notify.ts';
import { activeOnly, requireActiveTransfer } from '../transfers/active.ts';
import { bumpRevision } from '../transfers/revision.ts';
import { storyParts, type AdoptionStory, type StoryPart } from '../../../schemas/story.ts';
import { requestPublication, type RequestPublication } from './publish-hook.ts';
import { composeFor, type StoryForms } from './source.ts';
import { slug } from './compose.ts';

export type StoryTransfer = TransferAccess & { id: string; title: string };
export type StoryMeta = { ip: string; origin: string; now?: Date };
type StoryRow = typeof schema.adoptionStory.$inferSelect;

export const storyLink = (transferId: string) => `/workspace/transfers/${transferId}/story/`;

const outOfDate = { error: () => t('stories:command.outOfDate') };
const versionField = z.coerce.number(outOfDate).int(outOfDate).min(0, outOfDate);
const storyIdField = z.string(outOfDate).min(1, outOfDate);
const changed = () => t('stories:command.changed');

export const proposeInput = z.object({
  parts: z.array(z.enum(storyParts, { error: () => t('stories:command.partsFromList') })).min(1, { error: () => t('stories:command.partsAtLeastOne') }),
  version: versionField,
});
export const consentInput = z.object({ storyId: storyIdField, version: versionField });
export const withdrawInput = z.object({
  storyId: storyIdField,
  version: versionField,
  reason: z.string({ error: () => t('stories:command.reasonRequired') }).trim().min(1, { error: () => t('stories:command.reasonEmpty') }).max(2000, { error: () => t('stories:command.reasonTooLong', { max: formats().number(2000) }) }),
});

const refuse = (db: Db, actor: Actor, action: string, targetId: string, meta: StoryMeta, message: string) =>
  denied(db, { action, actorUserId: actor.userId, targetType: 'transfer', targetId, ip: meta.ip }, message);

const userName = async (tx: Tx, id: string) => (await first(tx.select({ name: schema.user.name }).from(schema.user).where(eq(schema.user.id, id)).limit(1)))?.name ?? 'Someone';

/** The transfer's story in the making or published (withdrawn ones are history): at most one at a time. */
export async function liveStory(tx: Tx | Db, transferId: string): Promise<StoryRow | undefined> {
  return first(
    tx
      .select()
      .from(schema.adoptionStory)
      .where(and(eq(schema.adoptionStory.transferId, transferId), inArray(schema.adoptionStory.status, ['proposed', 'published'])))
      .orderBy(desc(schema.adoptionStory.createdAt))
      .limit(1),
  );
}

/** A public id: readable (organisation and practice) and never reused, since a withdrawn story keeps its id. */
function newStoryId(organisationName: string, practiceId: string): string {
  const base = `${slug(organisationName)}-${slug(practiceId)}`.replace(/-+/g, '-').replace(/^-+|-+$/g, '');
  // 40 random bits: a collision (which the primary key would refuse) is not a practical concern.
  return `${base || 'story'}-${crypto.randomUUID().replace(/-/g, '').slice(0, 10)}`;
}

/** What is compared to tell whether a new proposal changes what was consented to: the content, not its placeholders. */
const content = (story: AdoptionStory) => JSON.stringify({ ...story, id: '', publishedAt: '' });

const other = (side: StorySide): StorySide => (side === 'editor' ? 'mentor' : 'editor');

/** Recipients on a side: the adopting team (its editors and viewers read the transfer) or the assigned mentors. */
async function sideRecipients(tx: Tx, transfer: StoryTransfer, side: StorySide | 'both') {
  const people = await participants(tx, transfer);
  return side === 'both' ? [...people.team, ...people.mentors] : side === 'editor' ? people.team : people.mentors;
}

type Outcome<T> = { error: string; status?: number } | ({ mails: Mail[] } & T);

async function finish<T extends object>(db: Db, outcome: Outcome<T>, after?: (value: T) => void): Promise<Result<T>> {
  if ('error' in outcome) return fail({ '': [outcome.error] }, outcome.status ?? 409);
  const { mails, ...value } = outcome;
  after?.(value as unknown as T);
  await deliver(db, mails);
  return { ok: true, ...(value as unknown as T) };
}

/**
 * An editor of the adopting organisation or an assigned mentor chooses the parts of the approved report to
 * publish. The story is composed and frozen now (`publicJson`), so both consent to exactly what will be public.
 * A new choice replaces the unpublished proposal and clears both consents; the same choice changes nothing.
 */
export const proposeStory = activeOnly(async function proposeStory(db: Db, actor: Actor, transfer: StoryTransfer, forms: StoryForms, input: unknown, meta: StoryMeta): Promise<Result<{ storyId: string; unchanged: boolean }>> {
  const side = storySide(actor, transfer);
  if (!side) return refuse(db, actor, 'story.propose', transfer.id, meta, t('stories:command.whoProposes'));
  const parsed = parseInput(proposeInput, input, ['version']);
  if (!parsed.ok) return parsed;
  const parts = storyParts.filter((p) => parsed.data.parts.includes(p));
  const nowDate = meta.now ?? new Date();
  const now = isoNow(nowDate);
  const outcome = await writeTransaction(db, async (tx): Promise<Outcome<{ storyId: string; unchanged: boolean }>> => {
    await requireActiveTransfer(tx, transfer.id);
    const current = await liveStory(tx, transfer.id);
    if (current?.status === 'published') return { error: t('stories:command.alreadyPublished') };
    if ((current?.version ?? 0) !== parsed.data.version) return { error: changed() };
    const composed = await composeFor(tx, forms, transfer.id, [...parts], nowDate);
    if (!composed.ok) return { error: composed.reason };
    if (current && JSON.stringify(JSON.parse(current.parts)) === JSON.stringify(parts) && content(JSON.parse(current.publicJson) as AdoptionStory) === content(composed.story))
      return { storyId: current.id, unchanged: true, mails: [] };
    const storyId = current?.id ?? newStoryId((await first(tx.select({ name: schema.organisation.name }).from(schema.organisation).where(eq(schema.organisation.id, transfer.organisationId)).limit(1)))?.name ?? '', composed.story.practice);
    const publicJson = JSON.stringify({ ...composed.story, id: storyId });
    const cleared = { editorConsentBy: null, editorConsentAt: null, mentorConsentBy: null, mentorConsentAt: null };
    if (current) await tx.update(schema.adoptionStory).set({ parts: JSON.stringify(parts), publicJson, reportVersion: composed.story.source.reportVersion, ...cleared, version: current.version + 1 }).where(eq(schema.adoptionStory.id, current.id));
    else await tx.insert(schema.adoptionStory).values({ id: storyId, transferId: transfer.id, status: 'proposed', parts: JSON.stringify(parts), publicJson, reportVersion: composed.story.source.reportVersion, createdBy: actor.userId, createdAt: now, version: 1 });
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'story.propose', outcome: 'success', actorUserId: actor.userId, targetType: 'adoption_story', targetId: storyId, ip: meta.ip, detail: { transferId: transfer.id, parts, reportVersion: composed.story.source.reportVersion, consentsCleared: !!(current?.editorConsentAt || current?.mentorConsentAt) } });
    const who = await userName(tx, actor.userId);
    const mails = await announce(
      tx,
      {
        transferId: transfer.id,
        actorUserId: actor.userId,
        message: { key: 'shell:events.storyProposed', params: { who, count: parts.length } },
        link: storyLink(transfer.id),
        recipients: await sideRecipients(tx, transfer, other(side)),
        mail: { subject: { key: 'mail:story.proposedSubject', params: { transfer: transfer.title } }, body: [{ key: 'mail:story.proposedBody', params: { who, transfer: transfer.title } }] },
      },
      { now, origin: meta.origin },
    );
    return { storyId, unchanged: false, mails };
  });
  return finish(db, outcome);
});

/** Which columns hold a side's consent. */
const consentColumns = (side: StorySide): { by: 'editorConsentBy' | 'mentorConsentBy'; at: 'editorConsentAt' | 'mentorConsentAt' } =>
  side === 'editor' ? { by: 'editorConsentBy', at: 'editorConsentAt' } : { by: 'mentorConsentBy', at: 'mentorConsentAt' };

async function proposedStory(tx: Tx, transferId: string, storyId: string, version: number): Promise<{ row: StoryRow } | { error: string }> {
  const row = await first(tx.select().from(schema.adoptionStory).where(and(eq(schema.adoptionStory.id, storyId), eq(schema.adoptionStory.transferId, transferId))).limit(1));
  if (!row) return { error: t('stories:command.gone') };
  if (row.status === 'published') return { error: t('stories:command.publishedNoConsent') };
  if (row.status === 'withdrawn') return { error: t('stories:command.wasWithdrawn') };
  if (row.version !== version) return { error: changed() };
  return { row };
}

/**
 * One side consents to the proposal as it stands. When the other side has consented to the same version, the story
 * is published: its publication time is set in the frozen story, and a rebuild is requested once this commits.
 */
export const consentToStory = activeOnly(async function consentToStory(db: Db, actor: Actor, transfer: StoryTransfer, input: unknown, meta: StoryMeta, publish: RequestPublication = requestPublication): Promise<Result<{ published: boolean }>> {
  const side = storySide(actor, transfer);
  if (!side) return refuse(db, actor, 'story.consent', transfer.id, meta, t('stories:command.whoConsents'));
  const parsed = parseInput(consentInput, input, ['storyId', 'version']);
  if (!parsed.ok) return parsed;
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<Outcome<{ published: boolean; title: string }>> => {
    await requireActiveTransfer(tx, transfer.id);
    const found = await proposedStory(tx, transfer.id, parsed.data.storyId, parsed.data.version);
    if ('error' in found) return found;
    const { row } = found;
    const mine = consentColumns(side);
    if (row[mine.at]) return { error: side === 'editor' ? t('stories:command.editorAlready') : t('stories:command.mentorAlready') };
    const theirs = consentColumns(other(side));
    const published = !!row[theirs.at];
    const story = JSON.parse(row.publicJson) as AdoptionStory;
    const publicJson = published ? JSON.stringify({ ...story, id: row.id, publishedAt: now }) : row.publicJson;
    await tx
      .update(schema.adoptionStory)
      .set({ [mine.by]: actor.userId, [mine.at]: now, ...(published ? { status: 'published' as const, publishedAt: now, publicJson } : {}), version: row.version + 1 })
      .where(eq(schema.adoptionStory.id, row.id));
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'story.consent', outcome: 'success', actorUserId: actor.userId, targetType: 'adoption_story', targetId: row.id, ip: meta.ip, detail: { transferId: transfer.id, side, version: row.version } });
    if (published) await recordAuditInTx(tx, { action: 'story.publish', outcome: 'success', actorUserId: actor.userId, targetType: 'adoption_story', targetId: row.id, ip: meta.ip, detail: { transferId: transfer.id, reportVersion: row.reportVersion } });
    const who = await userName(tx, actor.userId);
    const mails = await announce(
      tx,
      published
        ? {
            transferId: transfer.id,
            actorUserId: actor.userId,
            message: { key: 'shell:events.storyPublished', params: { who } },
            link: storyLink(transfer.id),
            recipients: await sideRecipients(tx, transfer, 'both'),
            mail: { subject: { key: 'mail:story.publishedSubject', params: { transfer: transfer.title } }, body: [{ key: 'mail:story.publishedBody', params: { transfer: transfer.title } }] },
          }
        : {
            transferId: transfer.id,
            actorUserId: actor.userId,
            message: { key: side === 'editor' ? 'shell:events.storyConsentedByEditor' : 'shell:events.storyConsentedByMentor', params: { who } },
            link: storyLink(transfer.id),
            recipients: await sideRecipients(tx, transfer, other(side)),
            mail: { subject: { key: 'mail:story.consentAskedSubject', params: { transfer: transfer.title } }, body: [{ key: side === 'editor' ? 'mail:story.consentedByEditorBody' : 'mail:story.consentedByMentorBody', params: { who, transfer: transfer.title } }] },
          },
      { now, origin: meta.origin },
    );
    return { published, title: story.title, mails };
  });
  const result = await finish(db, outcome, (v) => {
    if (v.published) publish(db, { reason: `Story published: ${v.title}`, requestedBy: actor.userId });
  });
  return result.ok ? { ok: true, published: result.published } : result;
});

/** A side takes back its consent before the story is published (afterwards only a withdrawal takes it down). */
export const revokeConsent = activeOnly(async function revokeConsent(db: Db, actor: Actor, transfer: StoryTransfer, input: unknown, meta: StoryMeta): Promise<Result> {
  const side = storySide(actor, transfer);
  if (!side) return refuse(db, actor, 'story.revoke', transfer.id, meta, t('stories:command.whoRevokes'));
  const parsed = parseInput(consentInput, input, ['storyId', 'version']);
  if (!parsed.ok) return parsed;
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<Outcome<object>> => {
    await requireActiveTransfer(tx, transfer.id);
    const found = await proposedStory(tx, transfer.id, parsed.data.storyId, parsed.data.version);
    if ('error' in found) return found;
    const { row } = found;
    const mine = consentColumns(side);
    if (!row[mine.at]) return { error: t('stories:command.nothingToRevoke') };
    await tx.update(schema.adoptionStory).set({ [mine.by]: null, [mine.at]: null, version: row.version + 1 }).where(eq(schema.adoptionStory.id, row.id));
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'story.revoke', outcome: 'success', actorUserId: actor.userId, targetType: 'adoption_story', targetId: row.id, ip: meta.ip, detail: { transferId: transfer.id, side, version: row.version } });
    const mails = await announce(
      tx,
      { transferId: transfer.id, actorUserId: actor.userId, message: { key: 'shell:events.storyConsentRevoked', params: { who: await userName(tx, actor.userId) } }, link: storyLink(transfer.id), recipients: await sideRecipients(tx, transfer, other(side)) },
      { now, origin: meta.origin },
    );
    return { mails };
  });
  return finish(db, outcome);
});

/**
 * A coordinator withdraws a published story, saying why: it leaves every public page at the next rebuild, which is
 * requested once this commits. Allowed whatever the transfer's status: taking something down must never wait.
 */
export async function withdrawStory(db: Db, actor: Actor, input: unknown, meta: StoryMeta, publish: RequestPublication = requestPublication): Promise<Result<{ transferId: string }>> {
  const storyId = typeof (input as { storyId?: unknown })?.storyId === 'string' ? (input as { storyId: string }).storyId : '';
  if (!canWithdrawStory(actor)) return denied(db, { action: 'story.withdraw', actorUserId: actor.userId, targetType: 'adoption_story', targetId: storyId || null, ip: meta.ip }, t('stories:command.whoWithdraws'));
  const parsed = parseInput(withdrawInput, input, ['storyId', 'version']);
  if (!parsed.ok) return parsed;
  const now = isoNow(meta.now);
  const outcome = await writeTransaction(db, async (tx): Promise<Outcome<{ transferId: string; title: string }>> => {
    const row = await first(tx.select().from(schema.adoptionStory).where(eq(schema.adoptionStory.id, parsed.data.storyId)).limit(1));
    if (!row) return { error: t('stories:command.gone'), status: 404 };
    if (row.status !== 'published') return { error: row.status === 'withdrawn' ? t('stories:command.alreadyWithdrawn') : t('stories:command.notPublished') };
    if (row.version !== parsed.data.version) return { error: changed() };
    const transfer = await first(tx.select({ id: schema.transfer.id, title: schema.transfer.title, organisationId: schema.transfer.organisationId }).from(schema.transfer).where(eq(schema.transfer.id, row.transferId)).limit(1));
    const mentorIds = (await tx.select({ id: schema.transferMentor.userId }).from(schema.transferMentor).where(eq(schema.transferMentor.transferId, row.transferId))).map((m) => m.id);
    await tx.update(schema.adoptionStory).set({ status: 'withdrawn', withdrawnAt: now, withdrawnBy: actor.userId, withdrawnReason: parsed.data.reason, version: row.version + 1 }).where(eq(schema.adoptionStory.id, row.id));
    await bumpRevision(tx, row.transferId);
    await recordAuditInTx(tx, { action: 'story.withdraw', outcome: 'success', actorUserId: actor.userId, targetType: 'adoption_story', targetId: row.id, ip: meta.ip, detail: { transferId: row.transferId, reason: parsed.data.reason } });
    const title = (JSON.parse(row.publicJson) as AdoptionStory).title;
    const mails = transfer
      ? await announce(
          tx,
          {
            transferId: row.transferId,
            actorUserId: actor.userId,
            message: { key: 'shell:events.storyWithdrawn', params: { who: await userName(tx, actor.userId), reason: parsed.data.reason } },
            link: storyLink(row.transferId),
            recipients: await sideRecipients(tx, { ...transfer, mentorIds }, 'both'),
            mail: { subject: { key: 'mail:story.withdrawnSubject', params: { transfer: transfer.title } }, body: [{ key: 'mail:story.withdrawnBody', params: { transfer: transfer.title } }, { key: 'mail:story.reasonGiven', params: { reason: parsed.data.reason } }] },
          },
          { now, origin: meta.origin },
        )
      : [];
    return { transferId: row.transferId, title, mails };
  });
  const result = await finish(db, outcome, (v) => publish(db, { reason: `Story withdrawn: ${v.title}`, requestedBy: actor.userId }));
  return result.ok ? { ok: true, transferId: result.transferId } : result;
}

export type { StoryPart };
