/**
 * The line a page shows after a delete or a restore, read from its address (?deleted=<id>, ?restored=<id>): the
 * redirect after the POST carries only ids and counts, and the page looks up what they name, for its own transfer.
 */
import type { Db } from '../db.ts';
import { sectionKey } from '../templates/registry.ts';
import { entryLabel } from './entry-schema.ts';
import { getEntry } from './queries.ts';
import { findDeletedEntry, type DeletedItem, type PlaceNames } from './trash.ts';

export type TrashNotice =
  | { kind: 'deleted'; item: DeletedItem }
  | { kind: 'restored'; entryId: string; title: string; sectionTitle: string; template: string; linksWaiting: number; linksLost: number };

const count = (v: string | null) => Math.min(Math.max(Number.parseInt(v ?? '0', 10) || 0, 0), 1000);

/** The query string that tells the next page what was restored, and what became of its links. */
export const restoredQuery = (r: { entryId: string; linksWaiting: number; linksLost: number }) =>
  `restored=${encodeURIComponent(r.entryId)}${r.linksWaiting ? `&waiting=${r.linksWaiting}` : ''}${r.linksLost ? `&lost=${r.linksLost}` : ''}`;

/** What to say, if the address names a record of this transfer that was just deleted (and is still restorable) or restored. */
export async function trashNotice(db: Db, transferId: string, params: URLSearchParams, names: PlaceNames): Promise<TrashNotice | undefined> {
  const deleted = params.get('deleted');
  if (deleted) {
    const item = await findDeletedEntry(db, transferId, deleted, names);
    return item && { kind: 'deleted', item };
  }
  const restored = params.get('restored');
  const entry = restored ? await getEntry(db, transferId, restored) : undefined;
  if (!entry) return undefined;
  const section = names.sections.get(sectionKey(entry.template, entry.section));
  return {
    kind: 'restored',
    entryId: entry.id,
    title: section ? entryLabel(section, entry.data) : '(untitled)',
    sectionTitle: (entry.grouping && names.groupTitle(entry.template, entry.grouping)) || (section?.title ?? entry.section),
    template: entry.template,
    linksWaiting: count(params.get('waiting')),
    linksLost: count(params.get('lost')),
  };
}
