/**
 * Indexes the built public site with Pagefind once the build is done. Only pages written to the client
 * output are indexed, so on-demand workspace pages can never leak into search.
 */
import type { AstroIntegration } from 'astro';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as pagefind from 'pagefind';
import { separateLabels } from '../lib/search/index-text.ts';

export default function pagefindIntegration(): AstroIntegration {
  let clientDir: URL | undefined;
  return {
    name: 'portal-pagefind',
    hooks: {
      'astro:config:done': ({ config }) => {
        clientDir = config.build.client;
      },
      'astro:build:done': async ({ logger }) => {
        if (!clientDir) throw new Error('Pagefind: build output folder unknown');
        const site = fileURLToPath(clientDir);
        const { index, errors } = await pagefind.createIndex({});
        if (!index) throw new Error(`Pagefind could not start: ${errors.join('; ')}`);
        // Page by page rather than addDirectory, so that labels and values are kept apart in excerpts (index-text.ts).
        const pages = (await readdir(site, { recursive: true })).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'));
        let pageCount = 0;
        for (const sourcePath of pages) {
          const added = await index.addHTMLFile({ sourcePath, content: separateLabels(await readFile(join(site, sourcePath), 'utf8')) });
          if (added.errors.length > 0) throw new Error(`Pagefind could not index ${sourcePath}: ${added.errors.join('; ')}`);
          if (added.file) pageCount++;
        }
        const written = await index.writeFiles({ outputPath: `${site}/pagefind` });
        if (written.errors.length > 0) throw new Error(`Pagefind could not write its index: ${written.errors.join('; ')}`);
        await pagefind.close();
        logger.info(`Pagefind indexed ${pageCount} pages`);
      },
    },
  };
}
