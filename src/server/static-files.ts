/**
 * The built public site: files under dist/client, served with `send` (the library the Node adapter itself uses,
 * for ranges, conditional requests, ETags and path containment). A folder is its index.html, with or without the
 * trailing slash (`trailingSlash: 'ignore'`); hashed assets are cached for a year.
 */
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, posix } from 'node:path';
import send from 'send';

export function staticFiles(root: string, notFound: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    // `send` decodes the path itself (and refuses one that leaves the root); decoded here only to look for a folder.
    let pathname = posix.normalize((req.url ?? '/').split('?')[0]);
    if (!pathname.endsWith('/') && isFolder(join(root, decodeURIComponent(pathname)))) pathname += '/';
    if (pathname.endsWith('/')) pathname += 'index.html';
    const stream = send(req, pathname, { root, dotfiles: pathname.startsWith('/.well-known/') ? 'allow' : 'deny', index: false });
    stream.on('error', (error: { statusCode?: number }) => {
      if ((error.statusCode ?? 500) === 404 || error.statusCode === 403) return notFound(req, res);
      res.writeHead(error.statusCode ?? 500).end();
    });
    stream.on('headers', () => {
      if (pathname.startsWith('/_astro/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    });
    stream.pipe(res);
  };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
