/**
 * Demo data for a first start: the programme office, the early-adopter organisations (whose members mentor),
 * clearly labelled demo next-adopter organisations, and one demo user per role. Passwords are generated and
 * printed once, unless PORTAL_DEMO_PASSWORD fixes them (tests and demos).
 *
 *   node db/seed.ts        (seeds only an empty database that was never restored)
 */
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../src/lib/server/auth/password.ts';
import { wasRestored } from './database-file.ts';
import { closeDatabase, databaseTarget, describeTarget, migrateDatabase, sqliteConnection, openDatabase, schema, writeTransaction, type Db, type Tx } from '../src/lib/server/db.ts';
import { loadActor } from '../src/lib/server/accounts.ts';
import { publicOrigin } from '../src/lib/server/http.ts';
import { submitStage, type ReviewTransfer } from '../src/lib/server/review/commands.ts';
import type { ReviewStageInfo } from '../src/lib/server/templates/registry.ts';
import { requireWorkspaceForms } from '../src/lib/server/transfers/workspace-forms.ts';
import { seedCoastalImplementation, seedCoastalPlan } from './seed-implementation.ts';

type Kind = (typeof schema.organisationKinds)[number];
const organisations: { key: string; name: string; kind: Kind; regionId?: string; isDemo?: boolean }[] = [
  { key: 'programme', name: 'Programme office', kind: 'programme' },
  { key: 'rsd', name: 'Region of Southern Denmark', kind: 'early-adopter', regionId: 'southern-denmark' },
  { key: 'basque', name: 'Kronikgune and Osakidetza (Basque Country)', kind: 'early-adopter', regionId: 'basque-country' },
  { key: 'catalonia', name: 'TIC Salut Social (Catalonia)', kind: 'early-adopter', regionId: 'catalonia' },
  { key: 'optimedis', name: 'OptiMedis', kind: 'early-adopter', regionId: 'kinzigtal' },
  { key: 'north', name: 'Demo: Northland Health Region', kind: 'next-adopter', isDemo: true },
  { key: 'lakes', name: 'Demo: Lakeside Municipality', kind: 'next-adopter', isDemo: true },
  { key: 'coast', name: 'Demo: Coastal Hospital Trust', kind: 'next-adopter', isDemo: true },
];

export const demoUsers = [
  { email: 'coordinator@demo.example', name: 'Demo Coordinator', org: 'programme', role: 'coordinator' },
  { email: 'mentor@demo.example', name: 'Demo Mentor (Southern Denmark)', org: 'rsd', role: 'mentor' },
  { email: 'mentor.basque@demo.example', name: 'Demo Mentor (Basque Country)', org: 'basque', role: 'mentor' },
  { email: 'editor@demo.example', name: 'Demo Editor (Northland)', org: 'north', role: 'editor' },
  { email: 'viewer@demo.example', name: 'Demo Viewer (Northland)', org: 'north', role: 'viewer' },
  { email: 'editor.lakeside@demo.example', name: 'Demo Editor (Lakeside)', org: 'lakes', role: 'editor' },
  { email: 'editor.coastal@demo.example', name: 'Demo Editor (Coastal)', org: 'coast', role: 'editor' },
] as const;

export const demoTransfers = [
  { org: 'north', practiceId: 'shared-care-platform', title: 'Demo: Northland Health Region: The Shared Care Platform' },
  { org: 'lakes', practiceId: 'southern-denmark-digital-roadmap', title: 'Demo: Lakeside Municipality: Digital roadmap (SAM:BO)' },
  { org: 'coast', practiceId: 'shared-care-platform', title: 'Demo: Coastal Hospital Trust: The Shared Care Platform' },
] as const;

/** Readable, strong enough for a demo, and never one of the common passwords. */
function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

export async function isEmpty(db: Db | Tx): Promise<boolean> {
  return (await db.select({ id: schema.organisation.id }).from(schema.organisation).limit(1)).length === 0;
}

/**
 * Seeds an empty database that was never restored; returns the demo accounts and their passwords (to print once),
 * or null if it seeded nothing. Everything is written in one transaction (the passwords are hashed before it), then
 * the demo submission goes through its own command.
 */
