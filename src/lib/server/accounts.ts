/** Reads about users, organisations and memberships. Writes live in commands/, one per state change. */
import { asc, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { first, prepared, schema } from './db.ts';
import type { Actor } from './permissions.ts';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string) {
  return first(db.select().from(schema.user).where(eq(schema.user.email, normaliseEmail(email))).limit(1));
}

/** The actor behind a user id: their memberships with each organisation's kind (what permissions read). */
export async function loadActor(db: Db, userId: string): Promise<Actor> {
  const memberships = await prepared(db, 'actor.memberships', (d) =>
    d
      .select({ organisationId: schema.membership.organisationId, role: schema.membership.role, organisationKind: schema.organisation.kind })
      .from(schema.membership)
      .innerJoin(schema.organisation, eq(schema.organisation.id, schema.membership.organisationId))
      .where(eq(schema.membership.userId, sql.placeholder('userId'))),
  ).all({ userId });
  return { userId, memberships };
}

/** A user's organisations and roles, for the workspace home. */
export async function listMembershipsOf(db: Db, userId: string) {
  return prepared(db, 'user.memberships', (d) =>
    d
      .select({ membershipId: schema.membership.id, role: schema.membership.role, organisation: schema.organisation })
      .from(schema.membership)
      .innerJoin(schema.organisation, eq(schema.organisation.id, schema.membership.organisationId))
      .where(eq(schema.membership.userId, sql.placeholder('userId')))
      .orderBy(asc(schema.organisation.name)),
  ).all({ userId });
}

export async function listOrganisations(db: Db) {
  return db.select().from(schema.organisation).orderBy(asc(schema.organisation.kind), asc(schema.organisation.name));
}

export async function getOrganisation(db: Db, id: string) {
  return first(db.select().from(schema.organisation).where(eq(schema.organisation.id, id)).limit(1));
}

/** Every user with their memberships, for coordinators. */
export async function listUsersWithMemberships(db: Db) {
  const rows = await db
    .select({ user: { id: schema.user.id, email: schema.user.email, name: schema.user.name, disabledAt: schema.user.disabledAt, createdAt: schema.user.createdAt }, membershipId: schema.membership.id, role: schema.membership.role, organisation: { id: schema.organisation.id, name: schema.organisation.name, kind: schema.organisation.kind } })
    .from(schema.user)
    .leftJoin(schema.membership, eq(schema.membership.userId, schema.user.id))
    .leftJoin(schema.organisation, eq(schema.organisation.id, schema.membership.organisationId))
    .orderBy(asc(schema.user.name));
  const byUser = new Map<string, { user: (typeof rows)[number]['user']; memberships: { membershipId: string; role: string; organisation: { id: string; name: string; kind: string } }[] }>();
  for (const r of rows) {
    const entry = byUser.get(r.user.id) ?? { user: r.user, memberships: [] };
    if (r.membershipId && r.role && r.organisation) entry.memberships.push({ membershipId: r.membershipId, role: r.role, organisation: r.organisation });
    byUser.set(r.user.id, entry);
  }
  return [...byUser.values()];
}

/** Who has a confirmed second factor, for the people page. */
export async function usersWithSecondFactor(db: Db): Promise<Set<string>> {
  const rows = await db.select({ userId: schema.totpCredential.userId }).from(schema.totpCredential).where(isNotNull(schema.totpCredential.confirmedAt));
  const passkeys = await db.selectDistinct({ userId: schema.passkeyCredential.userId }).from(schema.passkeyCredential);
  return new Set([...rows, ...passkeys].map((r) => r.userId));
}

export async function listInvitations(db: Db) {
  return db
    .select({ invitation: { id: schema.invitation.id, email: schema.invitation.email, role: schema.invitation.role, createdAt: schema.invitation.createdAt, expiresAt: schema.invitation.expiresAt, acceptedAt: schema.invitation.acceptedAt, revokedAt: schema.invitation.revokedAt }, organisation: { id: schema.organisation.id, name: schema.organisation.name } })
    .from(schema.invitation)
    .innerJoin(schema.organisation, eq(schema.organisation.id, schema.invitation.organisationId))
    .orderBy(desc(schema.invitation.createdAt));
}

export async function listMail(db: Db, limit = 100) {
  return db.select().from(schema.mailMessage).orderBy(desc(schema.mailMessage.id)).limit(limit);
}

export async function listAuditEvents(db: Db, limit = 200) {
  return db.select().from(schema.auditEvent).orderBy(desc(schema.auditEvent.id)).limit(limit);
}
