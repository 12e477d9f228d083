/**
 * The review state machine of one stage of a transfer, the one place its rules live:
 *
 *   draft ──submit──▶ submitted ──request changes──▶ changes requested ──submit──▶ resubmitted
 *                        │                                    ▲                         │
 *                        └──approve──▶ approved ──submit──▶ resubmitted ◀───────────────┘ (request changes again)
 *
 * The team submits; an assigned mentor decides (who may do what is in permissions.ts). A decision is taken only on
 * a version waiting for review; a submission is refused while one is waiting, so a mentor never reviews a version
 * that moved under them.
 */
import { currentLocale, t } from '../../../i18n/index.ts';
import { inSentence } from '../../public/in-sentence.ts';
import type { schema } from '../db.ts';

/** A review stage's id, as the template files name it (`workspace.review.stage`; the template registry lists them). */
export type ReviewStage = string;
export type ReviewState = (typeof schema.reviewStates)[number];
export type DecisionOutcome = (typeof schema.decisionOutcomes)[number];
export type ReviewEvent = 'submit' | DecisionOutcome;

const transitions: Record<ReviewState, Partial<Record<ReviewEvent, ReviewState>>> = {
  draft: { submit: 'submitted' },
  submitted: { 'request-changes': 'changes-requested', approve: 'approved', 'approve-with-changes': 'approved' },
  'changes-requested': { submit: 'resubmitted' },
  resubmitted: { 'request-changes': 'changes-requested', approve: 'approved', 'approve-with-changes': 'approved' },
  // An approved stage can be improved and sent again; it is then waiting for review like any resubmission.
  approved: { submit: 'resubmitted' },
};

/** Translates a catalogue key built at run time (from an id or a table of keys); the English catalogue holds each one. */
export const tr = (key: string, params?: Record<string, unknown>): string => (t as unknown as (k: string, o?: object) => string)(key, params);

/**
 * Labels by code, read from the catalogue each time one is read: the same object speaks the language of whoever
 * reads it (`stateLabels[state]` stays as it was for its many readers).
 */
export function translatedLabels<K extends string>(keys: Record<K, string>): Readonly<Record<K, string>> {
  // No prototype: a code read from a URL (?done=constructor) finds nothing rather than an Object method.
  const labels = Object.create(null) as Record<K, string>;
  for (const [code, key] of Object.entries(keys) as [K, string][]) Object.defineProperty(labels, code, { get: () => tr(key), enumerable: true });
  return labels;
}

/** Why an event is refused in a state, in words for the person who tried. */
const refusals = translatedLabels<ReviewState>({
  draft: 'review:refusals.draft',
  submitted: 'review:refusals.waiting',
  'changes-requested': 'review:refusals.changesRequested',
  resubmitted: 'review:refusals.waiting',
  approved: 'review:refusals.approved',
});

/**
 * A title inside a sentence: lowered as English writes it ("fill in action plan"); German keeps its nouns' capitals,
 * and other languages read a title's capital better than a wrongly lowered noun, so only English and its pseudo-copy lower.
 */
export const titleInSentence = (title: string) => (currentLocale() === 'en' || currentLocale() === 'qps' ? inSentence(title) : title);

export type Transition = { ok: true; next: ReviewState } | { ok: false; reason: string };

export function transition(state: ReviewState, event: ReviewEvent): Transition {
  const next = transitions[state][event];
  return next ? { ok: true, next } : { ok: false, reason: refusals[state] };
}

/**
 * Whether the team may submit a stage, besides who they are: the state must allow it, no required change may be
 * open, and there must be something to submit. Gives the next state, or the reason in words.
 */
export function checkSubmit(state: ReviewState, facts: { openRequiredChanges: number; isEmpty: boolean; stageTitle: string }): Transition {
  const step = transition(state, 'submit');
  if (!step.ok) return step;
  if (facts.openRequiredChanges > 0) return { ok: false, reason: t('review:refusals.openRequiredChanges', { open: facts.openRequiredChanges }) };
  if (facts.isEmpty) return { ok: false, reason: t('review:refusals.nothingToSubmit', { stage: titleInSentence(facts.stageTitle) }) };
  return step;
}

/** Required changes of a stage not yet accepted by the mentor, by where they wait. */
export type OutstandingChanges = { open: number; addressed: number };