export async function seedDemoData(db: Db, stages: readonly ReviewStageInfo[], fixedPassword = process.env.PORTAL_DEMO_PASSWORD): Promise<{ email: string; role: string; password: string }[] | null> {
  // A restored database is never demo material, even if it happens to have no organisations.
  const file = sqliteConnection(db);
  if ((file && wasRestored(file)) || !(await isEmpty(db))) return null;
  const accounts: { email: string; role: string; password: string }[] = [];
  const users: (typeof schema.user.$inferInsert & { org: string; role: (typeof demoUsers)[number]['role'] })[] = [];
  for (const u of demoUsers) {
    const password = fixedPassword ?? generatePassword();
    users.push({ id: crypto.randomUUID(), email: u.email, name: u.name, passwordHash: await hashPassword(password), org: u.org, role: u.role });
    accounts.push({ email: u.email, role: u.role, password });
  }
  const ids = new Map(organisations.map((o) => [o.key, crypto.randomUUID()]));
  const userIds = new Map(users.map((u) => [u.email, u.id!]));
  const transfers = demoTransfers.map((t) => ({ ...t, id: crypto.randomUUID() }));
  const coastalIds = (transferId: string) => ({ transferId, editorId: userIds.get('editor.coastal@demo.example')!, mentorId: userIds.get('mentor@demo.example')! });
  const seeded = await writeTransaction(db, async (tx) => {
    if (!(await isEmpty(tx))) return false; // seeded meanwhile, while the passwords were hashed
    for (const o of organisations) await tx.insert(schema.organisation).values({ id: ids.get(o.key)!, name: o.name, kind: o.kind, regionId: o.regionId ?? null, isDemo: o.isDemo ?? false });
    for (const { org, role, ...user } of users) {
      await tx.insert(schema.user).values(user);
      await tx.insert(schema.membership).values({ id: crypto.randomUUID(), userId: user.id!, organisationId: ids.get(org)!, role });
    }
    // Three demo transfers, so each role has something to open: Northland adopts the Shared Care Platform, Lakeside the SAM:BO roadmap, Coastal (in implementation) the platform too.
    for (const t of transfers) {
      await tx.insert(schema.transfer).values({ id: t.id, organisationId: ids.get(t.org)!, practiceId: t.practiceId, title: t.title, createdBy: userIds.get('coordinator@demo.example') });
      await tx.insert(schema.transferMentor).values({ transferId: t.id, userId: userIds.get('mentor@demo.example')! });
      if (t.org === 'lakes') await seedLakesideNeeds(tx, t.id, userIds.get('editor.lakeside@demo.example')!);
      if (t.org === 'coast') await seedCoastalPlan(tx, coastalIds(t.id));
    }
    await tx.insert(schema.auditEvent).values({ action: 'seed.demo-data', outcome: 'success', detail: JSON.stringify({ organisations: organisations.length, users: demoUsers.length }) });
    return true;
  });
  if (!seeded) return null;
  const lakes = transfers.find((t) => t.org === 'lakes')!;
  const editorId = userIds.get('editor.lakeside@demo.example')!;
  const transfer: ReviewTransfer = { id: lakes.id, title: lakes.title, organisationId: ids.get(lakes.org)!, mentorIds: [userIds.get('mentor@demo.example')!] };
  // The stage the templates put the needs-and-scope records in (the demo records are written under that kind below).
  const stage = stages.find((s) => s.kinds.includes('needs-scope'));
  if (!stage) throw new Error('No review stage covers the needs-scope template: the demo submission cannot be made');
  const submitted = await submitStage(db, await loadActor(db, editorId), transfer, stage, { note: 'Our first draft; is the scope narrow enough?' }, { ip: 'seed', origin: publicOrigin() });
  if (!submitted.ok) throw new Error(`the demo submission was refused: ${JSON.stringify(submitted.errors)}`);
  // Coastal is in implementation (invented demo data, db/seed-implementation.ts): its stages go through review too.
  const coast = transfers.find((t) => t.org === 'coast')!;
  await seedCoastalImplementation(db, { id: coast.id, title: coast.title, organisationId: ids.get(coast.org)!, mentorIds: [userIds.get('mentor@demo.example')!] }, coastalIds(coast.id), stages);
  return accounts;
}

/**
 * Lakeside has written its needs and scope (and, once they are committed, submits them: see above), so the mentor
 * finds something waiting for review. The records are written directly (the field ids are those of
 * content/templates/needs-and-scope.mdx, and a test checks them against it); the submission goes through the same
 * command as in the workspace.
 */
async function seedLakesideNeeds(tx: Tx, transferId: string, editorId: string): Promise<void> {
  const records = [
    { section: 'scope', data: { geography: 'Demo: Lakeside Municipality and its local hospital', population: 'Citizens with chronic conditions who receive home care', services: 'Home care, general practice, the hospital’s outpatient clinics' } },
    { section: 'needs', data: { 'need-statement': 'Home care, general practice and the hospital agree on who does what only case by case.', priority: 'High', 'affected-stakeholders': ['Home care', 'General practice', 'Hospital'], 'core-features': ['cross-sector-agreement'] } },
    { section: 'needs', data: { 'need-statement': 'Messages between the sectors still go by phone and fax.', priority: 'Medium', 'core-features': ['electronic-communication'] } },
  ];
  for (const [position, r] of records.entries())
    await tx.insert(schema.entry).values({ id: crypto.randomUUID(), transferId, template: 'needs-scope', section: r.section, position, data: JSON.stringify(r.data), createdBy: editorId, updatedBy: editorId });
  await tx.insert(schema.featureChoice).values({ transferId, featureId: 'cross-sector-agreement', decision: 'adapt', note: 'One agreement with the municipality and the local hospital first, not a region-wide one.', updatedBy: editorId });
}

export function printAccounts(accounts: { email: string; role: string; password: string }[]): void {
  console.log('\nDemo accounts (the passwords are shown only now; set PORTAL_DEMO_PASSWORD to choose them):');
  for (const a of accounts) console.log(`  ${a.role.padEnd(12)} ${a.email.padEnd(32)} ${a.password}`);
  console.log('');
}

if (import.meta.main) {
  const db = openDatabase();
  await migrateDatabase(db);
  const accounts = await seedDemoData(db, requireWorkspaceForms().stages);
  if (accounts) printAccounts(accounts);
  else console.log(`${describeTarget(databaseTarget())} already has data or was restored from a backup; nothing seeded.`);
  await closeDatabase(db);
}
