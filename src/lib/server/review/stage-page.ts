/**
 * What the review page of one stage does and shows, computed here so the page only renders: the dispatch of its
 * forms (one command per form key), and the version shown, the comparison, threads, labels and which form may be
 * used. Tested through the page (tests/browser/review.spec.ts) and through the commands it calls.
 */
import type { Db } from '../db.ts';
import { canCloseRequiredChange, canComment, canEditComment, canReviewTransfer, canSubmitStage, type Actor } from '../permissions.ts';
import { fail, type ConflictResult } from '../result.ts';
import type { Section } from '../transfers/entry-schema.ts';
import { entryLabel } from '../transfers/entry-schema.ts';
import type { LoadedTransfer } from '../transfers/queries.ts';
import { templateRegistry, transferPractice } from '../transfers/practices.ts';
import { sectionKey, type ReviewStageInfo } from '../templates/registry.ts';
import { acceptRequiredChange, addComment, addressRequiredChange, decide, editComment, featureItemPrefix, reopenRequiredChange } from './commands.ts';
import { countChanges, diffFeatureChoices, diffSnapshots } from './diff.ts';
import { isRefusal, typedLang, type FailedForm } from './page-forms.ts';
import { getSubmission, listDecisions, listSubmissions, listThreads, stageStatuses } from './queries.ts';
import { changesOnly, groupItems, inFeatureOrder, readView, type StageView } from './stage-view.ts';
import { isWaitingForReview, translatedLabels } from './states.ts';
import { t } from '../../../i18n/index.ts';
import { chooseVersions, threadsElsewhere } from './versions.ts';
import { changesSinceApproval, hasPlanChanges } from '../monitoring/plan-changes.ts';

/** The forms of the review page, by the first part of their "form" key ("reply:<comment id>", …). */
export const stageFormKinds = ['comment', 'reply', 'edit', 'address', 'accept', 'reopen', 'decide'] as const;
export type StageFormKind = (typeof stageFormKinds)[number];

/** What the page says after each form succeeded (?done=<kind>). */
export const doneText = translatedLabels<StageFormKind>({
  comment: 'review:done.comment',
  reply: 'review:done.reply',
  edit: 'review:done.edit',
  address: 'review:done.address',
  accept: 'review:done.accept',
  reopen: 'review:done.reopen',
  decide: 'review:done.decide',
});

type Meta = { ip: string; origin: string };

/** Runs the command a posted form names: where to go on success, or the failed form to re-render. */
export async function handleStageForm(db: Db, actor: Actor, transfer: LoadedTransfer, stage: ReviewStageInfo, values: Record<string, string>, meta: Meta, here: string): Promise<{ location: string } | { failed: FailedForm }> {
  const sections = (await templateRegistry()).sections;
  const fieldsOf = (key: string) => sections.get(key)?.fields.map((f) => f.id);
  const key = values.form ?? '';
  const [kind, target = ''] = key.split(':');
  const result =
    kind === 'comment' ? await addComment(db, actor, transfer, stage, values, fieldsOf, meta)
    : kind === 'reply' && target ? await addComment(db, actor, transfer, stage, { ...values, parentId: target, required: undefined }, fieldsOf, meta)
    : kind === 'edit' ? await editComment(db, actor, transfer, stage, values, meta)
    : kind === 'address' ? await addressRequiredChange(db, actor, transfer, stage, values, meta)
    : kind === 'accept' ? await acceptRequiredChange(db, actor, transfer, stage, values, meta)
    : kind === 'reopen' ? await reopenRequiredChange(db, actor, transfer, stage, values, meta)
    : kind === 'decide' ? await decide(db, actor, transfer, stage, values, meta)
    : fail({ '': [t('review:refusals.formUnknown')] });
  if (result.ok) {
    const anchor = kind === 'decide' ? 'decisions' : kind === 'reply' ? `comment-${target}` : 'commentId' in result ? `comment-${result.commentId}` : `comment-${values.commentId}`;
    return { location: `${here}?done=${kind}#${anchor}` };
  }
  // Only editComment answers with a conflict: the comment's current text, to show beside what was typed.
  const conflict = 'conflict' in result ? (result as ConflictResult<{ body: string }>).conflict : undefined;
  return { failed: { key, values, errors: result.errors, status: result.status ?? 400, theirs: conflict ? { body: conflict.theirs.body, version: conflict.version } : undefined } };
}

