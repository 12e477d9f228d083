/** Adoption stories for tests and benchmarks: a valid public story (invented, labelled demo), and one stored in a database. */
import type { AdoptionStory } from '../../src/schemas/story.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';

export function demoStory(id: string, overrides: Partial<AdoptionStory> = {}): AdoptionStory {
  return {
    id,
    practice: 'shared-care-platform',
    title: `Demo adoption ${id}`,
    summary: 'An invented adoption used by the tests: nothing here describes a real organisation.',
    organisation: { name: 'Demo: Northland Health Region', isDemo: true },
    period: { from: '2025-01-01', to: '2026-06-30' },
    parts: ['lessons'],
    coreFeatures: [],
    results: [],
    factors: [],
    lessons: ['Start with one ward.'],
    source: { reportVersion: 1, approvedAt: '2026-07-01T10:00:00.000Z' },
    publishedAt: '2026-07-02T10:00:00.000Z',
    ...overrides,
  };
}

/** Stores a story for a new demo transfer, in the status given, with its public JSON as the workspace freezes it. */
export async function insertStory(db: Db, story: AdoptionStory | Record<string, unknown>, status: 'proposed' | 'published' | 'withdrawn' = 'published') {
  const organisationId = crypto.randomUUID();
  const transferId = crypto.randomUUID();
  await db.insert(schema.organisation).values({ id: organisationId, name: `Demo: org ${organisationId.slice(0, 8)}`, kind: 'next-adopter' });
  await db.insert(schema.transfer).values({ id: transferId, organisationId, practiceId: 'shared-care-platform', title: 'Demo transfer' });
  const id = typeof story.id === 'string' ? story.id : crypto.randomUUID();
  await db.insert(schema.adoptionStory).values({
    id,
    transferId,
    status,
    parts: '[]',
    publicJson: JSON.stringify(story),
    reportVersion: 1,
    publishedAt: status === 'published' ? (typeof story.publishedAt === 'string' ? story.publishedAt : new Date().toISOString()) : null,
  });
  return id;
}
