// The PostgreSQL pass (npm run test:unit:pg) starts its own throwaway cluster, so it needs PostgreSQL's server
// programs. Where they are missing and we are root (CI), install Debian's postgresql package with apt-get, as
// ensure-chromium.mjs does for the browser; otherwise say what to run. Debian creates and may start a cluster of its
// own on install: we stop it, so that nothing but the tests' clusters (127.0.0.1 only) runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { findPostgresBin } from './postgres.mjs';

if (findPostgresBin() || process.env.PORTAL_TEST_POSTGRES_URL) process.exit(0);
if (process.getuid?.() !== 0) {
  console.error('PostgreSQL is missing. Install it with:\n\n  sudo apt-get update && sudo apt-get install -y postgresql\n\nor set PORTAL_TEST_POSTGRES_URL to a server where the user may create databases.');
  process.exit(1);
}
console.log("PostgreSQL is missing; installing Debian's postgresql package with apt-get…");
const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
execFileSync('apt-get', ['install', '-y', '-qq', 'postgresql'], { stdio: 'inherit', env });
const clusters = spawnSync('pg_lsclusters', ['--no-header'], { encoding: 'utf8' }).stdout ?? '';
for (const [version, name, , status] of clusters.split('\n').map((line) => line.trim().split(/\s+/))) {
  if (status === 'online') execFileSync('pg_ctlcluster', [version, name, 'stop'], { stdio: 'inherit' });
}
if (!findPostgresBin()) {
  console.error('apt-get installed postgresql, but initdb and pg_ctl are still not found under /usr/lib/postgresql/*/bin.');
  process.exit(1);
}
