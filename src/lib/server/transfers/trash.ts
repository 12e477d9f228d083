/**
 * Deleted template records, kept 30 days so the team can restore them (docs/decisions/0010-deleted-records.md).
 * Deleting moves the record out of `entry` into `deleted_entry`, with the rows that hang on it (action updates, KPI
 * measurements and chart settings, workshop reassessments) and the links other records had to it, as one JSON
 * snapshot: every query on `entry` (pages, review, exports, counts, dashboards) stays as it was and cannot show it.
 * Restoring puts all of it back, in its place; purging forgets it.
 */
import { and, asc, count, desc, eq, gte, inArray, lt, ne, not, sql, type SQL } from 'drizzle-orm';
import { t } from '../../../i18n/index.ts';
import { denied, recordAuditInTx } from '../audit.ts';
import { addMs, days, isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { canRestoreEntries, type Actor, type TransferAccess } from '../permissions.ts';
import { fail, type Result } from '../result.ts';
import { coreFeatures, sectionKey, type Section, type TemplateRegistry } from '../templates/registry.ts';
import { entryLabel, recordsPerSection, type EntryData } from './entry-schema.ts';
import { bumpRevision } from './revision.ts';
import { requireActiveTransfer } from './active.ts';
import { containsText } from '../sql-dialect.ts';

/** How long a deleted record can be restored. */
export const keptForDays = 30;

type Meta = { ip: string; now?: Date };
type EntryRow = typeof schema.entry.$inferSelect;
/** A link another record had to this one: which record, which field, where in its list (so it returns there). */
type Link = { entryId: string; fieldId: string; at?: number };
/** What `deleted_entry.snapshot` holds. */
export type Snapshot = {
  entry: EntryRow;
  actionUpdates: (typeof schema.actionUpdate.$inferSelect)[];
  kpiMeasurements: (typeof schema.kpiMeasurement.$inferSelect)[];
  kpiChart: typeof schema.kpiChart.$inferSelect | null;
  maturityReassessments: (typeof schema.maturityReassessment.$inferSelect)[];
  linkedFrom: Link[];
};

/** The records of the transfer whose data names `entryId` (a link field holds ids; ids are random UUIDs). */
const namingRecords = (tx: Tx | Db, transferId: string, entryId: string) =>
  tx
    .select({ id: schema.entry.id, template: schema.entry.template, section: schema.entry.section, data: schema.entry.data })
    .from(schema.entry)
    .where(and(eq(schema.entry.transferId, transferId), ne(schema.entry.id, entryId), containsText(schema.entry.data, JSON.stringify(entryId))));

/** The fields of a record's data whose list holds `entryId`. */
const fieldsNaming = (data: EntryData, entryId: string) => Object.keys(data).filter((k) => Array.isArray(data[k]) && (data[k] as string[]).includes(entryId));

/**
 * Inside the delete's transaction: takes the record (at `version`) and what hangs on it out of the live tables into
 * the trash. Returns false, changing nothing, when the record is not there at that version.
 */
export async function moveToTrash(tx: Tx, transferId: string, entryId: string, version: number, userId: string, now: string): Promise<EntryRow | undefined> {
  const entry = await first(tx.select().from(schema.entry).where(and(eq(schema.entry.id, entryId), eq(schema.entry.transferId, transferId), eq(schema.entry.version, version))).limit(1));
  if (!entry) return undefined;
  const linkedFrom: Link[] = [];
  // Links to it are taken out of the other records (and put back on restore), so nothing live names a deleted
  // record. Their version goes up: an edit form opened before would otherwise save its old list over the new one
  // unseen; now it gets the conflict screen, with the list as it is.
  for (const other of await namingRecords(tx, transferId, entryId)) {
    const data = JSON.parse(other.data) as EntryData;
    for (const fieldId of fieldsNaming(data, entryId)) {
      const list = data[fieldId] as string[];
      linkedFrom.push({ entryId: other.id, fieldId, at: list.indexOf(entryId) });
      data[fieldId] = list.filter((id) => id !== entryId);
    }
    await tx.update(schema.entry).set({ data: JSON.stringify(data), version: sql`${schema.entry.version} + 1` }).where(eq(schema.entry.id, other.id));
  }
  const snapshot: Snapshot = {
    entry,
    actionUpdates: await tx.select().from(schema.actionUpdate).where(eq(schema.actionUpdate.actionId, entryId)),
    kpiMeasurements: await tx.select().from(schema.kpiMeasurement).where(eq(schema.kpiMeasurement.kpiId, entryId)),
    kpiChart: (await first(tx.select().from(schema.kpiChart).where(eq(schema.kpiChart.kpiId, entryId)).limit(1))) ?? null,
    maturityReassessments: await tx.select().from(schema.maturityReassessment).where(eq(schema.maturityReassessment.workshopId, entryId)),
    linkedFrom,
  };
  await tx.insert(schema.deletedEntry).values({ id: entryId, transferId, template: entry.template, section: entry.section, grouping: entry.grouping, snapshot: JSON.stringify(snapshot), deletedBy: userId, deletedAt: now });
  // The series go with it (ON DELETE CASCADE): they are in the snapshot.
  await tx.delete(schema.entry).where(eq(schema.entry.id, entryId));
  return entry;
}

type Restored = { template: string; section: string; grouping: string; position: number; title: string; linksWaiting: number; linksLost: number };

/**
 * Brings a deleted record back where it was: its data, its place in the list, the links other records had to it
 * (where those records still exist) and its series. A section that is full, or a one-record section filled again
 * since, refuses with what to do. A link of its own to a record deleted since comes back when that one is
 * restored; one to a record purged since is left out. Either is counted, so the person is told.
 */
export async function restoreEntry(db: Db, actor: Actor, transfer: TransferAccess & { id: string }, entryId: string, sections: ReadonlyMap<string, Section>, meta: Meta): Promise<Result<Restored>> {
  if (!canRestoreEntries(actor, transfer)) return denied(db, { action: 'entry.restore', actorUserId: actor.userId, targetType: 'entry', targetId: entryId || null, ip: meta.ip }, t('transfers:trash.cannotRestore'));
  const now = meta.now ?? new Date();
  await purgeDeletedEntries(db, now, transfer.id);
  type Outcome = { kind: 'restored'; restored: Restored } | { kind: 'missing' } | { kind: 'full' | 'taken'; sectionTitle: string };
  const outcome = await writeTransaction(db, async (tx): Promise<Outcome> => {
    await requireActiveTransfer(tx, transfer.id);
    const row = await first(tx.select().from(schema.deletedEntry).where(and(eq(schema.deletedEntry.id, entryId), eq(schema.deletedEntry.transferId, transfer.id))).limit(1));
    if (!row) return { kind: 'missing' };
    const snap = JSON.parse(row.snapshot) as Snapshot;
    const { entry } = snap;
    const section = sections.get(sectionKey(entry.template, entry.section));
    const sectionTitle = section?.title ?? entry.section;
    const inSection = await first(tx.select({ n: count() }).from(schema.entry).where(and(eq(schema.entry.transferId, transfer.id), eq(schema.entry.template, entry.template), eq(schema.entry.section, entry.section))).limit(1));
    if ((inSection?.n ?? 0) >= recordsPerSection) return { kind: 'full', sectionTitle };
    const group = and(eq(schema.entry.transferId, transfer.id), eq(schema.entry.template, entry.template), eq(schema.entry.section, entry.section), eq(schema.entry.grouping, entry.grouping));
    if (section && !section.repeatable && (await first(tx.select({ id: schema.entry.id }).from(schema.entry).where(group).limit(1)))) return { kind: 'taken', sectionTitle };

    // Its own links: to records that are live, kept; to records in the trash, handed to them (they come back with
    // that record); to records purged, dropped.
    const data = JSON.parse(entry.data) as EntryData;
    let linksWaiting = 0;
    let linksLost = 0;
    for (const field of section?.fields ?? []) {
      const ids = data[field.id];
      if (!field.linksTo || field.linksTo === coreFeatures || !Array.isArray(ids) || ids.length === 0) continue;
      const live = new Set((await tx.select({ id: schema.entry.id }).from(schema.entry).where(and(eq(schema.entry.transferId, transfer.id), inArray(schema.entry.id, ids)))).map((r) => r.id));
      for (const id of ids.filter((i) => !live.has(i))) {
        const target = await first(tx.select().from(schema.deletedEntry).where(and(eq(schema.deletedEntry.id, id), eq(schema.deletedEntry.transferId, transfer.id))).limit(1));
        if (target) {
          const theirs = JSON.parse(target.snapshot) as Snapshot;
          theirs.linkedFrom.push({ entryId, fieldId: field.id });
          await tx.update(schema.deletedEntry).set({ snapshot: JSON.stringify(theirs) }).where(eq(schema.deletedEntry.id, id));
          linksWaiting++;
        } else linksLost++;
      }
      data[field.id] = ids.filter((i) => live.has(i));
    }

    // Back in its place: the records from its position on move down one. With links left out its list is not the
    // one a form opened before the delete holds: a new version, so saving that form is a conflict, not a quiet undo.
    await tx.update(schema.entry).set({ position: sql`${schema.entry.position} + 1` }).where(and(group, gte(schema.entry.position, entry.position)));
    await tx.insert(schema.entry).values({ ...entry, data: JSON.stringify(data), version: entry.version + (linksWaiting + linksLost > 0 ? 1 : 0) });
    if (snap.actionUpdates.length) await tx.insert(schema.actionUpdate).values(snap.actionUpdates);
    if (snap.kpiMeasurements.length) await tx.insert(schema.kpiMeasurement).values(snap.kpiMeasurements);
    if (snap.kpiChart) await tx.insert(schema.kpiChart).values(snap.kpiChart);
    if (snap.maturityReassessments.length) await tx.insert(schema.maturityReassessment).values(snap.maturityReassessments);
    // Links to it, from the records that are still there: each one's list changes, so its version goes up.
    for (const link of snap.linkedFrom) {
      const other = await first(tx.select({ data: schema.entry.data }).from(schema.entry).where(and(eq(schema.entry.id, link.entryId), eq(schema.entry.transferId, transfer.id))).limit(1));
      if (!other) continue;
      const theirs = JSON.parse(other.data) as EntryData;
      const list = Array.isArray(theirs[link.fieldId]) ? (theirs[link.fieldId] as string[]) : [];
      if (list.includes(entryId)) continue;
      theirs[link.fieldId] = list.toSpliced(link.at ?? list.length, 0, entryId);
      await tx.update(schema.entry).set({ data: JSON.stringify(theirs), version: sql`${schema.entry.version} + 1` }).where(eq(schema.entry.id, link.entryId));
    }
    await tx.delete(schema.deletedEntry).where(eq(schema.deletedEntry.id, entryId));
    await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'entry.restore', outcome: 'success', actorUserId: actor.userId, targetType: 'entry', targetId: entryId, ip: meta.ip, detail: { transferId: transfer.id, template: entry.template, section: entry.section, linksWaiting, linksLost } });
    const title = section ? entryLabel(section, data) : '(untitled)';
    return { kind: 'restored', restored: { template: entry.template, section: entry.section, grouping: entry.grouping, position: entry.position, title, linksWaiting, linksLost } };
  });
  if (outcome.kind === 'missing') return fail({ '': [t('transfers:trash.notInTrash')] }, 404);
  if (outcome.kind === 'full') return fail({ '': [`${outcome.sectionTitle} already holds ${recordsPerSection} items, the most a transfer keeps there. Delete or combine one, then restore this item.`] }, 409);
  if (outcome.kind !== 'restored') return fail({ '': [`${outcome.sectionTitle} has been filled in again since this was deleted, and it keeps one record: change that one instead.`] }, 409);
  return { ok: true, ...outcome.restored };
}

