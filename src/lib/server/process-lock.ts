/**
 * A lock held by one process at a time among those sharing the database, for work that must never run twice at
 * once (the publication build, which swaps files in a shared folder). On PostgreSQL it is a session advisory lock
 * on a pooled connection the holder keeps until it lets go: the server frees it by itself when the process or its
 * connection dies, so a lock is never left behind by a crash. On SQLite there is one process: it is always granted.
 */
import type pg from 'pg';
import { dialect, type Db } from './db.ts';

export type HeldLock = { release(): Promise<void> };

const granted: HeldLock = { release: async () => {} };

/** The lock `key` (any fixed 64-bit number, one per kind of work), or undefined when another process holds it. */
export async function tryProcessLock(db: Db, key: bigint): Promise<HeldLock | undefined> {
  if (dialect !== 'postgres') return granted;
  const client = await (db.$client as pg.Pool).connect();
  // A connection lost while held (a server restart) must not end the process: the lock went with it.
  const lost = (error: Error) => console.error(`a process lock's connection was lost: ${error.message}`);
  client.on('error', lost);
  let held = false;
  try {
    const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock($1::bigint) as locked', [key.toString()]);
    held = rows[0]?.locked === true;
  } finally {
    if (!held) {
      client.off('error', lost);
      client.release();
    }
  }
  if (!held) return undefined;
  return {
    async release() {
      try {
        await client.query('select pg_advisory_unlock($1::bigint)', [key.toString()]);
        client.off('error', lost);
        client.release();
      } catch (error) {
        // Closing the connection frees its locks as well.
        client.off('error', lost);
        client.release(error as Error);
      }
    },
  };
}
