import { beforeEach, describe, expect, it } from 'vitest';
import { consumePendingForm, keepPendingForm, pendingBytesPerUser, pendingFormFor, pendingFormsPerUser } from '../../src/lib/server/pending-forms.ts';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { createProgramme, createTestDb } from '../support/db.ts';

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
});

describe('kept forms', () => {
  it('are kept in the database for their person, read without being used up, and used up once', async () => {
    const fields: [string, string][] = [['f.statement', 'Long text'], ['f.related-needs', 'a'], ['f.related-needs', 'b']];
    const id = (await keepPendingForm(db, p.editor.id, '/workspace/transfers/t/swot/', form(fields)))!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await pendingFormFor(db, id, p.editor.id)).toEqual({ target: '/workspace/transfers/t/swot/', fields });
    expect(await pendingFormFor(db, id, p.editor.id)).toEqual({ target: '/workspace/transfers/t/swot/', fields });
    expect(await consumePendingForm(db, id, p.editor.id)).toMatchObject({ target: '/workspace/transfers/t/swot/' });
    expect(await consumePendingForm(db, id, p.editor.id)).toBeUndefined();
    expect(await pendingFormFor(db, id, p.editor.id)).toBeUndefined();
  });

  it('are shown to and used up by nobody but the person they were kept for', async () => {
    const id = (await keepPendingForm(db, p.editor.id, '/workspace/x/', form([['f.a', 'secret plan']])))!;
    expect(await pendingFormFor(db, id, p.mentor.id)).toBeUndefined();
    expect(await consumePendingForm(db, id, p.mentor.id)).toBeUndefined();
    expect(await pendingFormFor(db, id, p.editor.id)).toBeDefined();
  });

  it('are forgotten after 30 minutes', async () => {
    const now = new Date();
    const id = (await keepPendingForm(db, p.editor.id, '/workspace/x/', form([['f.a', 'b']]), now))!;
    const later = new Date(now.getTime() + 30 * 60_000 + 1);
    expect(await pendingFormFor(db, id, p.editor.id, later)).toBeUndefined();
    expect(await consumePendingForm(db, id, p.editor.id, later)).toBeUndefined();
  });

  it('hold a capped number and size per person, the newest kept', async () => {
    const ids = [];
    for (let i = 0; i < pendingFormsPerUser + 3; i++) ids.push(await keepPendingForm(db, p.editor.id, '/workspace/x/', form([['f.a', `text ${i}`]]), new Date(Date.now() + i)));
    const rows = await db.select().from(schema.pendingForm);
    expect(rows).toHaveLength(pendingFormsPerUser);
    expect(rows.map((r) => r.id).sort()).toEqual(ids.slice(-pendingFormsPerUser).sort());
    // A form larger than the whole allowance is not kept at all; several large ones push out older ones.
    expect(await keepPendingForm(db, p.editor.id, '/workspace/x/', form([['f.a', 'x'.repeat(pendingBytesPerUser + 1)]]))).toBeUndefined();
    for (let i = 0; i < 3; i++) await keepPendingForm(db, p.editor.id, '/workspace/x/', form([['f.a', 'y'.repeat(pendingBytesPerUser / 3)]]));
    const total = (await db.select().from(schema.pendingForm)).reduce((sum, r) => sum + r.bytes, 0);
    expect(total).toBeLessThanOrEqual(pendingBytesPerUser);
    // Another person's allowance is their own.
    expect(await keepPendingForm(db, p.viewer.id, '/workspace/x/', form([['f.a', 'z']]))).toBeDefined();
  });
});
