/**
 * The published stories as the static build reads them: selected from the database, each checked against the
 * public shape, and written as one file (src/lib/public/story-source.ts reads it) by writing a temporary file and
 * renaming it over the old one, so a build never reads half a file.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { adoptionStorySchema, publishedStoriesFile, type AdoptionStory, type PublishedStoriesFile } from '../../../schemas/story.ts';
import { schema, type Db } from '../db.ts';

export type PublishedSet = { stories: AdoptionStory[]; skipped: { id: string; why: string }[] };

/**
 * Every story whose status is 'published', oldest publication first (with `practices`, only those of a practice
 * the site still has). A row whose JSON no longer fits the public shape
 * is left out and named (the run says so) rather than failing the build: one bad story must not keep a withdrawal
 * from reaching the public site.
 */
export async function publishedStoriesOf(db: Db, practices?: ReadonlySet<string>): Promise<PublishedSet> {
  const s = schema.adoptionStory;
  const rows = await db.select({ id: s.id, publicJson: s.publicJson }).from(s).where(eq(s.status, 'published')).orderBy(asc(s.publishedAt), asc(s.id));
  const set: PublishedSet = { stories: [], skipped: [] };
  for (const row of rows) {
    let json: unknown;
    try {
      json = JSON.parse(row.publicJson);
    } catch {
      set.skipped.push({ id: row.id, why: 'its public JSON cannot be read' });
      continue;
    }
    const parsed = adoptionStorySchema.safeParse(json);
    // A story of a practice no longer on the site would stop the whole build (its page links the practice).
    if (parsed.success && practices && !practices.has(parsed.data.practice)) set.skipped.push({ id: row.id, why: `its practice "${parsed.data.practice}" is no longer on the site` });
    else if (parsed.success) set.stories.push(parsed.data);
    else set.skipped.push({ id: row.id, why: parsed.error.issues.map((i) => `${i.path.join('.') || 'story'}: ${i.message}`).join('; ') });
  }
  return set;
}

/** Writes the stories file atomically: a temporary file beside it, then a rename (atomic on one file system). */
export function writeStoriesFile(path: string, stories: AdoptionStory[], now = new Date()): PublishedStoriesFile {
  const file = publishedStoriesFile.parse({ version: 1, generatedAt: now.toISOString(), stories });
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${randomUUID()}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(file, null, 2)}\n`);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
  return file;
}
