/** Helpers for tests that read the built site in dist/client (npm test builds it first). */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, relative } from 'node:path';
import { parse as parseYaml } from 'yaml';

export const root = new URL('../../', import.meta.url).pathname;
export const clientDir = join(root, 'dist/client');
export const contentDir = join(root, 'content');

/** The <script> elements of a page that run: JSON-LD (`type="application/ld+json"`) is data and does not count. */
export const countRunnableScripts = (html: string) => (html.match(/<script\b(?![^>]*type="application\/ld\+json")/gi) ?? []).length;

export function requireBuild(): void {
  if (!existsSync(join(clientDir, 'index.html'))) throw new Error('dist/client is missing: run `npm run build` first (npm test does).');
}

export function listFiles(dir: string, ext?: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile() && (!ext || f.endsWith(ext)));
}

const fileIds = (collection: string) => listFiles(join(contentDir, collection)).filter((f) => /\.mdx?$/.test(f)).map((f) => relative(join(contentDir, collection), f).replace(/\.mdx?$/, ''));

/** The ids of a content collection: file names under content/<collection>/ without .mdx, translations left out (as src/content.config.ts does). */
export function contentIds(collection: string): string[] {
  return fileIds(collection).filter((id) => !id.includes('.'));
}

/** The translations in a content folder, "<id>.<locale>" (src/schemas/translation.ts). */
export function translationIds(collection: string): string[] {
  return fileIds(collection).filter((id) => id.includes('.'));
}

/** The YAML frontmatter of a content file, unvalidated. */
export function readFrontmatter(collection: string, id: string): Record<string, unknown> {
  const text = readFileSync(join(contentDir, collection, `${id}.mdx`), 'utf8');
  const match = /^---\n([\s\S]*?)\n---/.exec(text);
  if (!match) throw new Error(`${collection}/${id}.mdx has no frontmatter`);
  return parseYaml(match[1]);
}

/** The built file a site path resolves to, as the node adapter's static handler resolves it (in `dir`, default dist/client). */
export function resolveSitePath(path: string, dir = clientDir): string | undefined {
  const clean = decodeURIComponent(path.split(/[?#]/)[0]);
  const candidates = [join(dir, clean), join(dir, clean, 'index.html'), join(dir, `${clean.replace(/\/$/, '')}.html`)];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

const types: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.css': 'text/css', '.html': 'text/html' };

/** A minimal static server over dist/client (or another built client folder), for Pagefind's fetches in Node and for browser checks. */
export async function serveClient(dir = clientDir): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const file = resolveSitePath(new URL(req.url ?? '/', 'http://x').pathname, dir);
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(() => ok())) };
}