/** Everything the review page of a stage shows, for this person, this URL and the form that failed (if any). */
export async function loadStagePage(db: Db, actor: Actor, transfer: LoadedTransfer, stageInfo: ReviewStageInfo, url: URL, failed: FailedForm | undefined) {
  const stage = stageInfo.id;
  const registry = await templateRegistry();
  const sectionsById = registry.sections;
  const isMentor = canReviewTransfer(actor, transfer);
  const statuses = await stageStatuses(db, transfer.id, registry.stages);
  const status = statuses.find((s) => s.stage === stage)!;
  const submissions = await listSubmissions(db, transfer.id, stage);
  const decisions = await listDecisions(db, transfer.id, stage);
  const latest = submissions.at(-1);
  const param = (name: string) => (url.searchParams.has(name) ? Number(url.searchParams.get(name)) : undefined);
  const versions = chooseVersions(submissions.map((s) => s.number), decisions.map((d) => d.number), { version: param('version'), compare: param('compare') });
  const shown = versions.shown ? await getSubmission(db, transfer.id, stage, versions.shown) : undefined;
  const compared = versions.compared ? await getSubmission(db, transfer.id, stage, versions.compared) : undefined;
  const items = shown ? diffSnapshots(compared?.snapshot, shown.snapshot) : [];
  const practice = await transferPractice(transfer);
  const features = practice.features;
  const threads = await listThreads(db, transfer.id, stage);
  // "Changes only" needs something to compare with; a first version is shown whole.
  const view: StageView = compared ? readView(url) : 'all';
  const outstanding = threads.filter((t) => t.required && t.status !== 'accepted');
  const outstandingOn = new Set(outstanding.flatMap((t) => (t.entryId ? [t.entryId] : [])));
  const allGroups = groupItems(items, registry);
  const groups = view === 'changes' ? groupItems(changesOnly(items, outstandingOn), registry) : allGroups;
  const choiceChanges = shown ? diffFeatureChoices(compared?.snapshot, shown.snapshot) : [];
  const allChoices = inFeatureOrder(shown?.snapshot.featureChoices ?? [], features);
  const featureChoices = view === 'changes' ? allChoices.filter((c) => choiceChanges.some((x) => x.featureId === c.featureId) || outstandingOn.has(`${featureItemPrefix}${c.featureId}`)) : allChoices;
  // Threads on items of this version; the rest (items not in this version, or in a section the template no longer has) are listed apart.
  const orphans = threadsElsewhere(threads, [...allGroups.flatMap((g) => g.items.map((i) => i.entry.id)), ...allChoices.map((c) => `${featureItemPrefix}${c.featureId}`)]);
  const hasThreads = new Set(threads.map((t) => t.entryId));
  // The working copy against the approved version: what a revised plan would change (status and progress aside).
  const changes = await changesSinceApproval(db, transfer.id, stageInfo, sectionsById);
  const sinceApproval = hasPlanChanges(changes) ? { changes, groups: groupItems([...changes.changed, ...changes.added, ...changes.removed], registry) } : undefined;
  const mayDecide = isMentor && isWaitingForReview(status.state) && versions.shown === latest?.number;
  const labels = linkLabels(sectionsById, [shown?.snapshot, compared?.snapshot, changes?.draft], features);
  const itemLabels = new Map(allGroups.flatMap((g) => g.items.map((i) => [i.entry.id, i.label] as const)));

  // A failure whose form is no longer on the page (refused, or the state moved on: the change was answered, the
  // stage decided) is shown at the top with what was typed; the forms then render fresh.
  const failedThread = threads.find((t) => t.id === failed?.key.split(':')[1]);
  const failedStatus = failedThread?.required ? (failedThread.status ?? 'open') : undefined;
  const formGone =
    isRefusal(failed) ||
    (failed?.key.startsWith('address:') && failedStatus !== 'open') ||
    (failed?.key.startsWith('accept:') && failedStatus !== 'open' && failedStatus !== 'addressed') ||
    (failed?.key.startsWith('reopen:') && failedStatus !== 'addressed' && failedStatus !== 'accepted') ||
    (failed?.key === 'decide' && !mayDecide);
  // The links between the two views keep the versions asked for.
  const viewLink = (to: StageView) => {
    const next = new URLSearchParams([...url.searchParams].filter(([k]) => k === 'version' || k === 'compare'));
    if (to === 'changes') next.set('view', 'changes');
    return `${url.pathname}${next.size ? `?${next}` : ''}`;
  };

  return {
    practice,
    features,
    status,
    submissions,
    decisions,
    latest,
    versions,
    shown,
    compared,
    counts: countChanges(items),
    view,
    viewLink,
    /** Unchanged items the "changes only" view leaves out. */
    hiddenCount: view === 'changes' ? items.length - groups.reduce((n, g) => n + g.items.length, 0) : 0,
    groups,
    /** Unchanged items are folded away when there is a comparison, unless a conversation (or a comment just refused) is about them. */
    folded: (item: { status: string; entry: { id: string } }) => !!compared && item.status === 'unchanged' && !hasThreads.has(item.entry.id) && failed?.values.entryId !== item.entry.id,
    featureChoices,
    choiceChanges,
    threads,
    orphans,
    /** Required changes not yet accepted, with what they are about: what stands between the mentor and approval. */
    outstanding: outstanding.map((t) => ({ id: t.id, status: t.status ?? 'open', body: t.body, about: aboutLabel(t.entryId, itemLabels, labels) })),
    labels,
    sinceApproval,
    may: {
      review: isMentor,
      submit: canSubmitStage(actor, transfer),
      comment: canComment(actor, transfer),
      decide: mayDecide,
      editComment: (authorId: string | null) => canEditComment(actor, transfer, authorId),
      closeChange: (askedBy: string | null) => canCloseRequiredChange(actor, transfer, askedBy),
    },
    /** The language of what people typed (comments, answers, records) when it is not the page's: their elements say so. */
    typedLang: typedLang(transfer.workingLanguage),
    /** Comments are made on the latest version only. */
    commentable: !!shown && shown.number === latest?.number,
    refused: failed && formGone ? failed : undefined,
    formFailure: formGone ? undefined : failed,
  };
}

