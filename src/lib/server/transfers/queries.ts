/** Reads about transfers and their records. Access is decided by the caller through permissions.ts. */
import { and, asc, count, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db.ts';
import { first, prepared, rawRows, schema } from '../db.ts';
import { canViewTransfer, isCoordinator, type Actor } from '../permissions.ts';
import { recordsPerSection, type EntryData, type LinkTargets } from './entry-schema.ts';
import { coreFeatures, groupLinkTargets, type TemplateKind } from '../templates/registry.ts';

export type { TemplateKind };

export async function loadTransfer(db: Db, id: string) {
  const row = await prepared(db, 'transfer.load', (d) =>
    d
      .select({ transfer: schema.transfer, organisationName: schema.organisation.name, isDemo: schema.organisation.isDemo })
      .from(schema.transfer)
      .innerJoin(schema.organisation, eq(schema.organisation.id, schema.transfer.organisationId))
      .where(eq(schema.transfer.id, sql.placeholder('id'))),
  ).get({ id });
  if (!row) return undefined;
  const mentors = await prepared(db, 'transfer.mentors', (d) =>
    d
      .select({ id: schema.user.id, name: schema.user.name, email: schema.user.email })
      .from(schema.transferMentor)
      .innerJoin(schema.user, eq(schema.user.id, schema.transferMentor.userId))
      .where(eq(schema.transferMentor.transferId, sql.placeholder('id'))),
  ).all({ id });
  return { ...row.transfer, organisationName: row.organisationName, isDemo: row.isDemo, mentors, mentorIds: mentors.map((m) => m.id) };
}
export type LoadedTransfer = NonNullable<Awaited<ReturnType<typeof loadTransfer>>>;

/** Which transfers a list shows: by default all but the archived ones; archived ones only when asked for. */
export const transferListFilters = ['current', 'archived', 'all'] as const;
export type TransferListFilter = (typeof transferListFilters)[number];

/** The transfers an actor may see: all for coordinators; their organisation's; those they mentor. */
export async function listVisibleTransfers(db: Db, actor: Actor, filter: TransferListFilter = 'current') {
  const orgIds = actor.memberships.filter((m) => m.role === 'editor' || m.role === 'viewer').map((m) => m.organisationId);
  const mentored = actor.memberships.some((m) => m.role === 'mentor')
    ? (await db.select({ id: schema.transferMentor.transferId }).from(schema.transferMentor).where(eq(schema.transferMentor.userId, actor.userId))).map((r) => r.id)
    : [];
  const where = isCoordinator(actor)
    ? undefined
    : or(orgIds.length ? inArray(schema.transfer.organisationId, orgIds) : undefined, mentored.length ? inArray(schema.transfer.id, mentored) : undefined) ?? eq(schema.transfer.id, '');
  return db
    .select({ id: schema.transfer.id, title: schema.transfer.title, practiceId: schema.transfer.practiceId, organisationName: schema.organisation.name, isDemo: schema.organisation.isDemo, createdAt: schema.transfer.createdAt, status: schema.transfer.status, workingLanguage: schema.transfer.workingLanguage })
    .from(schema.transfer)
    .innerJoin(schema.organisation, eq(schema.organisation.id, schema.transfer.organisationId))
    .where(and(where, filter === 'all' ? undefined : filter === 'archived' ? eq(schema.transfer.status, 'archived') : ne(schema.transfer.status, 'archived')))
    .orderBy(asc(schema.organisation.name), asc(schema.transfer.title));
}

export async function listFeatureChoices(db: Db, transferId: string) {
  return db.select().from(schema.featureChoice).where(eq(schema.featureChoice.transferId, transferId));
}

export type Entry = Omit<typeof schema.entry.$inferSelect, 'data'> & { data: EntryData };
const parse = (row: typeof schema.entry.$inferSelect): Entry => ({ ...row, data: JSON.parse(row.data) as EntryData });

/** A transfer's records of one template (all sections), in order. */
export async function listEntries(db: Db, transferId: string, template: TemplateKind): Promise<Entry[]> {
  const rows = await db
    .select()
    .from(schema.entry)
    .where(and(eq(schema.entry.transferId, transferId), eq(schema.entry.template, template)))
    .orderBy(asc(schema.entry.section), asc(schema.entry.grouping), asc(schema.entry.position), asc(schema.entry.createdAt));
  return rows.map(parse);
}

/**
 * A transfer's records, all templates, in order: at most `perGroup` of each section and group (the first, in their
 * order). A save never lets a section grow past recordsPerSection, so this is everything, except in a transfer
 * that grew larger before that limit (one grew to 745,801 records, and every page that read them all took seconds):
 * its pages show the first records of each list and say how many there are (`countEntriesByGroup`); the CSV export
 * streams all of them.
 */
export async function listAllEntries(db: Db, transferId: string, perGroup = recordsPerSection): Promise<Entry[]> {
  const e = schema.entry;
  // Ranked on the index alone (transfer, template, section, grouping, position, then the rowid every index entry
  // holds), so a transfer's hundreds of thousands of records cost an index scan, not reading each one's data.
  const firstOfEachGroup = sql`${e}.rowid in (select rid from (select rowid as rid, row_number() over (partition by template, section, grouping order by position, rowid) as n from entry where transfer_id = ${transferId}) as ranked where n <= ${perGroup})`;
  const rows = await db.select().from(e).where(and(eq(e.transferId, transferId), firstOfEachGroup)).orderBy(asc(e.template), asc(e.section), asc(e.grouping), asc(e.position), sql`${e}.rowid`);
  return rows.map(parse);
}

/** The key `entryTotals` counts by. */
export const groupKey = (template: string, section: string, grouping = '') => `${template}/${section}/${grouping}`;

/**
 * How many records each section and group holds, for the records `listAllEntries` gave: counted from them, and
 * from the database only when a list came back full (it may be one that grew past the limit before there was one).
 */
export async function entryTotals(db: Db, transferId: string, entries: Entry[]): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const e of entries) sizes.set(groupKey(e.template, e.section, e.grouping), (sizes.get(groupKey(e.template, e.section, e.grouping)) ?? 0) + 1);
  return [...sizes.values()].some((n) => n >= recordsPerSection) ? countEntriesByGroup(db, transferId) : sizes;
}

