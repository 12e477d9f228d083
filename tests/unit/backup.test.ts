import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupDatabase } from '../../db/backup.ts';
import { seedDemoData } from '../../db/seed.ts';
import { realTemplates } from '../support/templates.ts';
import { migrateDatabase, openDatabase, schema } from '../../src/lib/server/db.ts';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

describe('backupDatabase', () => {
  it('takes a consistent copy while another connection keeps writing, and the copy restores', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portal-backup-'));
    const live = openDatabase(join(dir, 'portal.db'));
    migrateDatabase(live);
    await seedDemoData(live, realTemplates().stages, 'fixed demo password');
    // Keep writing from the "server" while the backup runs.
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 2000; i++) {
        await live.insert(schema.auditEvent).values({ action: 'test.write', outcome: 'success', detail: String(i) });
        await new Promise((r) => setImmediate(r));
      }
    })();
    const { pages } = await backupDatabase(join(dir, 'portal.db'), join(dir, 'backup.db'));
    writing = false;
    await writer;
    expect(pages).toBeGreaterThan(0);

    // Restore = open the copy as the database: every table is there and integrity holds.
    const restored = openDatabase(join(dir, 'backup.db'));
    expect(restored.$client.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await restored.select().from(schema.user)).map((u) => u.email)).toContain('coordinator@demo.example');
    expect((await restored.select().from(schema.organisation)).length).toBe(8);
    restored.$client.close();
    live.$client.close();
  });
});

describe('seedDemoData', () => {
  it('seeds an empty database once, labelling demo organisations', async () => {
    const db = openDatabase(':memory:');
    migrateDatabase(db);
    const accounts = await seedDemoData(db, realTemplates().stages, 'fixed demo password');
    expect(accounts?.map((a) => a.role).sort()).toEqual(['coordinator', 'editor', 'editor', 'mentor', 'mentor', 'viewer']);
    expect(await seedDemoData(db, realTemplates().stages, 'fixed demo password')).toBeNull();
    const demo = (await db.select().from(schema.organisation)).filter((o) => o.kind === 'next-adopter');
    expect(demo.every((o) => o.isDemo && o.name.startsWith('Demo:'))).toBe(true);
  });
});
