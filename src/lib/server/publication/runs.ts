/** The publication runs as the coordinator's page lists them: newest first, with who asked and how long each took. */
import { desc, eq } from 'drizzle-orm';
import { schema, type Db } from '../db.ts';

export type PublicationRunRow = Awaited<ReturnType<typeof listPublicationRuns>>[number];

export async function listPublicationRuns(db: Db, limit = 30) {
  const r = schema.publicationRun;
  const rows = await db
    .select({ id: r.id, status: r.status, reason: r.reason, requestedAt: r.requestedAt, startedAt: r.startedAt, finishedAt: r.finishedAt, stories: r.stories, error: r.error, requestedBy: schema.user.name })
    .from(r)
    .leftJoin(schema.user, eq(schema.user.id, r.requestedBy))
    .orderBy(desc(r.id))
    .limit(limit);
  return rows.map((row) => ({ ...row, seconds: row.startedAt && row.finishedAt ? (Date.parse(row.finishedAt) - Date.parse(row.startedAt)) / 1000 : undefined }));
}
