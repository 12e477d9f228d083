/**
 * Marks names in other languages on every built page (src/lib/public/foreign-names.ts) once the build is done,
 * before Pagefind indexes the pages. One pass over the output rather than markup in each content file and template:
 * the names also come from frontmatter (owners, organisations, sources), which renders as plain text.
 */
import type { AstroIntegration } from 'astro';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markForeignNames } from '../lib/public/foreign-names.ts';

export default function langMarks(): AstroIntegration {
  let clientDir: URL | undefined;
  return {
    name: 'portal-lang-marks',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
      },
      'astro:build:done': async ({ logger }) => {
        if (!clientDir) throw new Error('lang marks: build output folder unknown');
        const site = fileURLToPath(clientDir);
        let changed = 0;
        for (const file of (await readdir(site, { recursive: true })).filter((f) => f.endsWith('.html'))) {
          const html = await readFile(join(site, file), 'utf8');
          const marked = markForeignNames(html);
          if (marked === html) continue;
          await writeFile(join(site, file), marked);
          changed++;
        }
        logger.info(`names in other languages marked on ${changed} pages`);
      },
    },
  };
}
