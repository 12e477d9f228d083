/**
 * The one place that answers "may this person do this to that?". Every function returns a boolean: the
 * middleware applies `routeAccess`, commands refuse (403, audited) what these deny, and pages hide what a person
 * may not use. Routes never improvise a check. Tenant isolation lives here: a user sees an organisation's data
 * only through a membership of it or as a coordinator; a mentor sees only the transfers assigned to them.
 */
import type { Role, TransferStatus } from '../../../db/schema.ts';

export type Membership = { organisationId: string; organisationKind: 'programme' | 'early-adopter' | 'next-adopter'; role: Role };
export type Actor = { userId: string; memberships: Membership[] };

const hasRole = (actor: Actor | null, role: Role) => !!actor?.memberships.some((m) => m.role === role);

export const isCoordinator = (actor: Actor | null) => hasRole(actor, 'coordinator');

/** Any signed-in, enabled user may open the workspace; what they see in it is filtered by the checks below. */
export const canUseWorkspace = (actor: Actor | null): actor is Actor => actor !== null;

/** Programme administration: organisations, users, invitations, mentor assignments, the outbox and the audit log. */
export const canAdminister = (actor: Actor | null) => isCoordinator(actor);

/** Everyone signed in chooses the language they read the workspace (and their e-mails) in; only their own. */
export const canSetOwnLanguage = (actor: Actor | null): actor is Actor => canUseWorkspace(actor);

/** Coordinators manage other people's accounts; nobody disables or demotes themselves (the programme would lose its last coordinator). */
export const canManageUser = (actor: Actor | null, targetUserId: string) => isCoordinator(actor) && actor!.userId !== targetUserId;

/** Which roles an organisation of a kind can hold: the programme office coordinates, early adopters mentor, next adopters write or read. */
export const rolesForKind: Record<Membership['organisationKind'], Role[]> = {
  programme: ['coordinator'],
  'early-adopter': ['mentor'],
  'next-adopter': ['editor', 'viewer'],
};

/**
 * What the checks need to know about a transfer: whose it is, who mentors it, and where it stands (absent reads as
 * active). A transfer that is not active (paused, closed, archived) stays readable by everyone who could read it,
 * but nobody writes, submits, comments or decides in it until a coordinator resumes or reopens it: every write
 * check below asks `isTransferActive`.
 */
export type TransferAccess = { organisationId: string; mentorIds: string[]; status?: TransferStatus };

/** Whether work goes on in a transfer: not paused, closed or archived. */
export const isTransferActive = (transfer: Pick<TransferAccess, 'status'>) => (transfer.status ?? 'active') === 'active';

/** Coordinators open transfers and assign mentors. */
export const canOpenTransfer = (actor: Actor | null) => isCoordinator(actor);

/** Coordinators run a transfer's lifecycle: its mentors, pausing, closing, reopening and archiving, whatever its status. */
export const canManageTransfer = (actor: Actor | null) => isCoordinator(actor);

/** Coordinators create and rename organisations and correct people's names. */
export const canManageOrganisations = (actor: Actor | null) => isCoordinator(actor);
export const canRenamePerson = (actor: Actor | null) => isCoordinator(actor);

/** Who sees a transfer: coordinators, every member of the adopting organisation, and its assigned mentors only. */
export const canViewTransfer = (actor: Actor | null, transfer: TransferAccess) =>
  isCoordinator(actor) ||
  !!actor?.memberships.some((m) => m.organisationId === transfer.organisationId && (m.role === 'editor' || m.role === 'viewer')) ||
  (!!actor && hasRole(actor, 'mentor') && transfer.mentorIds.includes(actor.userId));

/** Who writes a transfer's plans: the editors of the adopting organisation, nobody else (mentors comment, coordinators oversee). */
export const canEditTransfer = (actor: Actor | null, transfer: TransferAccess) =>
  isTransferActive(transfer) &&
  !!actor?.memberships.some((m) => m.organisationId === transfer.organisationId && m.role === 'editor');

/** Review belongs to the mentors assigned to the transfer, nobody else: not other mentors, not coordinators. */
export const canReviewTransfer = (actor: Actor | null, transfer: TransferAccess) =>
  isTransferActive(transfer) && !!actor && hasRole(actor, 'mentor') && transfer.mentorIds.includes(actor.userId);

/**
 * Implementation records (dated action updates, KPI measurements and their CSV imports, how a KPI's chart is read,
 * maturity scored again at a workshop) are the team's to write, like the plan: its editors. Readers of the transfer
 * read them.
 */
