/**
 * Each test's own people and data, after the Epic Stack's per-test `login` fixture: a `team` of fresh, uniquely
 * named organisations and people (signed in with the password the tests know), written into the server's database
 * by the same commands the workspace uses, and deleted after the test. No test changes a demo account another uses.
 *
 *   test('…', async ({ page, team }) => {
 *     const transfer = await team.openTransfer();
 *     await signIn(page, team.editor.email);
 *   });
 *
 * A story told over several serial tests makes its team once: `story = await createTeam(portalDb, origin)` in
 * beforeAll, `removeTeam(portalDb, story)` in afterAll.
 */
import { test as base, expect } from '@playwright/test';
import { like, inArray } from 'drizzle-orm';
import { resolve } from 'node:path';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { hashPassword } from '../../src/lib/server/auth/password.ts';
import { closeDatabase, openDatabase, schema, type Db } from '../../src/lib/server/db.ts';
import { submitStage } from '../../src/lib/server/review/commands.ts';
import { openTransfer } from '../../src/lib/server/transfers/commands.ts';
import { readFrontmatter } from '../support/site.ts';
import { reviewStage } from '../support/templates.ts';
import { demoPassword } from './support';

export type Person = { id: string; email: string; name: string };
export type Organisation = { id: string; name: string };
export type Transfer = { id: string; title: string; practiceTitle: string; url: string };

export type Team = {
  /** In every name and address of the team, so that nothing it makes is confused with another test's. */
  tag: string;
  /** The programme office (the coordinator's), an early adopter (the mentor's) and the adopting organisation. */
  programme: Organisation;
  mentoring: Organisation;
  adopter: Organisation;
  coordinator: Person;
  mentor: Person;
  editor: Person;
  viewer: Person;
  /** The adopter's transfer of a practice, opened by the coordinator with the mentor assigned. */
  openTransfer(practiceId?: string): Promise<Transfer>;
  /** Needs and scope written and submitted by the editor, as the demo seed does for Lakeside: waiting for the mentor. */
  submitNeedsAndScope(transfer: Transfer): Promise<void>;
};

/** One argon2 hash of the password per worker: every fresh person shares it. */
let passwordHash: Promise<string> | undefined;

function practice(id: string) {
  const data = readFrontmatter('practices', id) as { title: string; coreFeatures: { id: string }[] };
  return { id, title: data.title, featureIds: data.coreFeatures.map((f) => f.id) };
}

export async function createTeam(db: Db, origin: string): Promise<Team> {
  passwordHash ??= hashPassword(demoPassword);
  const tag = crypto.randomUUID().slice(0, 8);
  const organisation = async (name: string, kind: (typeof schema.organisationKinds)[number]): Promise<Organisation> => {
    const id = crypto.randomUUID();
    await db.insert(schema.organisation).values({ id, name, kind });
    return { id, name };
  };
  const person = async (role: 'coordinator' | 'mentor' | 'editor' | 'viewer', organisationId: string): Promise<Person> => {
    const id = crypto.randomUUID();
    const email = `${role}-${tag}@test.example`;
    const name = `${role[0]!.toUpperCase()}${role.slice(1)} ${tag}`;
    await db.insert(schema.user).values({ id, email, name, passwordHash: await passwordHash! });
    await db.insert(schema.membership).values({ id: crypto.randomUUID(), userId: id, organisationId, role });
    return { id, email, name };
  };
  const programme = await organisation(`Programme office ${tag}`, 'programme');
  const mentoring = await organisation(`Early adopter ${tag}`, 'early-adopter');
  const adopter = await organisation(`Adopter ${tag}`, 'next-adopter');
  const coordinator = await person('coordinator', programme.id);
  const mentor = await person('mentor', mentoring.id);
  const editor = await person('editor', adopter.id);
  const viewer = await person('viewer', adopter.id);
  const meta = { ip: 'test', origin };

  return {
    tag,
    programme,
    mentoring,
    adopter,
    coordinator,
    mentor,
    editor,
    viewer,
    async openTransfer(practiceId = 'shared-care-platform') {
      const p = practice(practiceId);
      const opened = await openTransfer(db, await loadActor(db, coordinator.id), { organisationId: adopter.id, practiceId, mentorIds: [mentor.id] }, [p], meta);
      if (!opened.ok) throw new Error(`the test transfer was refused: ${JSON.stringify(opened)}`);
      return { id: opened.transferId, title: `${adopter.name}: ${p.title}`, practiceTitle: p.title, url: `/workspace/transfers/${opened.transferId}/` };
    },
    async submitNeedsAndScope(transfer) {
      // The records are those of db/seed.ts (field ids of content/templates/needs-and-scope.mdx); the submission goes through the workspace's command.
      const records = [
        { section: 'scope', data: { geography: `${adopter.name} and its local hospital`, population: 'Citizens with chronic conditions who receive home care', services: 'Home care, general practice, the hospital’s outpatient clinics' } },
        { section: 'needs', data: { 'need-statement': 'Home care, general practice and the hospital agree on who does what only case by case.', priority: 'High', 'affected-stakeholders': ['Home care', 'General practice', 'Hospital'], 'core-features': ['cross-sector-agreement'] } },
        { section: 'needs', data: { 'need-statement': 'Messages between the sectors still go by phone and fax.', priority: 'Medium', 'core-features': ['electronic-communication'] } },
      ];
      for (const [position, r] of records.entries())
        await db.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: transfer.id, template: 'needs-scope', section: r.section, position, data: JSON.stringify(r.data), createdBy: editor.id, updatedBy: editor.id });
      await db.insert(schema.featureChoice).values({ transferId: transfer.id, featureId: 'cross-sector-agreement', decision: 'adapt', note: 'One agreement with the municipality and the local hospital first, not a region-wide one.', updatedBy: editor.id });
      const review = { id: transfer.id, title: transfer.title, organisationId: adopter.id, mentorIds: [mentor.id] };
      const submitted = await submitStage(db, await loadActor(db, editor.id), review, reviewStage('needs-scope'), { note: 'Our first draft; is the scope narrow enough?' }, meta);
      if (!submitted.ok) throw new Error(`the test submission was refused: ${JSON.stringify(submitted)}`);
    },
  };
}

/** Deletes the team's organisations (with their transfers, memberships and invitations) and everyone with its tag in their address. */
export async function removeTeam(db: Db, team: Team): Promise<void> {
  await db.delete(schema.user).where(like(schema.user.email, `%-${team.tag}@test.example`));
  await db.delete(schema.organisation).where(inArray(schema.organisation.id, [team.programme.id, team.mentoring.id, team.adopter.id]));
}

export const test = base.extend<{ team: Team }, { portalDb: Db }>({
  // The server's own database file (WAL: both processes read and write it; busy writers wait).
  portalDb: [
    async ({}, use) => {
      const db = openDatabase(resolve('tests/.tmp/browser.db'));
      await use(db);
      await closeDatabase(db);
    },
    { scope: 'worker' },
  ],
  team: async ({ portalDb, baseURL }, use) => {
    const team = await createTeam(portalDb, new URL(baseURL!).origin);
    await use(team);
    await removeTeam(portalDb, team);
  },
});

export { expect };
