/**
 * The production server: opens the one database connection, migrates it, seeds demo data on a first start, then
 * serves the built site (on-demand pages through the Node adapter's handler, which is given the connection in
 * `locals`; static files from dist/client) with security headers on every response.
 *
 *   node src/server/serve.ts      (npm start builds first)      PORT (4321), HOST (localhost), DATABASE_PATH
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { printAccounts, seedDemoData } from '../../db/seed.ts';
import { isSecureDeployment } from '../lib/server/auth/cookie.ts';
import { databasePath, migrateDatabase, openDatabase } from '../lib/server/db.ts';
import { requireWorkspaceForms } from '../lib/server/transfers/workspace-forms.ts';
import { directSave } from './direct-save.ts';
import { securityHeaders } from './security-headers.ts';
import { staticFiles } from './static-files.ts';

// The one connection: migrated once here, then handed to every request (Astro's `locals.db`) and to the direct
// save path, so the bundle never opens a second one.
// What the built templates say the forms and review stages are (the content collections live in the bundle).
const forms = requireWorkspaceForms();
const db = openDatabase();
migrateDatabase(db);
const accounts = await seedDemoData(db, forms.stages);
if (accounts) printAccounts(accounts);

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
/** The Node adapter's handler in middleware mode: renders on-demand routes, calls `next` for everything else. */
type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: (() => void) | undefined, locals: Partial<App.Locals>) => Promise<void>;
const { handler } = (await import(pathToFileURL(resolve('dist/server/entry.mjs')).href)) as { handler: AstroHandler };
const render = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void handler(req, res, next, { db });
// A path that is neither a route nor a file gets the site's 404 page, rendered by Astro.
const files = staticFiles(resolve('dist/client'), (req, res) => render(req, res));
const site = (req: IncomingMessage, res: ServerResponse) => render(req, res, () => files(req, res));

// Successful record saves are answered without the page pipeline (see direct-save.ts); PORTAL_DIRECT_SAVE=off
// sends them through the pages too, which is how the benchmark measures the difference.
const direct = process.env.PORTAL_DIRECT_SAVE === 'off' ? undefined : directSave(db, forms);

const headers = Object.entries(securityHeaders(isSecureDeployment()));
const server = createServer((req, res) => {
  for (const [name, value] of headers) res.setHeader(name, value);
  try {
    decodeURI(req.url ?? '/');
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('This address is not valid.');
    return;
  }
  if (!direct?.accepts(req)) return site(req, res);
  direct
    .handle(req, res, (body) => {
      // The adapter takes an already-read body from req.body (as behind a body-parsing framework).
      if (body) Object.assign(req, { body });
      site(req, res);
    })
    .catch((error) => {
      // The client went away while sending, or the socket failed: nothing to answer.
      console.error('direct save: request failed', error);
      res.destroy();
    });
});
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
server.listen(port, host, () => console.log(`Serving on http://${host}:${port} (database ${databasePath()})`));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => (db.$client.close(), process.exit(0))));
