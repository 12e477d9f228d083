/**
 * The workspace database (SQLite through drizzle). Tables are singular and snake_case; ids are random UUIDs
 * except the append-only logs, which count up. Times are ISO 8601 strings in UTC, so they sort and read the same
 * in SQL, in logs and in the UI.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

const id = () => text('id').primaryKey();
const createdAt = () => text('created_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`);

export const organisationKinds = ['programme', 'early-adopter', 'next-adopter'] as const;
/** Who takes part: the programme office (coordinators), early adopters (mentors) and next adopters (editors, viewers). */
export const organisation = sqliteTable('organisation', {
  id: id(),
  name: text('name').notNull().unique(),
  kind: text('kind', { enum: organisationKinds }).notNull(),
  /** Region profile id in content/regions, where there is one. */
  regionId: text('region_id'),
  /** Demo organisations are labelled as such everywhere they appear. */
  isDemo: integer('is_demo', { mode: 'boolean' }).notNull().default(false),
  createdAt: createdAt(),
});

export const user = sqliteTable('user', {
  id: id(),
  /** Stored lower-case and trimmed; unique. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** PHC string of an argon2id hash; null until the invitation is accepted. */
  passwordHash: text('password_hash'),
  /** Set when a coordinator disables the account; every session ends at once. */
  disabledAt: text('disabled_at'),
  /** Review e-mails (submissions, decisions, replies); in-app notifications are always kept. Each person may opt out. */
  emailNotifications: integer('email_notifications', { mode: 'boolean' }).notNull().default(true),
  /** The language the person reads the workspace and their e-mail in (src/i18n/locales.ts); null: not chosen yet, English. */
  locale: text('locale'),
  createdAt: createdAt(),
});

export const roles = ['coordinator', 'mentor', 'editor', 'viewer'] as const;
export type Role = (typeof roles)[number];
/** A user's role in one organisation. */
export const membership = sqliteTable(
  'membership',
  {
    id: id(),
    userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
    organisationId: text('organisation_id').notNull().references(() => organisation.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roles }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('membership_user_organisation').on(t.userId, t.organisationId), index('membership_organisation').on(t.organisationId)],
);

