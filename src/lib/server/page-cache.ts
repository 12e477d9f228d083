/**
 * The heaviest workspace pages, kept in memory and reused until something they show changes: the template pages of
 * a transfer (a large action plan is ~1,500 elements, ~10 ms of Astro rendering), its print view, the review
 * dashboards (one row per transfer) and the workspace home ("Waiting for you", read on every visit). They are read far more often
 * than their data changes.
 *
 * Correctness rests on the key: the person (their id and every membership, so a role change is a new key), the
 * URL with its query, the version of the data the page shows (transfer revisions, raised in the same transaction
 * as every change, see transfers/revision.ts; today's date for the dashboards) and the person's unread
 * notification count (shown in the header). Only complete
 * 200 HTML responses to GET are kept, never a Set-Cookie header. Entries are dropped oldest-first past a byte
 * budget. PORTAL_PAGE_CACHE=off turns it off (the benchmarks measure both).
 */
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Db } from './db.ts';
import { prepared, schema } from './db.ts';
import { groupConcat, inJsonList } from './sql-dialect.ts';
import { isoDay } from '../public/dates.ts';
import { canSeeCohort, canSeeProgramme, type Actor } from './permissions.ts';
import { findVisibleTransfer } from './transfers/queries.ts';

/** The body is kept encoded, so a hit writes bytes without converting a large string again. */
export type CachedPage = { body: Uint8Array<ArrayBuffer>; headers: [string, string][] };

export class PageCache {
  private pages = new Map<string, CachedPage>();
  private bytes = 0;
  constructor(private readonly budgetBytes: number) {}

  get(key: string): CachedPage | undefined {
    const page = this.pages.get(key);
    if (page) {
      // Most recently used goes last, so eviction from the front drops the least recently used.
      this.pages.delete(key);
      this.pages.set(key, page);
    }
    return page;
  }

  set(key: string, page: CachedPage): void {
    const size = page.body.byteLength;
    if (size > this.budgetBytes) return;
    this.delete(key);
    this.pages.set(key, page);
    this.bytes += size;
    for (const [oldest, p] of this.pages) {
      if (this.bytes <= this.budgetBytes) break;
      this.pages.delete(oldest);
      this.bytes -= p.body.byteLength;
    }
  }

  private delete(key: string) {
    const old = this.pages.get(key);
    if (old) {
      this.pages.delete(key);
      this.bytes -= old.body.byteLength;
    }
  }

  get size() {
    return this.pages.size;
  }
}

export const enabled = () => process.env.PORTAL_PAGE_CACHE !== 'off';

/** 64 MB: a few hundred large plans. */
export const pageCache = new PageCache(64 * 1024 * 1024);

/** A mentor's transfers, or all of them, each with its revision (which any change raises): hashed, it names the data. */
const pairs = sql<string>`${groupConcat(sql`${schema.transfer.id} || ':' || ${schema.transfer.revision}`, ',')}`;
const cohortVersion = (db: Db) =>
  prepared(db, 'cohort.version', (d) =>
    d
      .select({ pairs })
      .from(schema.transfer)
      .innerJoin(schema.transferMentor, eq(schema.transferMentor.transferId, schema.transfer.id))
      .where(eq(schema.transferMentor.userId, sql.placeholder('userId'))),
  );
const programmeVersion = (db: Db) => prepared(db, 'programme.version', (d) => d.select({ pairs }).from(schema.transfer));
const digest = (text: string | null | undefined) => createHash('sha256').update(text ?? '').digest('base64url');

/** The transfers of some organisations (an editor's), with their revisions. */
const organisationsVersion = (db: Db) =>
  prepared(db, 'home.version.organisations', (d) =>
    d.select({ pairs }).from(schema.transfer).where(inJsonList(schema.transfer.organisationId, sql.placeholder('organisations'))),
  );
/**
 * What the home shows beside its transfers: the person's name, their organisations' names, and which accounts are
 * disabled (a disabled mentor counts as none in the coordinator's "without a mentor"); none of these raises a
 * transfer's revision by itself.
 */
const homeFacts = (db: Db) =>
  prepared(db, 'home.version.facts', (d) =>
    d
      .select({
        facts: sql<string>`(select ${schema.user.name} from ${schema.user} where ${schema.user.id} = ${sql.placeholder('userId')})
          || '|' || coalesce((select ${groupConcat(schema.organisation.name, ',')} from ${schema.organisation} where ${inJsonList(schema.organisation.id, sql.placeholder('organisations'))}), '')
          || '|' || (select count(${schema.user.disabledAt}) || ':' || coalesce(max(${schema.user.disabledAt}), '') from ${schema.user})`,
      })
      .from(sql`(select 1) as one`),
  );