/**
 * Whether a deleted record has had its 30 days: its transfer is active, and both the delete and the transfer's last
 * change of status (its resume or reopening) are older than that. While a transfer is paused, closed or archived
 * nobody can restore, so nothing of it expires; once it is active again its team has 30 days more at least
 * (docs/decisions/0010-deleted-records.md).
 */
const expiredBy = (cutoff: string): SQL =>
  sql`(${lt(schema.deletedEntry.deletedAt, cutoff)} and ${schema.deletedEntry.transferId} in (select ${schema.transfer.id} from ${schema.transfer} where ${schema.transfer.status} = 'active' and (${schema.transfer.statusChangedAt} is null or ${lt(schema.transfer.statusChangedAt, cutoff)})))`;
const cutoffAt = (now: Date) => isoNow(addMs(now, -days(keptForDays)));

/**
 * Forgets the records that have had their 30 days (of one transfer, or all): each purge is audited and raises its
 * transfer's revision. A write, so never on a GET: run hourly by the server and by the restore command, while reads
 * leave out what has expired without deleting it.
 */
export async function purgeDeletedEntries(db: Db, now: Date, transferId?: string): Promise<number> {
  const expired = and(expiredBy(cutoffAt(now)), transferId ? eq(schema.deletedEntry.transferId, transferId) : undefined);
  // A read first: most hours there is nothing to purge, and then no write transaction is taken.
  if (!(await first(db.select({ id: schema.deletedEntry.id }).from(schema.deletedEntry).where(expired).limit(1)))) return 0;
  return writeTransaction(db, async (tx) => {
    const rows = await tx.delete(schema.deletedEntry).where(expired).returning({ id: schema.deletedEntry.id, transferId: schema.deletedEntry.transferId, section: schema.deletedEntry.section, deletedAt: schema.deletedEntry.deletedAt });
    for (const id of new Set(rows.map((r) => r.transferId))) await bumpRevision(tx, id);
    for (const r of rows) await recordAuditInTx(tx, { action: 'entry.purge', outcome: 'success', actorUserId: null, targetType: 'entry', targetId: r.id, detail: { transferId: r.transferId, section: r.section, deletedAt: r.deletedAt } });
    return rows.length;
  });
}

