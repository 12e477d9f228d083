/**
 * The production server: migrates the database, seeds demo data on a first start, then serves the built site
 * (static files and on-demand pages, through the Node adapter's handler) with security headers on every response.
 *
 *   node src/server/serve.ts      (npm start builds first)      PORT (4321), HOST (localhost), DATABASE_PATH
 */
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { printAccounts, seedDemoData } from '../../db/seed.ts';
import { isSecureDeployment } from '../lib/server/auth/cookie.ts';
import { databasePath, migrateDatabase, openDatabase } from '../lib/server/db.ts';
import { readWorkspaceForms } from '../lib/server/transfers/workspace-forms.ts';
import { directSave } from './direct-save.ts';
import { securityHeaders } from './security-headers.ts';

const db = openDatabase();
migrateDatabase(db);
const accounts = await seedDemoData(db);
if (accounts) printAccounts(accounts);
db.$client.close();

process.env.ASTRO_NODE_AUTOSTART = 'disabled';
const { handler } = (await import(pathToFileURL(resolve('dist/server/entry.mjs')).href)) as { handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void };

// Successful record saves are answered without the page pipeline (see direct-save.ts); PORTAL_DIRECT_SAVE=off
// sends them through the pages too, which is how the benchmark measures the difference.
const forms = process.env.PORTAL_DIRECT_SAVE === 'off' ? undefined : readWorkspaceForms(resolve('dist/client/data/workspace-forms.json'));
const direct = forms ? directSave(openDatabase(), forms) : undefined;

const headers = Object.entries(securityHeaders(isSecureDeployment()));
const server = createServer((req, res) => {
  for (const [name, value] of headers) res.setHeader(name, value);
  if (!direct?.accepts(req)) return handler(req, res);
  direct
    .handle(req, res, (body) => {
      // The adapter takes an already-read body from req.body (as behind a body-parsing framework).
      if (body) Object.assign(req, { body });
      handler(req, res);
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
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
