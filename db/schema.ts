/**
 * The workspace database (SQLite through drizzle). Tables are singular and snake_case; ids are random UUIDs
 * except the append-only logs, which count up. Times are ISO 8601 strings in UTC, so they sort and read the same
 * in SQL, in logs and in the UI.
 */
import { sql } from 'drizzle-orm';
import { blob, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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
  },
  (t) => [index('session_user').on(t.userId)],
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
  (t) => [index('audit_event_at').on(t.at), index('audit_event_actor').on(t.actorUserId)],
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