/** "2 required changes are not accepted yet (1 answered, waiting for you; 1 still open with the team)". */
export function describeOutstanding({ open, addressed }: OutstandingChanges): string {
  const n = open + addressed;
  const parts = [addressed > 0 && t('review:outstanding.answered', { n: addressed }), open > 0 && t('review:outstanding.open', { n: open })].filter(Boolean);
  return t('review:outstanding.summary', { count: n, parts: parts.join('; ') });
}

/**
 * Whether a mentor's decision may be recorded: the state must allow it, it must be on the latest version, approval
 * (with or without changes) needs every required change accepted, and requesting changes must say which. `field`
 * names the form field a reason belongs to.
 */
export function checkDecision(
  state: ReviewState,
  outcome: DecisionOutcome,
  facts: { reviewedLatest: boolean; latestNumber: number; requiredChanges: OutstandingChanges; hasNote: boolean },
): Transition | { ok: false; reason: string; field: 'outcome' | 'note' } {
  const step = transition(state, outcome);
  if (!step.ok) return step;
  if (!facts.reviewedLatest) return { ok: false, reason: t('review:refusals.newerVersion', { number: facts.latestNumber }) };
  const { open, addressed } = facts.requiredChanges;
  if (outcome !== 'request-changes' && open + addressed > 0)
    return { ok: false, reason: t('review:refusals.approveBlocked', { outstanding: describeOutstanding(facts.requiredChanges) }), field: 'outcome' };
  if (outcome === 'request-changes' && open === 0 && !facts.hasNote) return { ok: false, reason: t('review:refusals.sayWhatMustChange'), field: 'note' };
  return step;
}

/** A mentor has something to look at. */
/** Waiting for a mentor: a state a decision can be made in (read from the transition table). */
export const isWaitingForReview = (state: ReviewState) => 'approve' in transitions[state];

/**
 * Whether a mentor may accept or reopen a required change in this state: while a version waits for review or the
 * team works on the changes asked. Not on a draft, and not once approved: reopening a change there would leave
 * an approved stage with an open required change, which approval exists to rule out.
 */
export const canCloseRequiredChangesIn = (state: ReviewState) => state === 'changes-requested' || isWaitingForReview(state);
export const closedStageRefusal = (state: ReviewState) =>
  state === 'approved' ? t('review:refusals.closedApproved') : t('review:refusals.closedDraft');

/** Each state's words, in the reader's language. */
export const stateLabels = translatedLabels<ReviewState>({
  draft: 'review:states.draft',
  submitted: 'review:states.submitted',
  'changes-requested': 'review:states.changesRequested',
  resubmitted: 'review:states.resubmitted',
  approved: 'review:states.approved',
});

export const outcomeLabels = translatedLabels<DecisionOutcome>({
  approve: 'review:outcomes.approve',
  'approve-with-changes': 'review:outcomes.approveWithChanges',
  'request-changes': 'review:outcomes.requestChanges',
});

/** The choices of the mentor's decision form, in `decisionOutcomes` order. */
export const outcomeChoiceLabels = translatedLabels<DecisionOutcome>({
  approve: 'review:outcomeChoices.approve',
  'approve-with-changes': 'review:outcomeChoices.approveWithChanges',
  'request-changes': 'review:outcomeChoices.requestChanges',
});


/**
 * The rubric of the action plan before rubrics became per stage: decisions recorded then were scored on these for
 * every stage, and their pages still show them (see `rubricRows`).
 */
export const legacyRubricCriteria = (['fit', 'fidelity', 'smart', 'kpis', 'feasibility', 'risks', 'budget', 'sustainability', 'equity'] as const).map((id) => ({
  id,
  get label() {
    return tr(`review:legacyRubric.${id}`);
  },
}));

/**
 * The rows a recorded decision shows: the stage's criteria, then any criterion the decision was scored on that the
 * stage no longer asks (a decision from before the stage's rubric changed), labelled as it was.
 */
export function rubricRows(stageRubric: readonly { id: string; label: string }[], scored: Record<string, unknown>): { id: string; label: string }[] {
  const known = new Set(stageRubric.map((c) => c.id));
  const legacy = legacyRubricCriteria.filter((c) => !known.has(c.id) && c.id in scored);
  const other = Object.keys(scored).filter((id) => !known.has(id) && !legacy.some((c) => c.id === id)).map((id) => ({ id, label: id }));
  return [...stageRubric, ...legacy, ...other];
}
