/**
 * Writes happen only in an active transfer, and a paused or closed one says so rather than "your account cannot".
 * Two parts, used together by every command that writes in a transfer:
 * - `activeOnly` wraps the command. A transfer the page loaded as not active is answered 409 with its status
 *   notice before any permission check (no `denied` audit row: nobody did anything wrong), and the guard's throw
 *   below becomes the same answer.
 * - `requireActiveTransfer(tx, id)` is the first line inside the command's write transaction: it reads the status
 *   as it is now, so a save racing a pause or a close is rolled back instead of committed.
 */
import { eq } from 'drizzle-orm';
import type { TransferStatus } from '../../../../db/schema.ts';
import { first, schema, type Tx } from '../db.ts';
import { isTransferActive, type TransferAccess } from '../permissions.ts';
import { fail } from '../result.ts';
import { statusNotices } from './lifecycle.ts';

type Stopped = Exclude<TransferStatus, 'active'>;

/** Thrown inside a write transaction (rolling it back) when the transfer is no longer active. */
export class TransferNotActive extends Error {
  readonly status: Stopped;
  constructor(status: Stopped) {
    super(statusNotices[status]);
    this.status = status;
  }
}

/** The answer to a write in a transfer that is not active: 409, with the notice its pages show. */
export const notActive = (status: Stopped) => fail({ '': [statusNotices[status]] }, 409);

/** Inside the write transaction: throws `TransferNotActive` unless the transfer is active now. */
export async function requireActiveTransfer(tx: Tx, transferId: string): Promise<void> {
  const row = await first(tx.select({ status: schema.transfer.status }).from(schema.transfer).where(eq(schema.transfer.id, transferId)).limit(1));
  if (row && row.status !== 'active') throw new TransferNotActive(row.status);
}

/** Wraps a command taking `(db, actor, transfer, …)`: refuses a transfer not active, and turns the guard's throw into that refusal. */
export function activeOnly<D, A, T extends TransferAccess, Rest extends unknown[], R>(command: (db: D, actor: A, transfer: T, ...rest: Rest) => Promise<R>) {
  return async (db: D, actor: A, transfer: T, ...rest: Rest): Promise<R | ReturnType<typeof notActive>> => {
    if (!isTransferActive(transfer)) return notActive(transfer.status as Stopped);
    try {
      return await command(db, actor, transfer, ...rest);
    } catch (error) {
      if (error instanceof TransferNotActive) return notActive(error.status);
      throw error;
    }
  };
}
