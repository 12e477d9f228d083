// Browser tests drive Debian's Chromium; nothing here downloads a browser. Where it is missing and we are
// root (CI), install it with apt-get, as Playwright's own --with-deps would; otherwise say what to run.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (existsSync(candidate)) process.exit(0);
if (process.env.CHROMIUM_PATH) {
  console.error(`CHROMIUM_PATH is set to ${candidate}, but there is no file there.`);
  process.exit(1);
}
if (process.getuid?.() !== 0) {
  console.error('Chromium is missing. Install it with:\n\n  sudo apt-get update && sudo apt-get install -y chromium\n\nor set CHROMIUM_PATH to a Chromium binary.');
  process.exit(1);
}
console.log('Chromium is missing; installing Debian\'s chromium package with apt-get…');
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env });
