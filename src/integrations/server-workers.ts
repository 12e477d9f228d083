/**
 * Worker threads in the built server. Vite rewrites `new URL('./x', import.meta.url)` for the browser only; in the
 * server bundle the URL would still name the source file next to a chunk where it does not exist. This
 * integration makes each `new URL('./<name>-worker.ts', import.meta.url)` in server code a chunk of its own (its
 * imports bundled like any server code) and points the URL at that chunk. In tests and `astro dev` the URL stays
 * the source file, which Node runs as it is.
 */
import type { AstroIntegration } from 'astro';
import { basename, dirname, relative, resolve } from 'node:path';

const workerUrl = /new URL\((['"])(\.{1,2}\/[\w./-]+-worker\.ts)\1,\s*import\.meta\.url\)/g;

const prefix = '__portal_worker_';
const placeholder = (ref: string) => `${prefix}${ref}__`;
const placeholderPattern = new RegExp(`${prefix}(\\w+?)__`, 'g');

export default function serverWorkersIntegration(): AstroIntegration {
  return {
    name: 'portal-server-workers',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'portal-server-workers',
                apply: 'build',
                applyToEnvironment: (environment) => environment.config.consumer === 'server',
                transform(code, id) {
                  if (!code.includes('-worker.ts')) return;
                  const out = code.replace(workerUrl, (_match, _quote, path: string) => {
                    const file = resolve(dirname(id.split('?')[0]!), path);
                    const ref = this.emitFile({ type: 'chunk', id: file, name: basename(file, '.ts') });
                    return `new URL(${JSON.stringify(placeholder(ref))}, import.meta.url)`;
                  });
                  return out === code ? undefined : { code: out, map: null };
                },
                // Chunk names are known only now: each placeholder becomes the worker chunk's path from the chunk using it.
                generateBundle(_options, bundle) {
                  for (const chunk of Object.values(bundle)) {
                    if (chunk.type !== 'chunk' || !chunk.code.includes(prefix)) continue;
                    chunk.code = chunk.code.replace(placeholderPattern, (_match, ref: string) => {
                      const path = relative(dirname(chunk.fileName), this.getFileName(ref));
                      return path.startsWith('.') ? path : `./${path}`;
                    });
                  }
                },
              },
            ],
          },
        });
      },
    },
  };
}
