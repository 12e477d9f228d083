/**
 * Reads the catalogues (src/i18n/messages/<code>/<namespace>.json) from disk, once per process. They are read, not
 * imported, so that the same module serves the built site, the server's own code under plain Node, the build and
 * the tests, and a language is added without touching code; the pseudo-locale is made from English.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { locales, pseudoLocale } from './locales.ts';
import { namespaces } from './namespaces.ts';
import { pseudoValue } from './pseudo.ts';

export type Catalogue = Record<string, Record<string, unknown>>;

/**
 * Next to this file when it runs from source (Node, vitest); from the project folder when it runs bundled into
 * dist/ (the server and `astro build` start there; PORTAL_ROOT says otherwise).
 */
function messagesFolder(): string {
  const beside = fileURLToPath(new URL('./messages/', import.meta.url));
  if (existsSync(join(beside, 'en'))) return beside;
  return resolve(process.env.PORTAL_ROOT ?? process.cwd(), 'src/i18n/messages');
}

export function readCatalogue(code: string, folder = messagesFolder()): Catalogue {
  return Object.fromEntries(
    namespaces.map((ns) => {
      const file = join(folder, code, `${ns}.json`);
      return [ns, existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {}];
    }),
  );
}

let cached: Record<string, Catalogue> | undefined;
/** Every served language's catalogue, keyed by code. */
export function catalogues(): Record<string, Catalogue> {
  if (cached) return cached;
  const folder = messagesFolder();
  const english = readCatalogue('en', folder);
  cached = Object.fromEntries(locales.map((l) => [l.code, l.code === pseudoLocale.code ? (pseudoValue(english) as Catalogue) : l.code === 'en' ? english : readCatalogue(l.code, folder)]));
  return cached;
}
