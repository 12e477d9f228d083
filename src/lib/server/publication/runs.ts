/** The publication runs as the coordinator's page lists them: newest first, with who asked and how long each took. */
import { desc, eq } from 'drizzle-orm';
import { t } from '../../../i18n/index.ts';
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

/** The reasons the portal itself writes, stored in English, and their catalogue keys. */
const knownReasons: Record<string, 'coordinator' | 'requested'> = { 'Rebuild asked for by a coordinator': 'coordinator', 'Rebuild requested': 'requested' };

/**
 * A run's reason as the reader reads it: the portal's own reasons (joined by "; " when requests joined one run) in the
 * reader's language; anything else (a story's title in a reason) stays as stored, in English, and says so (`lang`).
 */
export function runReason(reason: string): { text: string; lang?: string } {
  const parts = reason.split('; ');
  if (!parts.every((p) => p in knownReasons)) return { text: reason, lang: 'en' };
  return { text: parts.map((p) => t(`admin:publication.reason.${knownReasons[p]!}`)).join('; ') };
}