/** What names a record's place: its section, or the group within it (a SWOT quadrant) where it has one. */
export type PlaceNames = Pick<TemplateRegistry, 'sections' | 'groupTitle'>;

/** `expiresAt` is null while the transfer is not active: nothing of it expires then. */
export type DeletedItem = { id: string; template: string; section: string; grouping: string; title: string; sectionTitle: string; deletedAt: string; deletedBy: string | null; expiresAt: string | null; series: number };

type Transfer = Pick<typeof schema.transfer.$inferSelect, 'status' | 'statusChangedAt'>;

/** When a record expires, by the rule of `expiredBy`: 30 days after its delete or its transfer's reactivation, whichever is later. */
const expiry = (deletedAt: string, transfer: Transfer) =>
  transfer.status === 'active' ? isoNow(addMs(new Date([deletedAt, transfer.statusChangedAt ?? ''].sort().at(-1)!), days(keptForDays))) : null;

const describe = (row: typeof schema.deletedEntry.$inferSelect & { deletedByName?: string | null }, transfer: Transfer, names: PlaceNames): DeletedItem => {
  const snap = JSON.parse(row.snapshot) as Snapshot;
  const section = names.sections.get(sectionKey(row.template, row.section));
  return {
    id: row.id,
    template: row.template,
    section: row.section,
    grouping: row.grouping,
    title: section ? entryLabel(section, JSON.parse(snap.entry.data) as EntryData) : '(untitled)',
    sectionTitle: (row.grouping && names.groupTitle(row.template, row.grouping)) || (section?.title ?? row.section),
    deletedAt: row.deletedAt,
    deletedBy: row.deletedByName ?? null,
    expiresAt: expiry(row.deletedAt, transfer),
    series: snap.actionUpdates.length + snap.kpiMeasurements.length + snap.maturityReassessments.length,
  };
};