export const canRecordImplementation = canEditTransfer;

/** Recently deleted records: read by whoever reads the transfer, restored by those who may delete them (its editors). */
export const canSeeDeletedEntries = canViewTransfer;
export const canRestoreEntries = canEditTransfer;

/** The team submits a stage for review: its editors (viewers read, mentors never submit for the team). */
export const canSubmitStage = canEditTransfer;

/**
 * The post-implementation report is the team's, like the plan: its editors write it and ask the workspace to fill it
 * in from the adaptation log and the indicators (src/lib/server/post-implementation/prefill.ts).
 */
export const canFillInReport = canEditTransfer;

/** Comments are a conversation between the assigned mentors and the team's editors; viewers and coordinators read it. */
export const canComment = (actor: Actor | null, transfer: TransferAccess) => canReviewTransfer(actor, transfer) || canEditTransfer(actor, transfer);

/**
 * A required change is accepted or reopened by the mentor who asked for it, as a reviewer resolves their own thread
 * in code review. When that mentor no longer reviews the transfer (unassigned, or the account is gone), any assigned
 * mentor may, so that no change is left that nobody can close.
 */
export const canCloseRequiredChange = (actor: Actor | null, transfer: TransferAccess, askedBy: string | null) =>
  canReviewTransfer(actor, transfer) && (askedBy === actor!.userId || askedBy === null || !transfer.mentorIds.includes(askedBy));

/** A comment is edited only by the person who wrote it, while they still take part in the transfer. */
export const canEditComment = (actor: Actor | null, transfer: TransferAccess, authorId: string | null) =>
  !!actor && authorId === actor.userId && canComment(actor, transfer);

/** Mentors see their cohort: the transfers assigned to them. */
export const canSeeCohort = (actor: Actor | null) => hasRole(actor, 'mentor');

/** A coordinator resets someone else's lost second factor; nobody resets their own (that is what recovery codes are for). */
export const canResetSecondFactor = canManageUser;

/** The public site's publication runs (src/lib/server/publication/): coordinators see them and ask for a rebuild. */
export const canPublishSite = (actor: Actor | null) => isCoordinator(actor);

/** The programme dashboard (every transfer) is for coordinators. */
export const canSeeProgramme = (actor: Actor | null) => isCoordinator(actor);

/**
 * Adoption stories: an editor of the adopting organisation and an assigned mentor each consent for their side (the
 * team, the mentors) to publishing the story drawn from the approved post-implementation report; either side
 * proposes which parts. Nobody else speaks for a side: not viewers, other mentors or coordinators.
 */
export type StorySide = 'editor' | 'mentor';
export const storySide = (actor: Actor | null, transfer: TransferAccess): StorySide | undefined =>
  canEditTransfer(actor, transfer) ? 'editor' : canReviewTransfer(actor, transfer) ? 'mentor' : undefined;
export const canProposeStory = (actor: Actor | null, transfer: TransferAccess) => storySide(actor, transfer) !== undefined;
export const canConsentToStory = canProposeStory;
/** The story page is read by whoever reads the transfer. */
export const canSeeStory = canViewTransfer;
/** Only a coordinator withdraws a published story (with a reason), whatever the transfer's status. */
export const canWithdrawStory = (actor: Actor | null) => isCoordinator(actor);

export type RouteAccess = 'public' | 'allow' | 'sign-in' | 'forbidden' | 'enrol';

/** Where a person whose role needs a second factor sets one up; until they have, the only workspace pages they may open. */
export const secondFactorSetupPath = '/workspace/account/two-factor/';
const secondFactorSetupPaths = [secondFactorSetupPath, '/workspace/account/two-factor', '/workspace/account/passkey-options', '/workspace/account/passkey-options/'];

/**
 * First line of defence for on-demand routes, applied in middleware before any page runs: workspace routes need
 * a signed-in user, admin routes a coordinator, and a person whose role needs a second factor (`factor:
 * 'missing'`) must set one up before anything else. Pages then check the object they show with the functions above.
 */
export function routeAccess(pathname: string, actor: Actor | null, factor: 'ok' | 'missing' = 'ok'): RouteAccess {
  const area = pathname.startsWith('/admin') ? 'admin' : pathname.startsWith('/workspace') ? 'workspace' : 'public';
  if (area === 'public') return 'public';
  if (!actor) return 'sign-in';
  if (factor === 'missing' && !secondFactorSetupPaths.includes(pathname)) return 'enrol';
  if (area === 'admin') return canAdminister(actor) ? 'allow' : 'forbidden';
  return 'allow';
}
