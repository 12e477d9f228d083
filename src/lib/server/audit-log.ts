/**
 * Reading the audit log as a coordinator does: filtered by person, action, target and date range, a page at a time
 * (keyset on the id, newest first, so a page costs the same at any depth), with names instead of ids and a sentence
 * instead of raw JSON; and the same filtered log as CSV. Writing it is audit.ts.
 */
import { and, asc, desc, eq, gt, lt, or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { currentLocale, hasKey, t, withLocale } from '../../i18n/index.ts';
import { isoDay } from '../public/dates.ts';
import { schema, type Db } from './db.ts';
import { inJsonList, jsonTextIfValid, likeIgnoringCase, noIndex } from './sql-dialect.ts';
import { csvLine, csvStream, textCell } from './csv.ts';

type AuditRow = typeof schema.auditEvent.$inferSelect;

/** What the filter form sends; every field optional, all in the query string (GET), so a filtered view is a link. */
export type AuditFilter = { actor?: string; action?: string; target?: string; from?: string; to?: string };

export const auditPageSize = 50;
/** The CSV export's bound: more rows than a coordinator reads, fewer than would tie up the server. */
export const auditExportLimit = 50_000;

const day = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string) => day.test(v) && isoDay(new Date(`${v}T00:00:00Z`)) === v;

/** Reads the filter from a query string; what is malformed is dropped with a message, never an error page. */
export function parseAuditFilter(params: URLSearchParams): { filter: AuditFilter; problems: string[] } {
  const filter: AuditFilter = {};
  const problems: string[] = [];
  const text = (k: string) => (params.get(k) ?? '').trim().slice(0, 200);
  if (text('actor')) filter.actor = text('actor');
  if (text('action')) filter.action = text('action');
  if (text('target')) filter.target = text('target');
  for (const k of ['from', 'to'] as const) {
    const v = text(k);
    if (!v) continue;
    if (validDay(v)) filter[k] = v;
    else problems.push(t(k === 'from' ? 'admin:audit.notADate' : 'admin:audit.notADateEnd', { value: v }));
  }
  if (filter.from && filter.to && filter.from > filter.to) problems.push(t('admin:audit.startAfterEnd'));
  return { filter, problems };
}

/** The filter as a query string (for paging and export links), without empty fields. */
export function filterQuery(filter: AuditFilter, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

const nextDay = (d: string) => isoDay(new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000));

/**
 * The ids a target filter means: the id itself, and every person (name or e-mail), organisation and transfer whose
 * name contains the text, so "Lakeside" finds what was done to the organisation and its transfers by name.
 */
async function targetIds(db: Db, text: string): Promise<string[]> {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const likeText = (column: AnyColumn) => likeIgnoringCase(column, pattern);
  const users = await db.select({ id: schema.user.id }).from(schema.user).where(or(likeText(schema.user.name), likeText(schema.user.email)));
  const organisations = await db.select({ id: schema.organisation.id }).from(schema.organisation).where(likeText(schema.organisation.name));
  const transfers = await db.select({ id: schema.transfer.id }).from(schema.transfer).where(likeText(schema.transfer.title));
  return [text, ...users.map((r) => r.id), ...organisations.map((r) => r.id), ...transfers.map((r) => r.id)];
}

async function conditions(db: Db, filter: AuditFilter): Promise<SQL | undefined> {
  const e = schema.auditEvent;
  const parts: (SQL | undefined)[] = [];
  if (filter.actor) parts.push(eq(e.actorUserId, filter.actor));
  if (filter.action) parts.push(eq(e.action, filter.action));
  if (filter.target) {
    // Also what was done inside a transfer (its records, comments, measurements), whose detail names the transfer.
    const ids = JSON.stringify(await targetIds(db, filter.target));
    parts.push(or(inJsonList(e.targetId, ids), inJsonList(jsonTextIfValid(e.detail, 'transferId'), ids)));
  }
  // Dates become a range of ids, each found by one step into the time index, so that pages still walk the primary
  // key instead of sorting every event of the dates again for each page: the first event at or after the start, the
  // last before the day after the end. Ids follow time in an append-only log; the time is still checked on each row
  // (`noIndex` keeps SQLite off the time index there), so no event outside the dates is ever shown.
  if (filter.from) parts.push(sql`${e.id} >= (select ${e.id} from ${e} where ${e.at} >= ${filter.from} order by ${e.at} limit 1)`, sql`${noIndex(e.at)} >= ${filter.from}`);
  if (filter.to) parts.push(sql`${e.id} <= (select ${e.id} from ${e} where ${e.at} < ${nextDay(filter.to)} order by ${e.at} desc limit 1)`, sql`${noIndex(e.at)} < ${nextDay(filter.to)}`);
  return and(...parts);
}

