/**
 * Where the static build finds the published adoption stories: one JSON file written by the publication job
 * (src/lib/server/publication/) from the workspace database, never the database itself, so that a build needs no
 * database connection (and will not need one on PostgreSQL either) and always sees one consistent set.
 *
 *   PORTAL_STORIES_FILE   path of the file (default data/published-stories.json); absent file = no stories
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { publishedStoriesFile, type AdoptionStory } from '../../schemas/story.ts';

export const storiesFilePath = () => resolve(process.env.PORTAL_STORIES_FILE ?? 'data/published-stories.json');

/** The published stories, validated; a missing file is an empty set, a malformed one fails the build with its reason. */
export function readPublishedStories(path = storiesFilePath()): AdoptionStory[] {
  if (!existsSync(path)) return [];
  const parsed = publishedStoriesFile.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not a valid published-stories file: ${parsed.error.message}`);
  return parsed.data.stories;
}
