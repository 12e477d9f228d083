/** What the story pages read: a transfer's story and who consented, its withdrawn predecessors, the published list, the latest rebuild. */
import { and, desc, eq } from 'drizzle-orm';
// sqlite-core's alias is the same proxy as pg-core's: it aliases either engine's table.
import { alias } from 'drizzle-orm/sqlite-core';
import { first, schema, type Db } from '../db.ts';
import type { AdoptionStory, StoryPart } from '../../../schemas/story.ts';

const editor = alias(schema.user, 'editor_consent');
const mentor = alias(schema.user, 'mentor_consent');

export type StoryView = {
  id: string;
  status: 'proposed' | 'published' | 'withdrawn';
  parts: StoryPart[];
  story: AdoptionStory;
  reportVersion: number;
  version: number;
  editorConsent?: { name: string; at: string };
  mentorConsent?: { name: string; at: string };
  publishedAt: string | null;
  withdrawnAt: string | null;
  withdrawnReason: string;
};

/** A transfer's stories, newest first: at most one proposed or published, then the withdrawn ones. */
export async function transferStories(db: Db, transferId: string): Promise<StoryView[]> {
  const rows = await db
    .select({ story: schema.adoptionStory, editorName: editor.name, mentorName: mentor.name })
    .from(schema.adoptionStory)
    .leftJoin(editor, eq(editor.id, schema.adoptionStory.editorConsentBy))
    .leftJoin(mentor, eq(mentor.id, schema.adoptionStory.mentorConsentBy))
    .where(eq(schema.adoptionStory.transferId, transferId))
    .orderBy(desc(schema.adoptionStory.createdAt));
  return rows.map(({ story: s, editorName, mentorName }) => ({
    id: s.id,
    status: s.status,
    parts: JSON.parse(s.parts) as StoryPart[],
    story: JSON.parse(s.publicJson) as AdoptionStory,
    reportVersion: s.reportVersion,
    version: s.version,
    // A consent whose account is gone still counts; it reads as "a former member".
    editorConsent: s.editorConsentAt ? { name: editorName ?? 'a former member', at: s.editorConsentAt } : undefined,
    mentorConsent: s.mentorConsentAt ? { name: mentorName ?? 'a former mentor', at: s.mentorConsentAt } : undefined,
    publishedAt: s.publishedAt,
    withdrawnAt: s.withdrawnAt,
    withdrawnReason: s.withdrawnReason,
  }));
}

/** Every published story, newest first, with its transfer: the coordinators' list. */
export async function publishedStories(db: Db) {
  const rows = await db
    .select({ id: schema.adoptionStory.id, transferId: schema.adoptionStory.transferId, publicJson: schema.adoptionStory.publicJson, publishedAt: schema.adoptionStory.publishedAt, version: schema.adoptionStory.version, transferTitle: schema.transfer.title, organisationName: schema.organisation.name, isDemo: schema.organisation.isDemo })
    .from(schema.adoptionStory)
    .innerJoin(schema.transfer, eq(schema.transfer.id, schema.adoptionStory.transferId))
    .innerJoin(schema.organisation, eq(schema.organisation.id, schema.transfer.organisationId))
    .where(and(eq(schema.adoptionStory.status, 'published')))
    .orderBy(desc(schema.adoptionStory.publishedAt));
  return rows.map(({ publicJson, ...r }) => ({ ...r, title: (JSON.parse(publicJson) as AdoptionStory).title }));
}

/** The latest rebuild of the public site, if any was ever asked for. */
export async function latestPublicationRun(db: Db) {
  return first(db.select().from(schema.publicationRun).orderBy(desc(schema.publicationRun.id)).limit(1));
}

/** Where a published story is on the public site (src/schemas/story.ts: /adoptions/<id>/). */
export const publicStoryPath = (id: string) => `/adoptions/${id}/`;
