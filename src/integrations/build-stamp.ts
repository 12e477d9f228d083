/**
 * Writes `<outDir>/build-stamp.json` after every build: when it was built and from which published stories (their
 * number and digest). The server reads it at start to choose between dist/ and the newest publication build, and to
 * see whether the stories it serves are still the ones the database publishes (src/lib/server/publication/).
 * Outside the client folder, so it is never served.
 */
import type { AstroIntegration } from 'astro';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPublishedStories } from '../lib/public/story-source.ts';
import { storiesDigest } from '../lib/public/stories-digest.ts';

export const buildStampFile = 'build-stamp.json';
export type BuildStamp = { builtAt: string; stories: number; storiesDigest: string };

export default function buildStampIntegration(): AstroIntegration {
  let outDir: URL | undefined;
  return {
    name: 'portal-build-stamp',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = config.outDir;
      },
      'astro:build:done': () => {
        if (!outDir) throw new Error('build stamp: output folder unknown');
        // The same reader the stories collection used during this build.
        const stories = readPublishedStories();
        const stamp: BuildStamp = { builtAt: new Date().toISOString(), stories: stories.length, storiesDigest: storiesDigest(stories) };
        writeFileSync(fileURLToPath(new URL(buildStampFile, outDir)), `${JSON.stringify(stamp, null, 2)}\n`);
      },
    },
  };
}
