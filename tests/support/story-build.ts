/**
 * Builds the public site with a given set of published stories, in a scratch copy of the project so that neither
 * this checkout's dist/ nor its caches change. One scratch project can be built again with another set, as the
 * publication job rebuilds after a withdrawal: what the second build shows proves nothing is kept from the first.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { AdoptionStory } from '../../src/schemas/story.ts';
import { createScratchProject } from './scratch-project.ts';
import { writeStoriesFile } from './story-fixtures.ts';

const run = promisify(execFile);

export type StoryBuilder = { build: (name: string, stories: AdoptionStory[]) => Promise<string>; remove: () => void };

export function storyBuilder(prefix = 'portal-stories-'): StoryBuilder {
  const project = createScratchProject(prefix);
  return {
    /** Builds into <scratch>/out-<name>/ and returns its client folder (the static site). */
    async build(name, stories) {
      const file = writeStoriesFile(join(project.dir, `stories-${name}.json`), stories);
      await run('npx', ['astro', 'build', '--outDir', `out-${name}`], {
        cwd: project.dir,
        env: { ...process.env, PORTAL_STORIES_FILE: file },
        maxBuffer: 64 * 1024 * 1024,
      });
      return join(project.dir, `out-${name}`, 'client');
    },
    remove: project.remove,
  };
}
