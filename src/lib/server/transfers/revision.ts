/**
 * A transfer's revision: raised, in the same transaction, by every change to what its pages or the review
 * dashboards show (records, core-feature decisions, submissions, comments, decisions). Cached pages are keyed by
 * it (see page-cache.ts), so nobody is shown a page older than the last change. (Access to a cached page is checked
 * by the cache itself, with permissions.ts, on every request.)
 */
import { eq, sql } from 'drizzle-orm';
import { prepared, schema, type Db } from '../db.ts';

const bumpStatement = (db: Db) =>
  prepared(db, 'transfer.bump-revision', (d) =>
    d
      .update(schema.transfer)
      .set({ revision: sql`${schema.transfer.revision} + 1` })
      .where(eq(schema.transfer.id, sql.placeholder('id')))
      .prepare(),
  );

/** Call inside the write transaction (the statement runs on its connection, so it commits or rolls back with it). */
export function bumpRevision(db: Db, transferId: string): void {
  bumpStatement(db).run({ id: transferId });
}
