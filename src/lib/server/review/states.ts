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

/** Why an event is refused in a state, in words for the person who tried. */
const refusals: Record<ReviewState, string> = {
  draft: 'This stage has not been submitted yet, so there is nothing to decide on.',
  submitted: 'This stage is already waiting for review. You can keep editing; submit again after the mentor has decided.',
  'changes-requested': 'The mentor has already decided on this version. Wait for the team to resubmit.',
  resubmitted: 'This stage is already waiting for review. You can keep editing; submit again after the mentor has decided.',
  approved: 'This version is already approved. A new submission can be reviewed again.',
};

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
  if (facts.openRequiredChanges > 0) return { ok: false, reason: `Answer every required change and mark it addressed first (${facts.openRequiredChanges} still open).` };
  if (facts.isEmpty) return { ok: false, reason: `There is nothing to submit yet: fill in ${inSentence(facts.stageTitle)} first.` };
  return step;
}

/** Required changes of a stage not yet accepted by the mentor, by where they wait. */
export type OutstandingChanges = { open: number; addressed: number };

/** "2 required changes are not accepted yet (1 answered, waiting for you; 1 still open with the team)". */
export function describeOutstanding({ open, addressed }: OutstandingChanges): string {
  const n = open + addressed;
  const parts = [addressed > 0 && `${addressed} answered, waiting for you to accept or reopen`, open > 0 && `${open} still open with the team`].filter(Boolean);
  return `${n} required ${n === 1 ? 'change is' : 'changes are'} not accepted yet (${parts.join('; ')})`;
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
  if (!facts.reviewedLatest) return { ok: false, reason: `The team submitted a newer version (version ${facts.latestNumber}) while you were reviewing. Look at it first; nothing was decided.` };
  const { open, addressed } = facts.requiredChanges;
  if (outcome !== 'request-changes' && open + addressed > 0)
    return { ok: false, reason: `${describeOutstanding(facts.requiredChanges)}. Accept each one first, or request changes.`, field: 'outcome' };
  if (outcome === 'request-changes' && open === 0 && !facts.hasNote) return { ok: false, reason: 'Say what must change: mark comments as required changes, reopen one, or write it in the note.', field: 'note' };
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
  state === 'approved'
    ? 'This stage is approved: its required changes can no longer be accepted or reopened. Ask for the change in a comment; the team can submit again.'
    : 'This stage has not been submitted yet: there is no required change to accept or reopen.';

export const stateLabels: Record<ReviewState, string> = {
  draft: 'Draft',
  submitted: 'Waiting for review',
  'changes-requested': 'Changes requested',
  resubmitted: 'Resubmitted, waiting for review',
  approved: 'Approved',
};

export const outcomeLabels: Record<DecisionOutcome, string> = {
  approve: 'Approved',
  'approve-with-changes': 'Approved with changes',
  'request-changes': 'Changes requested',
};

/** The choices of the mentor's decision form, in `decisionOutcomes` order. */
export const outcomeChoiceLabels: Record<DecisionOutcome, string> = {
  approve: 'Approve',
  'approve-with-changes': 'Approve with changes (name them in the note; they are not required)',
  'request-changes': 'Request changes',
};


/**
 * The rubric of the action plan before rubrics became per stage: decisions recorded then were scored on these for
 * every stage, and their pages still show them (see `rubricRows`).
 */
export const legacyRubricCriteria = [
  { id: 'fit', label: 'Fit to needs' },
  { id: 'fidelity', label: 'Fidelity to the core features' },
  { id: 'smart', label: 'SMART quality of the objectives' },
  { id: 'kpis', label: 'Quality of the KPIs' },
  { id: 'feasibility', label: 'Feasibility' },
  { id: 'risks', label: 'Risks and their mitigation' },
  { id: 'budget', label: 'Realism of the budget' },
  { id: 'sustainability', label: 'Sustainability' },
  { id: 'equity', label: 'Equity' },
] as const;

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
