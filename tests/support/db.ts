/** A real SQLite database per test file (in memory, migrated), and factories for the people tests need. */
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { migrateDatabase, openDatabase, schema, type Db } from '../../src/lib/server/db.ts';
import type { Role } from '../../db/schema.ts';

export function createTestDb(): Db {
  const db = openDatabase(':memory:');
  migrateDatabase(db);
  return db;
}

export const testPassword = 'correct horse battery staple';
let cachedHash: Promise<string> | undefined;

type Kind = (typeof schema.organisationKinds)[number];

export async function createOrganisation(db: Db, kind: Kind, name = `${kind} ${crypto.randomUUID().slice(0, 8)}`) {
  const id = crypto.randomUUID();
  await db.insert(schema.organisation).values({ id, name, kind });
  return { id, name, kind };
}

/** A user with one membership; reuses one password hash so factories stay fast. */
export async function createUser(db: Db, role: Role, organisationId: string, email = `${role}.${crypto.randomUUID().slice(0, 8)}@example.org`) {
  cachedHash ??= hashPassword(testPassword);
  const id = crypto.randomUUID();
  await db.insert(schema.user).values({ id, email, name: `Test ${role}`, passwordHash: await cachedHash });
  await db.insert(schema.membership).values({ id: crypto.randomUUID(), userId: id, organisationId, role });
  return { id, email };
}

/** The programme as tests usually need it: a coordinator, a mentor, and two adopting organisations. */
export async function createProgramme(db: Db) {
  const programme = await createOrganisation(db, 'programme');
  const early = await createOrganisation(db, 'early-adopter');
  const adopter = await createOrganisation(db, 'next-adopter');
  const other = await createOrganisation(db, 'next-adopter');
  return {
    organisations: { programme, early, adopter, other },
    coordinator: await createUser(db, 'coordinator', programme.id),
    mentor: await createUser(db, 'mentor', early.id),
    editor: await createUser(db, 'editor', adopter.id),
    viewer: await createUser(db, 'viewer', adopter.id),
    otherEditor: await createUser(db, 'editor', other.id),
  };
}