/**
 * The workspace home's "Waiting for you" reads the transfers a person works on: a mentor's assigned ones, an
 * editor's organisations', every one for a coordinator. Their revisions (raised by every change, reviews and status
 * included), today's date (reports due, overdue actions, stuck reviews) and the home's other facts name its data.
 */
async function homeVersion(db: Db, actor: Actor, today: string): Promise<string> {
  const roles = new Set(actor.memberships.map((m) => m.role));
  const editorOf = JSON.stringify(actor.memberships.filter((m) => m.role === 'editor').map((m) => m.organisationId));
  const parts = [
    (await homeFacts(db).get({ userId: actor.userId, organisations: JSON.stringify(actor.memberships.map((m) => m.organisationId)) }))?.facts,
    roles.has('coordinator') ? (await programmeVersion(db).get({}))?.pairs : '',
    roles.has('mentor') ? (await cohortVersion(db).get({ userId: actor.userId }))?.pairs : '',
    roles.has('editor') ? (await organisationsVersion(db).get({ organisations: editorOf }))?.pairs : '',
  ];
  return `h${digest(parts.join('\n'))}.${today}`;
}

/** The indicators page (every chart of a plan): it too depends only on its transfer's revision. */
const kpiPages = /^\/workspace\/transfers\/([0-9a-f-]{36})\/kpis\/$/;
/**
 * The print view (every form of a transfer with its charts and traceability, about 20 ms to render a large plan):
 * it shows the transfer's records, reviews, measurements and mentors, all raising its revision, and today's date.
 */
const printPages = /^\/workspace\/transfers\/([0-9a-f-]{36})\/print\/$/;

/**
 * What a cacheable page shows depends on, besides the person: a template page on its transfer's revision; the
 * dashboards and the workspace home on the revisions of the transfers they list and on today's date (days waiting,
 * overdue actions, reports due).
 */
async function dataVersion(db: Db, url: URL, actor: Actor, templatePages: RegExp, now: Date): Promise<string | undefined> {
  const kpis = kpiPages.exec(url.pathname);
  const template = templatePages.exec(url.pathname) ?? kpis ?? printPages.exec(url.pathname);
  if (template) {
    // Only the query strings the pages themselves link to, so odd URLs cannot fill the cache with variants.
    if ([...url.searchParams.keys()].some((k) => k !== 'saved' && k !== 'all') || url.search.length > 100) return undefined;
    // A hit skips the page, so the access check is made here: nobody is served a page they may not see.
    const transfer = await findVisibleTransfer(db, actor, template[1]!);
    // And the day: the action plan marks today on its timeline and which actions are overdue or at risk. The
    // indicators page shows nothing of the day, so it keeps its entry past midnight.
    return transfer ? `t${transfer.revision}${kpis ? '' : `.${isoDay(now)}`}` : undefined;
  }
  if (url.search) return undefined;
  const today = isoDay(now);
  if (url.pathname === '/workspace/cohort/') return canSeeCohort(actor) ? `c${digest((await cohortVersion(db).get({ userId: actor.userId }))?.pairs)}.${today}` : undefined;
  if (url.pathname === '/workspace/programme/') return canSeeProgramme(actor) ? `p${digest((await programmeVersion(db).get({}))?.pairs)}.${today}` : undefined;
  if (url.pathname === '/workspace/') return homeVersion(db, actor, today);
  return undefined;
}

/**
 * The cache key of a request, or undefined when the page is not cacheable (or the transfer does not exist).
 * `templatePages` matches the template pages, which are cached (`templatePagePattern` of the registry's kinds).
 */
export async function pageKey(db: Db, url: URL, actor: Actor, unread: number, templatePages: RegExp, locale = 'en', now = new Date()): Promise<string | undefined> {
  const version = await dataVersion(db, url, actor, templatePages, now);
  if (!version) return undefined;
  const memberships = actor.memberships.map((m) => `${m.organisationId}=${m.role}`).sort().join(',');
  return JSON.stringify([actor.userId, memberships, locale, url.pathname, url.search, version, unread]);
}