export type AuditPage = { events: ReadableEvent[]; older?: number; newer?: number };

/**
 * One page of the filtered log, newest first: the page before id `before` (older), after id `after` (newer), or
 * the newest. `older` and `newer` are the cursors of the neighbouring pages, absent at either end.
 */
export async function auditLogPage(db: Db, filter: AuditFilter, cursor: { before?: number; after?: number } = {}, size = auditPageSize): Promise<AuditPage> {
  return pageWhere(db, await conditions(db, filter), cursor, size);
}

/** A page of the events `where` selects (the filter's conditions, worked out once by the caller). */
async function pageWhere(db: Db, where: SQL | undefined, cursor: { before?: number; after?: number }, size: number): Promise<AuditPage> {
  const e = schema.auditEvent;
  const limit = Math.min(Math.max(1, size), 200);
  let rows: AuditRow[];
  if (cursor.after !== undefined) {
    rows = (await db.select().from(e).where(and(where, gt(e.id, cursor.after))).orderBy(asc(e.id)).limit(limit + 1)).reverse();
    const more = rows.length > limit;
    if (more) rows = rows.slice(1);
    const events = await readable(db, rows);
    return { events, newer: more ? rows[0].id : undefined, older: rows.length ? rows[rows.length - 1].id : undefined };
  }
  rows = await db.select().from(e).where(and(where, cursor.before !== undefined ? lt(e.id, cursor.before) : undefined)).orderBy(desc(e.id)).limit(limit + 1);
  const more = rows.length > limit;
  if (more) rows = rows.slice(0, limit);
  const events = await readable(db, rows);
  return { events, older: more ? rows[rows.length - 1].id : undefined, newer: cursor.before !== undefined && rows.length ? rows[0].id : undefined };
}

/** The people who appear as actors, and the actions that occur, for the filter's menus. */
export async function auditFilterChoices(db: Db) {
  const e = schema.auditEvent;
  const actions = (await db.selectDistinct({ action: e.action }).from(e).orderBy(asc(e.action))).map((r) => r.action);
  const people = await db.select({ id: schema.user.id, name: schema.user.name, email: schema.user.email }).from(schema.user).orderBy(asc(schema.user.name));
  return { actions, people };
}

// ── Names and sentences ─────────────────────────────────────────────────────────────────────────────────────────

export type ReadableEvent = AuditRow & {
  actorName: string | null;
  /** The target as a person reads it ("Transfer Northland: Shared Care Platform"), or null when there is none. */
  targetName: string | null;
  /** One sentence saying what the detail records; key: value pairs for actions without a sentence of their own. */
  sentence: string;
  /** The sentence is the detail's own key: value pairs (data and codes, not words of the reader's language). */
  raw: boolean;
};

type Names = Map<string, string>;

/** Every id an event names (actor, target, and ids in its detail), resolved to names in four queries per page. */
async function namesFor(db: Db, rows: AuditRow[]): Promise<Names> {
  const ids = new Set<string>();
  for (const r of rows) {
    if (r.actorUserId) ids.add(r.actorUserId);
    if (r.targetId) ids.add(r.targetId);
    for (const v of Object.values(parseDetail(r.detail))) {
      if (typeof v === 'string' && v.length >= 8) ids.add(v);
      if (Array.isArray(v)) for (const x of v) if (typeof x === 'string') ids.add(x);
    }
  }
  const list = JSON.stringify([...ids]);
  const inList = (column: Parameters<typeof eq>[0]) => inJsonList(column, list);
  const names: Names = new Map();
  if (ids.size === 0) return names;
  for (const r of await db.select({ id: schema.user.id, name: schema.user.name }).from(schema.user).where(inList(schema.user.id))) names.set(r.id, r.name);
  for (const r of await db.select({ id: schema.organisation.id, name: schema.organisation.name }).from(schema.organisation).where(inList(schema.organisation.id))) names.set(r.id, r.name);
  for (const r of await db.select({ id: schema.transfer.id, name: schema.transfer.title }).from(schema.transfer).where(inList(schema.transfer.id))) names.set(r.id, r.name);
  // A record is named by its transfer (its data may be long, and is the team's to read on the transfer's pages).
  for (const r of await db.select({ id: schema.entry.id, section: schema.entry.section, transfer: schema.transfer.title }).from(schema.entry).innerJoin(schema.transfer, eq(schema.transfer.id, schema.entry.transferId)).where(inList(schema.entry.id))) names.set(r.id, t('admin:audit.recordOf', { section: r.section, transfer: r.transfer }));
  return names;
}

