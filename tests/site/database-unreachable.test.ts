/** A server whose database cannot be opened says which and why in one line and exits, instead of a stack trace. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { requireBuild } from '../support/site.ts';

describe('starting without a reachable database', () => {
  it('names the database (password hidden) and the reason, and exits with 1', () => {
    requireBuild();
    // Port 1 on loopback refuses at once: no PostgreSQL is needed for this test.
    const run = spawnSync(process.execPath, ['src/server/serve.ts'], {
      env: { ...process.env, DATABASE_URL: 'postgres://portal:secret@127.0.0.1:1/portal', PORT: '0', HOST: '127.0.0.1', PORTAL_PUBLICATION: 'off' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe('Cannot open the database postgres://portal:***@127.0.0.1:1/portal: connect ECONNREFUSED 127.0.0.1:1');
    expect(run.stderr).not.toContain('secret');
  });
});