/** What a thread is about, in words: the whole stage, a core-feature decision, or an item (by its label as submitted). */
function aboutLabel(entryId: string | null, itemLabels: ReadonlyMap<string, string>, labels: ReadonlyMap<string, string>): string {
  if (!entryId) return t('review:about.wholeStage');
  const id = entryId.startsWith(featureItemPrefix) ? entryId.slice(featureItemPrefix.length) : entryId;
  return itemLabels.get(id) ?? labels.get(id) ?? t('review:about.itemNotInVersion');
}

type Snapshot = NonNullable<Awaited<ReturnType<typeof getSubmission>>>['snapshot'];

/**
 * Labels for link fields, as they were when submitted: records of the versions shown, the records of other stages
 * they link to (frozen with them), and the practice's core features.
 */
function linkLabels(sectionsById: ReadonlyMap<string, Section>, snapshots: (Snapshot | undefined)[], features: { id: string; name: string }[]): Map<string, string> {
  const labels = new Map<string, string>();
  const label = (id: string, e: { template: string; section: string; data: Record<string, string | number | string[]> }) => {
    const s = sectionsById.get(sectionKey(e.template, e.section));
    if (s && !labels.has(id)) labels.set(id, entryLabel(s, e.data));
  };
  for (const snapshot of snapshots) {
    for (const e of snapshot?.entries ?? []) label(e.id, e);
    for (const [id, e] of Object.entries(snapshot?.linked ?? {})) label(id, e);
  }
  for (const f of features) labels.set(f.id, f.name);
  return labels;
}