function parseDetail(detail: string | null): Record<string, unknown> {
  if (!detail) return {};
  try {
    const parsed: unknown = JSON.parse(detail);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { detail: parsed };
  } catch {
    return { detail };
  }
}

/** A catalogue key built from data (an action, a reason): looked up loosely, so an unknown value falls back to itself. */
const tKey = (key: string, params?: Record<string, unknown>) => (t as unknown as (k: string, p?: Record<string, unknown>) => string)(key, params);
const targetLabel = (type: string) => (hasKey(`admin:audit.targetType.${type}`) ? tKey(`admin:audit.targetType.${type}`) : type);

type Say = (d: Record<string, unknown>, name: (id: unknown) => string) => string;
const reasonText = (r: string) => (hasKey(`admin:audit.reason.${r}`) ? tKey(`admin:audit.reason.${r}`) : r);
const reason = (d: Record<string, unknown>) => (d.reason ? `: ${reasonText(String(d.reason))}` : '');
const list = (v: unknown, name: (id: unknown) => string) => (Array.isArray(v) ? v.map(name).join(', ') : name(v));
/** A role as the reader names it (the stored code when the catalogue has no word for it). */
const roleText = (v: unknown) => (hasKey(`admin:role.${String(v)}`) ? tKey(`admin:role.${String(v)}`) : String(v));
const say = (key: string, params: Record<string, unknown> = {}) => tKey(`admin:audit.say.${key}`, params);

/**
 * A sentence per action kind, from its detail, in the reader's language; actions not listed fall back to key: value
 * pairs. What people typed (a reason, a name) and codes (a practice, a stage, a decision) are quoted as stored.
 */
const sentences: Record<string, Say> = {
  'transfer.open': (d, n) =>
    say(Array.isArray(d.alongside) ? 'transferOpenBeside' : 'transferOpen', { organisation: n(d.organisationId), practice: String(d.practiceId), mentors: list(d.mentorIds, n) || t('admin:audit.nobody'), alongside: Array.isArray(d.alongside) ? list(d.alongside, n) : '' }),
  'transfer.pause': (d) => (d.reason ? say('transferPauseWhy', { reason: String(d.reason) }) : say('transferPause')),
  'transfer.resume': () => say('transferResume'),
  'transfer.close': (d) => (d.reason ? say('transferCloseWhy', { reason: String(d.reason) }) : say('transferClose')),
  'transfer.reopen': (d) => say('transferReopen', { from: String(d.from) }),
  'transfer.archive': () => say('transferArchive'),
  'transfer.add-mentor': (d, n) => say('addMentor', { name: n(d.userId) }),
  'transfer.remove-mentor': (d, n) => say(d.mentorsLeft === 0 ? 'removeLastMentor' : 'removeMentor', { name: n(d.userId) }),
  'organisation.create': (d) => say('organisationCreate', { name: String(d.name), kind: String(d.kind) }),
  'organisation.rename': (d) => say('organisationRename', { from: String(d.from), to: String(d.to) }),
  'user.rename': (d) => say('userRename', { from: String(d.from), to: String(d.to) }),
  'user.disable': (d) => say('userDisable', { n: String(d.sessionsEnded ?? 0) }),
  'user.enable': () => say('userEnable'),
  'membership.change-role': (d, n) => say('changeRole', { organisation: n(d.organisationId), from: roleText(d.from), to: roleText(d.to) }),
  'invitation.create': (d, n) => say('invitationCreate', { email: String(d.email), organisation: n(d.organisationId), role: roleText(d.role) }),
  'invitation.accept': (d, n) => say('invitationAccept', { role: roleText(d.role), organisation: n(d.organisationId) }),
  'sign-in': (d) => `${say('signIn')}${d.method ? say('signInWith', { method: String(d.method) }) : ''}${d.email ? say('signInAs', { email: String(d.email) }) : ''}${reason(d)}.`,
  'review.submit': (d) => say('reviewSubmit', { stage: String(d.stage), number: String(d.number) }),
  'review.decide': (d) => say('reviewDecide', { stage: String(d.stage), version: String(d.version), outcome: String(d.outcome) }),
  'entry.create': (d, n) => say('entryCreate', { template: String(d.template), section: String(d.section), transfer: n(d.transferId) }),
  'entry.update': (d, n) => say('entryUpdate', { template: String(d.template), section: String(d.section), transfer: n(d.transferId), version: String(d.version) }),
  'entry.delete': (d, n) => say('entryDelete', { transfer: n(d.transferId) }),
  'feature-choice.set': (d) => say('featureChoice', { feature: String(d.featureId), decision: String(d.decision) }),
};