/** Lucia's session pattern: the id is public, only a SHA-256 hash of the secret is stored. */
export const session = sqliteTable(
  'session',
  {
    id: id(),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
    createdAt: text('created_at').notNull(),
    /** Refreshed at most hourly; the idle timeout counts from it. */
    lastVerifiedAt: text('last_verified_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /**
     * Set when the password was right but the account has a second factor not yet given: such a session opens
     * nothing but the second-factor page and sign-out (Lucia's two-factor pattern).
     */
    secondFactorPending: integer('second_factor_pending', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [index('session_user').on(t.userId)],
);

/**
 * Attempt counters (sign-in, password checks, reset requests), one row per key and fixed window. In the database,
 * not in memory: a restart or a second process does not forget them, and counting is one atomic statement.
 */
export const attemptCounter = sqliteTable('attempt_counter', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  /** Epoch milliseconds at which the window ends and the count starts again. */
  resetsAt: integer('resets_at').notNull(),
});

/**
 * Browsers that signed in to an account before (OWASP's device-cookie pattern): their attempts are counted apart
 * from everyone else's, so guessing from elsewhere cannot lock the owner out. The cookie holds "<id>.<secret>".
 */
export const trustedDevice = sqliteTable(
  'trusted_device',
  {
    id: id(),
    secretHash: blob('secret_hash', { mode: 'buffer' }).notNull(),
    userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (t) => [index('trusted_device_user').on(t.userId)],
);

/** A time-based one-time-password (RFC 6238) authenticator of a user: at most one, confirmed by a first code. */
export const totpCredential = sqliteTable('totp_credential', {
  userId: text('user_id').primaryKey().references(() => user.id, { onDelete: 'cascade' }),
  /** The shared key (20 random bytes). The server must read it to check codes, so it is stored as is. */
  key: blob('key', { mode: 'buffer' }).notNull(),
  /** Null while enrolment waits for the first code. */
  confirmedAt: text('confirmed_at'),
  /** The last 30-second step a code was accepted for: a code works once. */
  lastStep: integer('last_step').notNull().default(0),
  createdAt: createdAt(),
});

/**
 * Passkeys (WebAuthn credentials): a second factor, or a way to sign in without a password. The public key and
 * the signature counter are what verification needs; the private key never leaves the person's device.
 */
export const passkeyCredential = sqliteTable(
  'passkey_credential',
  {
    /** The credential id the authenticator chose, base64url. */
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
    publicKey: blob('public_key', { mode: 'buffer' }).notNull(),
    counter: integer('counter').notNull().default(0),
    /** JSON array of transports the browser reported ("internal", "usb", …), passed back as hints. */
    transports: text('transports').notNull().default('[]'),
    name: text('name').notNull(),
    createdAt: createdAt(),
    lastUsedAt: text('last_used_at'),
  },
  (t) => [index('passkey_credential_user').on(t.userId)],
);

/** A WebAuthn challenge handed out and not yet answered: single use, five minutes, named by an HttpOnly cookie. */
export const webauthnChallenge = sqliteTable('webauthn_challenge', {
  id: text('id').primaryKey(),
  challenge: text('challenge').notNull(),
  purpose: text('purpose', { enum: ['register', 'sign-in', 'second-factor'] }).notNull(),
  /** Who is registering, or whose second factor is asked; null for a passwordless sign-in. */
  userId: text('user_id').references(() => user.id, { onDelete: 'cascade' }),
  expiresAt: text('expires_at').notNull(),
});

/** Single-use recovery codes for a lost authenticator; only a hash is kept. */
export const recoveryCode = sqliteTable(
  'recovery_code',
  {
    id: id(),
    userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
    codeHash: blob('code_hash', { mode: 'buffer' }).notNull(),
    usedAt: text('used_at'),
  },
  (t) => [index('recovery_code_user').on(t.userId)],
);

/**
 * A workspace form that arrived after its sender's session expired, kept (for that user only, 30 minutes, a
 * capped size) so it can be sent again after signing in; see src/lib/server/pending-forms.ts.
 */
export const pendingForm = sqliteTable(
  'pending_form',
  {
    id: id(),
    userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
    target: text('target').notNull(),
    /** JSON array of [name, value] pairs, in the order sent. */
    fields: text('fields').notNull(),
    bytes: integer('bytes').notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at').notNull(),
  },
  (t) => [index('pending_form_user').on(t.userId)],
);

/** Single-use tokens (invitations and password resets): only a hash is stored, with its expiry. */
export const invitation = sqliteTable(
  'invitation',
  {
    id: id(),
    tokenHash: blob('token_hash', { mode: 'buffer' }).notNull(),
    email: text('email').notNull(),
    organisationId: text('organisation_id').notNull().references(() => organisation.id, { onDelete: 'cascade' }),
    role: text('role', { enum: roles }).notNull(),
    invitedBy: text('invited_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    expiresAt: text('expires_at').notNull(),
    acceptedAt: text('accepted_at'),
    revokedAt: text('revoked_at'),
    /** The language the invitation is written in and the new account starts with; null: English. */
    locale: text('locale'),
  },
  (t) => [index('invitation_email').on(t.email)],
);

export const passwordReset = sqliteTable('password_reset', {
  id: id(),
  tokenHash: blob('token_hash', { mode: 'buffer' }).notNull(),
  userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
  expiresAt: text('expires_at').notNull(),
  usedAt: text('used_at'),
});

/** Append-only: who did what to what, when (UTC) and from where. Nothing updates or deletes a row. */
export const auditEvent = sqliteTable(
  'audit_event',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: createdAt(),
    actorUserId: text('actor_user_id'),
    action: text('action').notNull(),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    /** JSON with details that help an investigation; never secrets or passwords. */
    detail: text('detail'),
  },
  // By action: the audit log's filter and its menu of actions (a distinct scan of this index, not of the table).
  (t) => [index('audit_event_at').on(t.at), index('audit_event_actor').on(t.actorUserId), index('audit_event_action').on(t.action)],
);

/** Every e-mail the portal sends, kept so that a coordinator can read it when no SMTP server is configured. */
export const mailMessage = sqliteTable('mail_message', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  createdAt: createdAt(),
  /** "smtp" when handed to the SMTP server, "outbox" when only stored here. */
  transport: text('transport', { enum: ['smtp', 'outbox'] }).notNull(),
  error: text('error'),
});

/**
 * Where a transfer stands in the programme (src/lib/server/transfers/lifecycle.ts): active; paused (readable, nothing
 * written or decided until resumed); closed (finished or stopped, out of the dashboards' counts, can be reopened);
 * archived (a closed transfer hidden from default lists).
 */
export const transferStatuses = ['active', 'paused', 'closed', 'archived'] as const;
export type TransferStatus = (typeof transferStatuses)[number];

/** A transfer: one adopting organisation adopting one good practice (a content id), with its assigned mentors. */
export const transfer = sqliteTable(
  'transfer',
  {
    id: id(),
    organisationId: text('organisation_id').notNull().references(() => organisation.id, { onDelete: 'cascade' }),
    /** Id of the practice in content/practices; its core features are read from there. */
    practiceId: text('practice_id').notNull(),
    title: text('title').notNull(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    /**
     * Raised by every change to the transfer's records and decisions, in the same transaction: rendered template
     * pages are cached per revision (src/lib/server/page-cache.ts), so a change is seen on the next request.
     */
    revision: integer('revision').notNull().default(0),
    status: text('status', { enum: transferStatuses }).notNull().default('active'),
    /** Why it was paused or closed, as the coordinator said it; '' when active or not said. */
    statusReason: text('status_reason').notNull().default(''),
    /** When the status last changed; null for a transfer never paused or closed. */
    statusChangedAt: text('status_changed_at'),
    /** The language the team writes its records in: pages mark what was typed with it (`lang`), whatever the reader's language. */
    workingLanguage: text('working_language').notNull().default('en'),
  },
  (t) => [index('transfer_organisation').on(t.organisationId)],
);

export const transferMentor = sqliteTable(
  'transfer_mentor',
  {
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
  },
  (t) => [uniqueIndex('transfer_mentor_pair').on(t.transferId, t.userId), index('transfer_mentor_user').on(t.userId)],
);

export const featureDecisions = ['keep', 'adapt', 'drop'] as const;
/** Per core feature of the practice: kept as is, adapted (how) or dropped (why): the adaptation log. */
export const featureChoice = sqliteTable(
  'feature_choice',
  {
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    featureId: text('feature_id').notNull(),
    decision: text('decision', { enum: featureDecisions }).notNull(),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    updatedAt: createdAt(),
    updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('feature_choice_pair').on(t.transferId, t.featureId)],
);

/**
 * One record a team writes with a template: a need, the scope, a SWOT item, a maturity score, an objective, an
 * action, a KPI, a risk. Its fields are those of the template's section (content/templates), kept as JSON keyed
 * by field id, so the form, the page and the stored record all follow the one template file.
 */
export const entry = sqliteTable(
  'entry',
  {
    id: id(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    /** The template's kind (content/templates/*.mdx `kind`): the files say which kinds exist, not this schema. */
    template: text('template').notNull(),
    /** Section id in the template, e.g. "needs", "swot-item", "actions". */
    section: text('section').notNull(),
    /** Sub-group within the section: the SWOT quadrant, or the maturity dimension; '' when none. */
    grouping: text('grouping').notNull().default(''),
    /** Order within section and group; gaps allowed. */
    position: integer('position').notNull().default(0),
    /** JSON object: field id → string, number or string[]. */
    data: text('data').notNull(),
    /** Raised by every save; a save that names an older version is a conflict, never a silent overwrite. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    /** Its own column: until migration 0004 this was mapped onto created_at, so every update overwrote it. */
    // SQLite cannot add a column whose default is an expression, so the time comes from the insert instead.
    updatedAt: text('updated_at').notNull().default('').$defaultFn(() => new Date().toISOString()),
    updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
  },
  (t) => [index('entry_transfer_section').on(t.transferId, t.template, t.section, t.grouping, t.position)],
);

/** Where a stage stands in review; the transitions between them live in src/lib/server/review/states.ts. */
export const reviewStates = ['draft', 'submitted', 'changes-requested', 'resubmitted', 'approved'] as const;

/** One row per transfer × stage once something happened in review; absent means "draft". */
export const stageReview = sqliteTable(
  'stage_review',
  {
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    /** A review stage the template files name (`workspace.review.stage`), such as "situation". */
    stage: text('stage').notNull(),
    state: text('state', { enum: reviewStates }).notNull(),
    /** The latest submission's number and time: what the mentor reviews, and since when the team waits. */
    latestSubmission: integer('latest_submission').notNull(),
    submittedAt: text('submitted_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('stage_review_pair').on(t.transferId, t.stage)],
);

/** A frozen copy of a stage as submitted: its records and (for needs and scope) the core-feature decisions. Never updated. */
export const submission = sqliteTable(
  'submission',
  {
    id: id(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    /** 1, 2, 3… per transfer and stage: "version 2". */
    number: integer('number').notNull(),
    /** JSON: { entries: [...], featureChoices: [...] } exactly as they were. */
    snapshot: text('snapshot').notNull(),
    note: text('note').notNull().default(''),
    submittedBy: text('submitted_by').references(() => user.id, { onDelete: 'set null' }),
    submittedAt: text('submitted_at').notNull(),
  },
  (t) => [uniqueIndex('submission_number').on(t.transferId, t.stage, t.number)],
);

export const decisionOutcomes = ['approve', 'approve-with-changes', 'request-changes'] as const;
/** A mentor's decision on one submitted version, with the rubric scored; never updated. */
export const decision = sqliteTable(
  'decision',
  {
    id: id(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    submissionId: text('submission_id').notNull().references(() => submission.id, { onDelete: 'cascade' }),
    mentorId: text('mentor_id').references(() => user.id, { onDelete: 'set null' }),
    outcome: text('outcome', { enum: decisionOutcomes }).notNull(),
    note: text('note').notNull().default(''),
    /** JSON: criterion id → { score: 1–5, note }. */
    rubric: text('rubric').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('decision_transfer').on(t.transferId, t.stage)],
);

export const requiredChangeStatuses = ['open', 'addressed', 'accepted'] as const;
/**
 * A comment on a stage, one of its records, or one field of a record. Replies point at their parent. A mentor may
 * mark a top-level comment a required change: the team answers it (addressed), the mentor accepts it or reopens it.
 */
export const comment = sqliteTable(
  'comment',
  {
    id: id(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    stage: text('stage').notNull(),
    /** The version the comment was written on. */
    submissionId: text('submission_id').references(() => submission.id, { onDelete: 'set null' }),
    entryId: text('entry_id'),
    fieldId: text('field_id'),
    parentId: text('parent_id'),
    authorId: text('author_id').references(() => user.id, { onDelete: 'set null' }),
    body: text('body').notNull(),
    required: integer('required', { mode: 'boolean' }).notNull().default(false),
    /**
     * For required changes, closed by the mentor as in code review: open → addressed (the team answered; the mentor
     * checks it) → accepted by the mentor, or open again if they reopen it. A stage is approved only when all are accepted.
     */
    status: text('status', { enum: requiredChangeStatuses }),
    version: integer('version').notNull().default(1),
    createdAt: text('created_at').notNull(),
    editedAt: text('edited_at'),
  },
  (t) => [index('comment_transfer').on(t.transferId, t.stage, t.createdAt), index('comment_open').on(t.transferId, t.required, t.status)],
);

/** Earlier texts of edited comments: an edit never loses what was said. */
export const commentRevision = sqliteTable(
  'comment_revision',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    commentId: text('comment_id').notNull().references(() => comment.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    /** When this text was replaced. */
    replacedAt: text('replaced_at').notNull(),
  },
  (t) => [index('comment_revision_comment').on(t.commentId)],
);

/** What happened in a transfer's review, newest last: the activity feed. Append-only. */
export const activity = sqliteTable(
  'activity',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    actorUserId: text('actor_user_id').references(() => user.id, { onDelete: 'set null' }),
    /** As written when it happened (English): shown only when `message` is null (entries made before languages). */
    summary: text('summary').notNull(),
    /** The catalogue key and its values (JSON `{ key, params }`), rendered in the reader's language when shown. */
    message: text('message'),
    link: text('link').notNull(),
    at: text('at').notNull(),
  },
  (t) => [index('activity_transfer').on(t.transferId, t.id)],
);

/** In-app notifications, one per recipient; unread until the person reads them. */
export const notification = sqliteTable(
  'notification',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull().references(() => user.id, { onDelete: 'cascade' }),
    transferId: text('transfer_id').references(() => transfer.id, { onDelete: 'cascade' }),
    /** As written when it was sent (English): shown only when `message` is null (notifications made before languages). */
    summary: text('summary').notNull(),
    /** The catalogue key and its values (JSON `{ key, params }`), rendered in the reader's language when shown. */
    message: text('message'),
    link: text('link').notNull(),
    createdAt: text('created_at').notNull(),
    readAt: text('read_at'),
  },
  (t) => [index('notification_user').on(t.userId, t.readAt)],
);

// ── Implementation monitoring ────────────────────────────────────────────────────────────────────────────────
// What a team records once its plan is approved. The plans themselves stay template records (`entry`); these hold
// what grows with time and would not fit a section's 200 records: dated progress of an action, the measurements of
// an indicator, how its chart is read, and maturity scored again at a workshop. Each points at the `entry` it
// belongs to (an action, a KPI, a workshop of the PDSA template), found by its section's role, never by a field id.

/**
 * A dated progress update of an action (a record of the section with role "actions"): kept as a history, newest
 * last; the plan shows the latest. Recording one also sets the action's status and progress fields (by role), in
 * the same transaction, so every count that reads the plan (overdue, dashboards) agrees with the latest update.
 */
export const actionUpdate = sqliteTable(
  'action_update',
  {
    id: id(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    actionId: text('action_id').notNull().references(() => entry.id, { onDelete: 'cascade' }),
    /** The day the update describes ("YYYY-MM-DD"), not after the day it was recorded. */
    onDate: text('on_date').notNull(),
    /** One of the options of the action's status-role field, as it was then. */
    status: text('status').notNull(),
    /** Percent done, 0–100, if given. */
    progress: integer('progress'),
    done: text('done').notNull().default(''),
    blockers: text('blockers').notNull().default(''),
    nextStep: text('next_step').notNull().default(''),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [index('action_update_action').on(t.actionId, t.onDate), index('action_update_transfer').on(t.transferId, t.onDate)],
);

/**
 * One value of an indicator (a record of the section with role "kpis") for one period. A period is a day
 * ("2027-03-31"), a month ("2027-03") or a quarter ("2027-Q1"), one value each; `periodStart` is its first day, so
 * periods of any kind sort together. Versioned like every record: an edit names the version it changed.
 */
export const kpiMeasurement = sqliteTable(
  'kpi_measurement',
  {
    id: id(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    kpiId: text('kpi_id').notNull().references(() => entry.id, { onDelete: 'cascade' }),
    period: text('period').notNull(),
    periodStart: text('period_start').notNull(),
    value: real('value').notNull(),
    numerator: real('numerator'),
    denominator: real('denominator'),
    note: text('note').notNull().default(''),
    dataSource: text('data_source').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('kpi_measurement_period').on(t.kpiId, t.period), index('kpi_measurement_series').on(t.transferId, t.kpiId, t.periodStart)],
);

export const chartRuleSets = ['ihi', 'anhoej'] as const;
/**
 * How an indicator's charts are read: the run-chart rule set (IHI or Anhøj), how many points make the baseline
 * whose median (run chart) or mean (XmR) is frozen, and the periods where the team rephased after a sustained
 * signal. Absent means the defaults (IHI, the first 12 points, no rephasing).
 */
export const kpiChart = sqliteTable('kpi_chart', {
  kpiId: text('kpi_id').primaryKey().references(() => entry.id, { onDelete: 'cascade' }),
  transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
  ruleSet: text('rule_set', { enum: chartRuleSets }).notNull().default('ihi'),
  baselineCount: integer('baseline_count').notNull().default(12),
  /** JSON array of periods, each the first of a new phase. */
  phaseStarts: text('phase_starts').notNull().default('[]'),
  version: integer('version').notNull().default(1),
  updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
  updatedAt: text('updated_at').notNull(),
});

/**
 * A maturity dimension scored again at a self-evaluation workshop (a record of the section with role "workshops"),
 * kept beside the baseline self-assessment (the records of the maturity template), so the radar shows both.
 */
export const maturityReassessment = sqliteTable(
  'maturity_reassessment',
  {
    id: id(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    workshopId: text('workshop_id').notNull().references(() => entry.id, { onDelete: 'cascade' }),
    /** A SCIROCCO dimension id, as the maturity template's groups name them. */
    dimension: text('dimension').notNull(),
    score: integer('score').notNull(),
    note: text('note').notNull().default(''),
    version: integer('version').notNull().default(1),
    updatedBy: text('updated_by').references(() => user.id, { onDelete: 'set null' }),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('maturity_reassessment_dimension').on(t.workshopId, t.dimension), index('maturity_reassessment_transfer').on(t.transferId)],
);

/** A reminder sent because a reporting period ended without a progress report: one per transfer and period. */
export const reportReminder = sqliteTable(
  'report_reminder',
  {
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    /** The last day of the period ("YYYY-MM-DD"). */
    periodEnd: text('period_end').notNull(),
    sentAt: text('sent_at').notNull(),
  },
  (t) => [uniqueIndex('report_reminder_period').on(t.transferId, t.periodEnd)],
);

/**
 * A template record deleted in the last 30 days, moved out of `entry` with everything that hung on it (see
 * docs/decisions/0010-deleted-records.md): no query on `entry` can show it, and Restore puts it all back. Purged
 * after 30 days (src/lib/server/transfers/trash.ts).
 */
export const deletedEntry = sqliteTable(
  'deleted_entry',
  {
    /** The record's own id, kept so that restoring it brings back links and comments that name it. */
    id: text('id').primaryKey(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    template: text('template').notNull(),
    section: text('section').notNull(),
    grouping: text('grouping').notNull().default(''),
    /**
     * JSON: { entry: the row as it was, actionUpdates, kpiMeasurements, kpiChart, maturityReassessments: the rows
     * that pointed at it, linkedFrom: [{ entryId, fieldId }] the links other records had to it }.
     */
    snapshot: text('snapshot').notNull(),
    deletedBy: text('deleted_by').references(() => user.id, { onDelete: 'set null' }),
    deletedAt: text('deleted_at').notNull(),
  },
  (t) => [index('deleted_entry_transfer').on(t.transferId, t.deletedAt), index('deleted_entry_at').on(t.deletedAt)],
);

export const storyStatuses = ['proposed', 'published', 'withdrawn'] as const;
/**
 * An adoption story drawn from a transfer's approved post-implementation report (see src/schemas/story.ts for its
 * public shape). Proposed with the parts to publish; published when an editor of the adopting organisation and an
 * assigned mentor have both consented to the same proposal (a change of parts clears both consents); withdrawn by
 * a coordinator. `publicJson` is the story exactly as it will appear, frozen when it is proposed, so that what was
 * consented to is what is published.
 */
export const adoptionStory = sqliteTable(
  'adoption_story',
  {
    /** The public id (URL segment); never reused. */
    id: id(),
    transferId: text('transfer_id').notNull().references(() => transfer.id, { onDelete: 'cascade' }),
    status: text('status', { enum: storyStatuses }).notNull().default('proposed'),
    /** JSON array of the parts chosen (storyParts). */
    parts: text('parts').notNull(),
    /** JSON: the AdoptionStory as it will be published. */
    publicJson: text('public_json').notNull(),
    /** The post-implementation report version it was drawn from. */
    reportVersion: integer('report_version').notNull(),
    editorConsentBy: text('editor_consent_by').references(() => user.id, { onDelete: 'set null' }),
    editorConsentAt: text('editor_consent_at'),
    mentorConsentBy: text('mentor_consent_by').references(() => user.id, { onDelete: 'set null' }),
    mentorConsentAt: text('mentor_consent_at'),
    publishedAt: text('published_at'),
    withdrawnAt: text('withdrawn_at'),
    withdrawnBy: text('withdrawn_by').references(() => user.id, { onDelete: 'set null' }),
    withdrawnReason: text('withdrawn_reason').notNull().default(''),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('adoption_story_transfer').on(t.transferId), index('adoption_story_status').on(t.status)],
);

export const publicationStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
/**
 * A rebuild of the public site with the published stories (src/lib/server/publication/): one at a time; a request
 * while one runs queues one more (requests coalesce). A failed run leaves the site as it was and keeps why.
 */
export const publicationRun = sqliteTable(
  'publication_run',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    status: text('status', { enum: publicationStatuses }).notNull().default('queued'),
    /** Why it was asked for, in words (e.g. "Story published: …", "Story withdrawn: …"). */
    reason: text('reason').notNull(),
    requestedBy: text('requested_by').references(() => user.id, { onDelete: 'set null' }),
    requestedAt: text('requested_at').notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    startedAt: text('started_at'),
    finishedAt: text('finished_at'),
    /** How many published stories the run built. */
    stories: integer('stories'),
    /** For a failed run: the end of the build's output, to show the coordinator why. */
    error: text('error').notNull().default(''),
  },
  (t) => [index('publication_run_status').on(t.status, t.id)],
);
