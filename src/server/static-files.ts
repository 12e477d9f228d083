/**
 * The built public site: files under the static root (dist/client, or the publication build swapped in since, see
 * src/lib/server/publication/static-root.ts), served with `send` (the library the Node adapter itself uses, for
 * ranges, conditional requests, ETags and path containment). A folder is its index.html, with or without the
 * trailing slash (`trailingSlash: 'ignore'`).
 *
 * Caching: hashed assets (/_astro/) are cached for a year; everything else (pages, the feed, Pagefind's entry file)
 * is `no-cache`, revalidated by its ETag on each use, so a rebuilt site is seen at the next visit.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, posix } from 'node:path';
import send from 'send';
import { StaticRoot } from '../lib/server/publication/static-root.ts';

/**
 * Paths whose files are named by their content: a page loaded before a swap may still ask for the old ones. Only
 * the scripts and styles: never Pagefind's index, whose older copies (the previous build's, dist's) still hold the
 * stories withdrawn since; a search page open across a swap gets its next results after a reload.
 */
const isHashedAsset = (pathname: string) => pathname.startsWith('/_astro/');

export function staticFiles(root: string | StaticRoot, notFound: (req: IncomingMessage, res: ServerResponse) => void) {
  const roots = typeof root === 'string' ? new StaticRoot(root) : root;
  return (req: IncomingMessage, res: ServerResponse) => {
    // One read per request: a swap in the middle of it cannot make it mix two builds.
    const { root, assetRoots } = roots.snapshot();
    // `send` decodes the path itself (and refuses one that leaves the root); decoded here only to look for a folder.
    let pathname = posix.normalize((req.url ?? '/').split('?')[0]);
    if (!pathname.endsWith('/') && isFolder(join(root, decodeURIComponent(pathname)))) pathname += '/';
    if (pathname.endsWith('/')) pathname += 'index.html';
    const candidates = isHashedAsset(pathname) ? assetRoots : [root];
    const attempt = (i: number) => {
      const stream = send(req, pathname, { root: candidates[i], dotfiles: pathname.startsWith('/.well-known/') ? 'allow' : 'deny', index: false });
      stream.on('error', (error: { statusCode?: number }) => {
        const status = error.statusCode ?? 500;
        if (status === 404 && i + 1 < candidates.length) return attempt(i + 1);
        if (status === 404 || status === 403) return notFound(req, res);
        res.writeHead(status).end();
      });
      stream.on('headers', () => {
        res.setHeader('Cache-Control', pathname.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      });
      stream.pipe(res);
    };
    attempt(0);
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
