/**
 * Pagefind in Node, as a page in a given language uses it. Pagefind keeps one index per `<html lang>` and picks
 * the one of the page it runs on, reading `document.querySelector('html').getAttribute('lang')`; in Node there is no
 * document, and it would pick whichever index is largest. A stand-in document with just that answer chooses the
 * language (without `window`, Pagefind still runs as in Node).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export function pretendPageLanguage(lang: string): void {
  (globalThis as { document?: unknown }).document = { querySelector: (s: string) => (s === 'html' ? { getAttribute: (a: string) => (a === 'lang' ? lang : null) } : null) };
}

export type PagefindResult = { url: string; meta: Record<string, string>; filters: Record<string, string[]> };
type Instance = {
  search: (q: string | null, o?: { filters?: Record<string, unknown> }) => Promise<{ results: { data: () => Promise<PagefindResult> }[] }>;
};

/** A Pagefind instance over the index of `lang`, from the site served at `siteUrl` out of `clientDir`. */
export async function pagefindIn(lang: string, siteUrl: string, clientDir: string): Promise<Instance> {
  // Node's loader takes file URLs only; the index files it fetches come from the server.
  const module = (await import(/* @vite-ignore */ pathToFileURL(join(clientDir, 'pagefind/pagefind.js')).href)) as { createInstance: (o: Record<string, unknown>) => Instance };
  pretendPageLanguage(lang);
  return module.createInstance({ basePath: `${siteUrl}/pagefind/`, baseUrl: '/' });
}

export const urlsFound = async (instance: Instance, q: string) => Promise.all((await instance.search(q)).results.map(async (r) => (await r.data()).url));
