/**
 * The production server: opens the database (the one SQLite connection, or a PostgreSQL pool), migrates it, seeds
 * demo data on a first start, then serves the built site (on-demand pages through the Node adapter's handler, which
 * is given the connection in `locals`; static files from dist/client or the newest publication build, see
 * src/lib/server/publication/) with security headers on every response, and runs the publication job that rebuilds
 * the public site in the background.
 *
 *   node src/server/serve.ts   (npm start builds first)   PORT (4321), HOST (localhost), DATABASE_PATH or DATABASE_URL
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { isSecureDeployment } from '../lib/server/auth/cookie.ts';
import { closeDatabase, databaseTarget, describeTarget } from '../lib/server/db.ts';
import { allowedMethods, formBodyLimit, isAllowedMethod, methodNotAllowedMessage, publicOrigin } from '../lib/server/http.ts';
import { refusalOf } from '../lib/server/request-context.ts';
import { requireWorkspaceForms } from '../lib/server/transfers/workspace-forms.ts';
import { sendReportReminders } from '../lib/server/monitoring/report-reminders.ts';
import { purgeDeletedEntries } from '../lib/server/transfers/trash.ts';
import { templatesOfForms } from '../lib/server/monitoring/sections.ts';
import { startPublication } from '../lib/server/publication/startup.ts';
import { directSave } from './direct-save.ts';
import { answerTooLarge, readBody } from './read-body.ts';
import { factsOf } from './request-facts.ts';
import { openServerDatabase } from './open-database.ts';
import { securityHeaders } from './security-headers.ts';
import { staticFiles } from './static-files.ts';

// The one connection (pool, on PostgreSQL): migrated once here, then handed to every request (Astro's `locals.db`)
// and to the direct save path, so the bundle never opens a second one.
// What the built templates say the forms and review stages are (the content collections live in the bundle).
const forms = requireWorkspaceForms();
const db = await openServerDatabase(forms.stages).catch((error: Error & { cause?: Error }) => {
  // Unreachable server, wrong password, missing database: one line that says which database and why, no stack.
  console.error(`Cannot open the database ${describeTarget(databaseTarget())}: ${(error.cause ?? error).message}`);
  process.exit(1);
});

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
/** The Node adapter's handler in middleware mode: renders on-demand routes, calls `next` for everything else. */
type AstroHandler = (req: IncomingMessage, res: ServerResponse, next: (() => void) | undefined, locals: Partial<App.Locals>) => Promise<void>;
const { handler } = (await import(pathToFileURL(resolve('dist/server/entry.mjs')).href)) as { handler: AstroHandler };
const render = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void handler(req, res, next, { db });
// The static root: dist/client, or the last publication build when it is newer (a restart without a rebuild); the
// publication job swaps it when it has built the site again. A path that is neither a route nor a file gets the
// site's 404 page, rendered by Astro.
const publication = await startPublication(db);
console.log(`Static files from ${publication.served.client}${publication.queued ? `; rebuild queued (${publication.queued})` : ''}`);
const files = staticFiles(publication.staticRoot, (req, res) => render(req, res));
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
  const method = req.method ?? 'GET';
  // OPTIONS says what is answered here; other methods are refused before the adapter, which answers TRACE with a 500.
  if (method === 'OPTIONS') return void res.writeHead(204, { Allow: allowedMethods }).end();
  if (!isAllowedMethod(method)) return void res.writeHead(405, { Allow: allowedMethods, 'Content-Type': 'text/plain; charset=utf-8' }).end(methodNotAllowedMessage);
  if (direct?.accepts(req)) return answerDirectly(req, res);
  // A form for the pages is read here, up to the limit (chunked or not), and handed over read; a refused one goes
  // unread to the middleware, which says why.
  if (method !== 'POST' || refusalOf(factsOf(req))) return site(req, res);
  readBody(req, formBodyLimit).then(
    (body) => (body ? (Object.assign(req, { body }), site(req, res)) : answerTooLarge(res)),
    () => res.destroy(), // the client went away while sending
  );
});

function answerDirectly(req: IncomingMessage, res: ServerResponse) {
  direct!
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
}

// What Node's parser refuses (a lowercase or unknown method, CONNECT) never reaches the handler above: say why in
// words, and name the methods that work. The connection cannot be read further, so it ends.
function answerRaw(socket: Duplex, status: string, message: string, extra = '') {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(message)}\r\n${extra}\r\n${message}`);
}
const allowHeader = `Allow: ${allowedMethods}\r\n`;
server.on('connect', (_req: IncomingMessage, socket: Duplex) => answerRaw(socket, '405 Method Not Allowed', methodNotAllowedMessage, allowHeader));
server.on('clientError', (error: Error & { code?: string }, socket: Duplex) => {
  if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
  if (error.code === 'HPE_INVALID_METHOD') return answerRaw(socket, '405 Method Not Allowed', methodNotAllowedMessage, allowHeader);
  if (error.code === 'HPE_HEADER_OVERFLOW') return answerRaw(socket, '431 Request Header Fields Too Large', 'The request headers are too large.');
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return answerRaw(socket, '408 Request Timeout', 'The request took too long to arrive.');
  answerRaw(socket, '400 Bad Request', 'This request could not be read.');
});
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? 'localhost';
server.listen(port, host, () => console.log(`Serving on http://${host}:${port} (database ${describeTarget(databaseTarget())})`));

// Progress-report reminders: at start and every hour; a failure is logged and tried again the next hour.
const remindReports = () =>
  Promise.resolve()
    .then(() => sendReportReminders(db, new Date(), publicOrigin(), templatesOfForms(forms)))
    .then(
      (n) => n > 0 && console.log(`report reminders: ${n} sent`),
      (error) => console.error('report reminders: failed', error),
    );
void remindReports();
setInterval(() => void remindReports(), 3_600_000).unref();
// Deleted records that have had their 30 days are purged: at start and every hour (pages leave them out meanwhile; a GET never purges).
const purgeDeleted = () =>
  Promise.resolve()
    .then(() => purgeDeletedEntries(db, new Date()))
    .then(
      (n) => n > 0 && console.log(`deleted records: ${n} purged`),
      (error) => console.error('deleted records: purge failed', error),
    );
void purgeDeleted();
setInterval(() => void purgeDeleted(), 3_600_000).unref();
// A build under way is ended with the server (its run is failed, and redone if needed, at the next start).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (publication.runner?.stop(), publication.stopFollowing?.(), server.close(() => void closeDatabase(db).finally(() => process.exit(0)))));