/** What a page reads of the trash: the records that have not expired, with what their expiry depends on. */
const unexpired = (db: Db, now: Date, where: ReturnType<typeof and>) =>
  db
    .select({ row: schema.deletedEntry, deletedByName: schema.user.name, status: schema.transfer.status, statusChangedAt: schema.transfer.statusChangedAt })
    .from(schema.deletedEntry)
    .innerJoin(schema.transfer, eq(schema.transfer.id, schema.deletedEntry.transferId))
    .leftJoin(schema.user, eq(schema.user.id, schema.deletedEntry.deletedBy))
    .where(and(where, not(expiredBy(cutoffAt(now)))));

/**
 * A transfer's recently deleted records, newest first. Expired ones are left out, not purged: a read changes nothing
 * (the hourly purge and the restore command delete them).
 */
export async function listDeletedEntries(db: Db, transferId: string, names: PlaceNames, now = new Date()): Promise<DeletedItem[]> {
  const rows = await unexpired(db, now, eq(schema.deletedEntry.transferId, transferId)).orderBy(desc(schema.deletedEntry.deletedAt), asc(schema.deletedEntry.id));
  return rows.map((r) => describe({ ...r.row, deletedByName: r.deletedByName }, r, names));
}

/** One deleted record of a transfer, for the notice after a delete; undefined once restored, expired or purged. */
export async function findDeletedEntry(db: Db, transferId: string, entryId: string, names: PlaceNames, now = new Date()): Promise<DeletedItem | undefined> {
  const r = await first(unexpired(db, now, and(eq(schema.deletedEntry.id, entryId), eq(schema.deletedEntry.transferId, transferId))).limit(1));
  return r && describe(r.row, r, names);
}

/** What deleting a record would take with it: the records that link to it and how many dated rows hang on it. */
export async function deletionPreview(db: Db, transferId: string, entryId: string) {
  const linkedFrom = (await namingRecords(db, transferId, entryId)).map((r) => ({ id: r.id, template: r.template, section: r.section, data: JSON.parse(r.data) as EntryData })).filter((r) => fieldsNaming(r.data, entryId).length > 0);
  const n = (row: { n: number } | undefined) => row?.n ?? 0;
  return {
    linkedFrom,
    actionUpdates: n(await first(db.select({ n: count() }).from(schema.actionUpdate).where(eq(schema.actionUpdate.actionId, entryId)).limit(1))),
    kpiMeasurements: n(await first(db.select({ n: count() }).from(schema.kpiMeasurement).where(eq(schema.kpiMeasurement.kpiId, entryId)).limit(1))),
    maturityReassessments: n(await first(db.select({ n: count() }).from(schema.maturityReassessment).where(eq(schema.maturityReassessment.workshopId, entryId)).limit(1))),
  };
}
