/** The attacks on sign-in an outside tester ran, replayed against the commands and a real SQLite file. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { limits } from '../../src/lib/server/auth/rate-limit.ts';
import { changePassword } from '../../src/lib/server/commands/account.ts';
import { signIn } from '../../src/lib/server/commands/sign-in.ts';
import { closeDatabase, migrateDatabase, openDatabase, schema, type Db } from '../../src/lib/server/db.ts';
import { createProgramme, createTestDb, createTestDbTarget, testPassword } from '../support/db.ts';

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
const meta = { ip: '198.51.100.7' };
const outcomes = async () => (await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.action, 'sign-in')).orderBy(schema.auditEvent.id)).map((e) => e.outcome);

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
});

describe('sign-in limits', () => {
  it('cannot be beaten with concurrency: of 40 simultaneous posts from one IP, only 5 passwords are checked', async () => {
    const guesses = Array.from({ length: 39 }, (_, i) => ({ email: p.editor.email, password: `wrong ${i}` }));
    const all = [...guesses, { email: p.editor.email, password: testPassword }];
    const results = await Promise.all(all.map((input) => signIn(db, input, meta)));
    expect(results.filter((r) => r.ok)).toHaveLength(0);
    const checked = (await outcomes()).filter((o) => o !== 'denied');
    expect(checked).toHaveLength(limits.signInPerAccountIp.limit);
    expect(results.filter((r) => !r.ok && r.status === 429)).toHaveLength(all.length - limits.signInPerAccountIp.limit);
  });

  it('limit one account guessed from many addresses, yet let its owner in from a browser that signed in before', async () => {
    const owner = await signIn(db, { email: p.editor.email, password: testPassword }, { ip: '192.0.2.1' });
    if (!owner.ok) throw new Error('the owner could not sign in');
    expect(owner.deviceCookie).toMatch(/^[0-9a-f-]{36}\.[a-z2-7]{24}$/);
    // 500 addresses, three guesses each: after the account's shared allowance, every guess is refused unchecked.
    let checked = 0;
    for (let a = 0; a < 500; a++) {
      for (let g = 0; g < 3; g++) {
        const r = await signIn(db, { email: p.editor.email, password: `guess ${a}.${g}` }, { ip: `10.0.${a >> 8}.${a & 255}` });
        if (!r.ok && r.status === 400) checked += 1;
      }
    }
    expect(checked).toBe(limits.signInPerAccount.limit);
    // The attacker's right guess from a new address is refused too...
    expect(await signIn(db, { email: p.editor.email, password: testPassword }, { ip: '10.9.9.9' })).toMatchObject({ ok: false, status: 429 });
    // ...while the owner's own browser, with its device cookie, still signs in.
    const again = await signIn(db, { email: p.editor.email, password: testPassword }, { ip: '192.0.2.1', deviceCookie: owner.deviceCookie });
    expect(again.ok).toBe(true);
    // A forged or foreign device cookie is no better than none.
    const other = await signIn(db, { email: p.viewer.email, password: testPassword }, { ip: '192.0.2.2' });
    if (!other.ok) throw new Error('the viewer could not sign in');
    expect(await signIn(db, { email: p.editor.email, password: testPassword }, { ip: '10.9.9.9', deviceCookie: other.deviceCookie })).toMatchObject({ status: 429 });
  }, 120_000);

  it('a trusted device has its own allowance, and loses only that one', async () => {
    const owner = await signIn(db, { email: p.editor.email, password: testPassword }, meta);
    if (!owner.ok) throw new Error('the owner could not sign in');
    for (let i = 0; i < limits.signInPerDevice.limit; i++) await signIn(db, { email: p.editor.email, password: `typo ${i}` }, { ...meta, deviceCookie: owner.deviceCookie });
    expect(await signIn(db, { email: p.editor.email, password: testPassword }, { ...meta, deviceCookie: owner.deviceCookie })).toMatchObject({ status: 429 });
    // The same address without the cookie is counted apart, so the typos did not use the account's allowance up.
    expect((await signIn(db, { email: p.editor.email, password: testPassword }, meta)).ok).toBe(true);
  });

  it('successful sign-ins do not use anybody’s allowance up', async () => {
    for (let i = 0; i < limits.signInPerAccount.limit + 5; i++) expect((await signIn(db, { email: p.editor.email, password: testPassword }, meta)).ok).toBe(true);
  });

  it('are remembered across a restart and seen by a second process (they live in the database file)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'limits-'));
    try {
      const path = await createTestDbTarget(join(dir, 'portal.db'));
      const first = openDatabase(path);
      await migrateDatabase(first);
      const q = await createProgramme(first);
      for (let i = 0; i < 5; i++) await signIn(first, { email: q.editor.email, password: `wrong ${i}` }, meta);
      const second = openDatabase(path);
      expect(await signIn(second, { email: q.editor.email, password: testPassword }, meta)).toMatchObject({ status: 429 });
      await closeDatabase(first);
      const restarted = openDatabase(path);
      expect(await signIn(restarted, { email: q.editor.email, password: testPassword }, meta)).toMatchObject({ status: 429 });
      await closeDatabase(restarted);
      await closeDatabase(second);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the Account page checks the current password at most 5 times in 15 minutes', async () => {
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await changePassword(db, p.editor.id, { current: `guess ${i}`, password: 'a brand new passphrase', confirm: 'a brand new passphrase' }, meta));
    expect(results.slice(0, 5).every((r) => !r.ok && r.status === 400)).toBe(true);
    expect(results.slice(5).every((r) => !r.ok && r.status === 429)).toBe(true);
    // Even the right password waits now.
    expect(await changePassword(db, p.editor.id, { current: testPassword, password: 'a brand new passphrase', confirm: 'a brand new passphrase' }, meta)).toMatchObject({ status: 429 });
  });
});