/** How many records each section and group of a transfer holds, keyed as `groupKey`. */
export async function countEntriesByGroup(db: Db, transferId: string): Promise<Map<string, number>> {
  const e = schema.entry;
  const rows = await db.select({ template: e.template, section: e.section, grouping: e.grouping, n: count() }).from(e).where(eq(e.transferId, transferId)).groupBy(e.template, e.section, e.grouping);
  return new Map(rows.map((r) => [groupKey(r.template, r.section, r.grouping), r.n]));
}

/** A section of a template, or one group of it (`grouping` given), as `placesWithEntries` looks into it. */
export type Place = { template: string; section: string; grouping?: string };

/**
 * Which of the places hold a record of the transfer: which per-section downloads its overview offers. One statement,
 * one step into the index entry_transfer_section per place, however many records there are; `countEntriesByGroup`
 * reads every index entry of the transfer instead (about 10 ms at 50,000 records, on every view), and a DISTINCT
 * over the groups only skips ahead in the index once ANALYZE has told SQLite that it may.
 */
export async function placesWithEntries<P extends Place>(db: Db, transferId: string, places: P[]): Promise<P[]> {
  if (places.length === 0) return [];
  const found = new Set((await rawRows<{ place: number }>(db, placesWithEntriesQuery(transferId, places))).map((r) => r.place));
  return places.filter((_, i) => found.has(i));
}

/** The query of `placesWithEntries`, on its own so a test can check its plan: the numbers of the places with records. */
export function placesWithEntriesQuery(transferId: string, places: Place[]): SQL {
  const e = schema.entry;
  const holds = ({ template, section, grouping }: Place) => and(eq(e.transferId, transferId), eq(e.template, template), eq(e.section, section), grouping === undefined ? undefined : eq(e.grouping, grouping));
  // The number is written into the SQL: as a parameter, PostgreSQL would type it as text.
  const each = places.map((p, i) => sql`select ${sql.raw(String(i))} as place where exists (select 1 from ${e} where ${holds(p)})`);
  return sql.join(each, sql` union all `);
}

export async function getEntry(db: Db, transferId: string, entryId: string): Promise<Entry | undefined> {
  const row = await first(db.select().from(schema.entry).where(and(eq(schema.entry.id, entryId), eq(schema.entry.transferId, transferId))).limit(1));
  return row ? parse(row) : undefined;
}

/** Mentors, for the coordinator's "open a transfer" form. */
export async function listMentors(db: Db) {
  return db
    .select({ id: schema.user.id, name: schema.user.name, organisationName: schema.organisation.name })
    .from(schema.membership)
    .innerJoin(schema.user, eq(schema.user.id, schema.membership.userId))
    .innerJoin(schema.organisation, eq(schema.organisation.id, schema.membership.organisationId))
    .where(eq(schema.membership.role, 'mentor'))
    .orderBy(asc(schema.user.name));
}

/**
 * The ids the given link targets may point at ("<kind>/<section>" as a field's `linksTo` names it, or
 * "core-features"), without loading any record's data: what a save checks, for the targets of the section saved
 * (`linkTargetsOf`). One index range scan per target (template and section are in the index), so a transfer with
 * thousands of SWOT items costs no more here than an empty one. Grouped as `linkChoices` groups the form's choices.
 */
export async function listLinkTargetIds(db: Db, transferId: string, targets: readonly string[], featureIds: string[]): Promise<LinkTargets> {
  const rows: { id: string; template: string; section: string }[] = [];
  for (const target of targets) {
    if (target === coreFeatures) continue;
    const [template = '', section = ''] = target.split('/');
    rows.push(
      ...(await prepared(db, 'transfer.link-targets', (d) =>
        d
          .select({ id: schema.entry.id, template: schema.entry.template, section: schema.entry.section })
          .from(schema.entry)
          .where(and(eq(schema.entry.transferId, sql.placeholder('transferId')), eq(schema.entry.template, sql.placeholder('template')), eq(schema.entry.section, sql.placeholder('section'))))
          .orderBy(asc(schema.entry.grouping), asc(schema.entry.position), asc(schema.entry.createdAt)),
      ).all({ transferId, template, section })),
    );
  }
  return groupLinkTargets(targets, rows, featureIds, (r) => r.id, (id) => id);
}

/** The transfer if this actor may see it; otherwise nothing, so a page answers "not found" without saying it exists. */
export async function findVisibleTransfer(db: Db, actor: Actor | null, id: string): Promise<LoadedTransfer | undefined> {
  const transfer = await loadTransfer(db, id);
  return transfer && canViewTransfer(actor, transfer) ? transfer : undefined;
}
