/**
 * A fingerprint of a set of published stories, so that the server can tell at start whether the site it is about
 * to serve was built from the stories the database publishes now (src/lib/server/publication/startup.ts). Both sides
 * hash the stories as the schema parses them, in the order the publication job writes them, so the same set gives
 * the same digest whether it was read from the stories file or from the database.
 */
import { createHash } from 'node:crypto';
import type { AdoptionStory } from '../../schemas/story.ts';

export const storiesDigest = (stories: readonly AdoptionStory[]) => createHash('sha256').update(JSON.stringify(stories)).digest('hex');