function sentenceOf(row: AuditRow, names: Names): string {
  const d = parseDetail(row.detail);
  const name = (id: unknown) => (typeof id === 'string' ? (names.get(id) ?? id) : String(id ?? ''));
  const say = sentences[row.action];
  if (say && row.outcome === 'success') return say(d, name);
  const pairs = Object.entries(d).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.map(name).join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : name(v)}`);
  const lead = row.outcome === 'success' ? '' : t(`admin:audit.outcome.${row.outcome}`);
  return [lead && `${lead}${reason(d)}.`, ...pairs.filter((p) => !(lead && p.startsWith('reason:')))].filter(Boolean).join(' ') || '—';
}

async function readable(db: Db, rows: AuditRow[]): Promise<ReadableEvent[]> {
  const names = await namesFor(db, rows);
  return rows.map((r) => ({
    ...r,
    actorName: r.actorUserId ? (names.get(r.actorUserId) ?? t('admin:audit.deletedAccount')) : null,
    targetName: r.targetType ? `${targetLabel(r.targetType)}${r.targetId ? ` ${names.get(r.targetId) ?? r.targetId}` : ''}` : null,
    sentence: sentenceOf(r, names),
    raw: !(sentences[r.action] && r.outcome === 'success') && r.outcome === 'success',
  }));
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/** Every cell quoted (ids too), comma-separated, as ../csv.ts writes them: formulas neutralised, quotes doubled. */
const line = (cells: unknown[]) => csvLine(cells.map((v) => textCell(v === null || v === undefined ? '' : String(v))));
/**
 * The header row, in the reader's language (decision: the CSV is read by people, in Excel, like the page it comes
 * from; the cells under it — ids, action codes, outcome codes, the JSON detail — stay as stored, for tools).
 */
const csvColumns = ['id', 'time', 'person', 'personId', 'action', 'outcome', 'target', 'targetId', 'ip', 'sentence', 'detail'] as const;
export const auditCsvHeader = () => csvColumns.map((c) => t(`admin:audit.csv.${c}`));
/** Events read per page of the export: each page costs a handful of queries, run between other requests. */
export const auditCsvPage = 200;

/**
 * The filtered log's CSV text after the byte-order mark, newest first: the header, then one chunk per page read
 * through the keyset, at most `auditExportLimit` events (the last line says when it stopped). The filter's conditions
 * (its name lookups) are worked out once, when the export starts, not again for each page.
 */
async function* auditCsvChunks(db: Db, filter: AuditFilter): AsyncGenerator<string> {
  const where = await conditions(db, filter);
  let text = line(auditCsvHeader());
  let before: number | undefined;
  let written = 0;
  for (;;) {
    const page = await pageWhere(db, where, before === undefined ? {} : { before }, auditCsvPage);
    for (const e of page.events) text += line([e.id, e.at, e.actorName ?? '', e.actorUserId ?? '', e.action, e.outcome, e.targetName ?? '', e.targetId ?? '', e.ip ?? '', e.sentence, e.detail ?? '']);
    written += page.events.length;
    if (page.older !== undefined && written >= auditExportLimit) {
      yield text + line([t('admin:audit.csv.stopped', { limit: auditExportLimit })]);
      return;
    }
    yield text;
    if (page.older === undefined) return;
    text = '';
    before = page.older;
  }
}

/**
 * The filtered log as a CSV stream, with the UTF-8 byte-order mark so Excel in any locale reads its accents. The
 * SQLite driver is synchronous, so the export reads one page per pull: other requests are served between pages
 * instead of waiting for up to `auditExportLimit` events to be read and written into one string.
 */
export const auditCsvStream = (db: Db, filter: AuditFilter): ReadableStream<Uint8Array> => csvStream(inLocale(currentLocale(), auditCsvChunks(db, filter)));

/**
 * A generator that keeps the language it was made in: the stream pulls its pages after the route has answered,
 * outside the request's context, so each step runs in the language of the person who asked.
 */
async function* inLocale<T>(locale: string, chunks: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    for (;;) {
      const next = await withLocale(locale, () => chunks.next());
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await chunks.return(undefined);
  }
}
