/**
 * The server the browser tests drive: the production server over a fresh database in tests/.tmp/, sending its
 * e-mail to a real SMTP server on loopback that writes each message it receives to tests/.tmp/mail/.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSmtpServer } from '../support/smtp.ts';

const dir = resolve('tests/.tmp');
rmSync(dir, { recursive: true, force: true });
mkdirSync(resolve(dir, 'mail'), { recursive: true });
let count = 0;
const smtp = await startSmtpServer((message) => writeFileSync(resolve(dir, 'mail', `${String(++count).padStart(5, '0')}.eml`), `X-Envelope-To: ${message.to.join(', ')}\r\n${message.raw}`));
process.env.SMTP_URL = smtp.url;
process.env.DATABASE_PATH = resolve(dir, 'browser.db');
await import('../../src/server/serve.ts');
