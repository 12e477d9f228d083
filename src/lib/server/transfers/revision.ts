/**
 * A transfer's revision: raised, in the same transaction, by every change to what its pages or the review
 * dashboards show (records, core-feature decisions, submissions, comments, decisions). Cached pages are keyed by
 * it (see page-cache.ts), so nobody is shown a page older than the last change. (Access to a cached page is checked
 * by the cache itself, with permissions.ts, on every request.)
 */
import { eq, sql } from 'drizzle-orm';
import { prepared, schema, type Db, type Tx } from '../db.ts';

// Prepared once per connection (on better-sqlite3 a transaction's `tx` is the connection's drizzle instance).
const bumpStatement = (tx: Tx) =>
  prepared(tx as Db, 'transfer.bump-revision', (d) =>
    d
      .update(schema.transfer)
      .set({ revision: sql`${schema.transfer.revision} + 1` })
      .where(eq(schema.transfer.id, sql.placeholder('id'))),
  );

/** Call inside the write transaction, with its `tx`: the revision commits, or rolls back, with the change. */
export async function bumpRevision(tx: Tx, transferId: string): Promise<void> {
  await bumpStatement(tx).run({ id: transferId });
}
