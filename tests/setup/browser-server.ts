/** The server the browser tests drive: the production server over a fresh database in tests/.tmp/. */
import { mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

const dir = resolve('tests/.tmp');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
process.env.DATABASE_PATH = resolve(dir, 'browser.db');
await import('../../src/server/serve.ts');
