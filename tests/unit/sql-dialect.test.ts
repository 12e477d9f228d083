/** The SQL fragments the engines write differently, run on this pass's engine (SQLite, or PostgreSQL in its pass). */
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { dialect, rawRows } from '../../src/lib/server/db.ts';
import { greatest, inJsonList, jsonPath, jsonTextAt, jsonTextIfValid, likeIgnoringCase } from '../../src/lib/server/sql-dialect.ts';
import { createTestDb } from '../support/db.ts';

describe('sql-dialect', () => {
  it('quotes each key of a JSON path as one key, in the engine’s form, and refuses anything that is not an id', () => {
    expect(jsonPath('linked-objectives', 0)).toBe(dialect === 'postgres' ? '{"linked-objectives","0"}' : '$."linked-objectives"[0]');
    expect(() => jsonPath('end", "$.x')).toThrow(/Not a JSON key/);
    expect(() => jsonPath('a}')).toThrow(/Not a JSON key/);
    expect(() => jsonPath(-1)).toThrow(/Not a JSON key/);
  });

  it('answers the same on this engine as the other: JSON values, lists, the larger value, LIKE without case', async () => {
    const db = await createTestDb();
    const doc = JSON.stringify({ 'end-date': '2027-06-30', links: ['a', 'b'] });
    const [row] = await rawRows<{ end: string; second: string; broken: string | null; listed: boolean; bigger: number; like: boolean }>(
      db,
      sql`select ${jsonTextAt(sql`${doc}`, jsonPath('end-date'))} as "end", ${jsonTextAt(sql`${doc}`, jsonPath('links', 1))} as "second",
        ${jsonTextIfValid(sql`${'not json'}`, 'transferId')} as "broken",
        (case when ${inJsonList(sql`${'b'}`, JSON.stringify(['a', 'b']))} then 1 else 0 end) = 1 as "listed",
        ${greatest(sql`${3}`, sql`${5}`)} as "bigger", (case when ${likeIgnoringCase(sql`${'Region of Southern Denmark'}`, '%southern%')} then 1 else 0 end) = 1 as "like"`,
    );
    expect({ ...row, listed: Boolean(row.listed), like: Boolean(row.like), bigger: Number(row.bigger) }).toEqual({ end: '2027-06-30', second: 'b', broken: null, listed: true, bigger: 5, like: true });
  });
});
