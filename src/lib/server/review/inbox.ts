/** A person's own notifications and e-mail preference: only ever their own rows. */
import { and, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { first, schema, writeTransaction, type Db } from '../db.ts';
import { safeNextPath } from '../http.ts';
import type { Actor } from '../permissions.ts';
import type { TemplateRegistry } from '../templates/registry.ts';
import { storedText } from '../messages.ts';
import { t } from '../../../i18n/index.ts';
import { translatedLabels } from './states.ts';

const { notification } = schema;

/** Where the list sends a person whose notification points anywhere but a workspace page (links are ours, but a redirect trusts nothing). */
export const inboxPath = '/workspace/notifications/';

/** A notification's target as a redirect: a same-site workspace path, else the notification list. */
export function notificationTarget(link: string): string {
  const path = safeNextPath(link);
  // safeNextPath answers /workspace/ for what it refuses.
  const refused = path === '/workspace/' && link !== '/workspace/';
  return !refused && path.startsWith('/workspace/') ? path : inboxPath;
}

/** The page a link opens: the link without its fragment (`…/review/action-plan/#comment-1` opens `…/review/action-plan/`). */
const pageOf = (link: string) => link.split('#')[0]!;

/** A person's unread notifications pointing to `page`, with or without a fragment (compared by prefix with substr, not LIKE, whose % and _ a path may hold). */
const unreadFor = (userId: string, page: string) =>
  and(eq(notification.userId, userId), isNull(notification.readAt), or(eq(notification.link, page), sql`substr(${notification.link}, 1, ${page.length + 1}) = ${`${page}#`}`));

/**
 * Opening a notification from the list (a POST, never a GET): marks it read, and with it every other unread
 * notification of this person that points to the same page (three comments on one stage are read together, when
 * that stage is opened). Returns where to go, or undefined when the notification is not this person's.
 */
export async function openNotification(db: Db, actor: Actor, id: number, now?: Date): Promise<string | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const row = await first(db.select().from(notification).where(and(eq(notification.id, id), eq(notification.userId, actor.userId))).limit(1));
  if (!row) return undefined;
  const page = pageOf(row.link);
  await writeTransaction(db, async (tx) => void (await tx.update(notification).set({ readAt: isoNow(now) }).where(or(and(eq(notification.id, id), isNull(notification.readAt)), unreadFor(actor.userId, page)))));
  return notificationTarget(row.link);
}

/** How many of a person's unread notifications point to this page: the page then offers to mark them read. */
export async function unreadAboutPage(db: Db, userId: string, page: string): Promise<number> {
  const row = await first(db.select({ n: sql<number>`count(*)` }).from(notification).where(unreadFor(userId, pageOf(page))));
  return row?.n ?? 0;
}

/**
 * Opening the page a notification points to by any way (an e-mail, the home, a bookmark) marks it read too — by a
 * POST the page sends itself (at once with JavaScript; with a button without it), as state never changes on a GET.
 * Only workspace pages; returns the page to go back to.
 */
export async function markPageRead(db: Db, actor: Actor, page: string, now?: Date): Promise<string> {
  const target = notificationTarget(pageOf(page));
  if (target !== inboxPath) await writeTransaction(db, async (tx) => void (await tx.update(notification).set({ readAt: isoNow(now) }).where(unreadFor(actor.userId, target))));
  return target;
}

export type InboxItem = typeof notification.$inferSelect & {
  /** The transfer's title ("organisation: practice"); null for a notification about no transfer (or one deleted since). */
  transfer: string | null;
  /** The review stage or form the link opens, by its title in the templates; undefined for other pages. */
  stage: string | undefined;
};

/** What a notification's link opens inside its transfer: a review stage, a form, or one of the transfer's own pages. */
export function stageOf(link: string, templates: Pick<TemplateRegistry, 'stage' | 'kind'>): string | undefined {
  const [, part, stage] = /^\/workspace\/transfers\/[^/]+\/([^/#?]+)\/(?:([^/#?]+)\/)?/.exec(link) ?? [];
  if (part === 'review') return stage ? templates.stage(stage)?.title : t('review:pages.review');
  return templates.kind(part)?.title ?? transferPages[part ?? ''];
}
/** The transfer's own pages by their names, read in the reader's language when read. */
const transferPages = translatedLabels<string>({ monitoring: 'review:pages.implementation', actions: 'review:pages.implementation', workshops: 'review:pages.implementation', kpis: 'review:pages.indicators', trace: 'review:pages.traceability', print: 'review:pages.printView' });

/** The person's notifications, newest first, each naming its transfer and stage (read now, so older notifications name them too). */
export async function listInbox(db: Db, userId: string, templates: Pick<TemplateRegistry, 'stage' | 'kind'>, limit = 100): Promise<InboxItem[]> {
  const rows = await db
    .select({ n: notification, transfer: schema.transfer.title })
    .from(notification)
    .leftJoin(schema.transfer, eq(schema.transfer.id, notification.transferId))
    .where(eq(notification.userId, userId))
    .orderBy(desc(notification.id))
    .limit(limit);
  // `summary` becomes the text in the reader's language (the English one for rows older than stored messages).
  return rows.map((r) => ({ ...r.n, summary: storedText(r.n), transfer: r.transfer, stage: stageOf(r.n.link, templates) }));
}

export async function markAllRead(db: Db, actor: Actor, now?: Date): Promise<number> {
  // `returning` counts the rows on any driver (better-sqlite3's `changes` is its own).
  const read = await writeTransaction(db, async (tx) => tx.update(notification).set({ readAt: isoNow(now) }).where(and(eq(notification.userId, actor.userId), isNull(notification.readAt))).returning({ id: notification.id }));
  return read.length;
}

/** Opting out of review e-mails; in-app notifications continue. */
export async function setEmailNotifications(db: Db, actor: Actor, enabled: boolean, meta: { ip: string }): Promise<void> {
  await writeTransaction(db, async (tx) => {
    await tx.update(schema.user).set({ emailNotifications: enabled }).where(eq(schema.user.id, actor.userId));
    await recordAuditInTx(tx, { action: 'account.email-notifications', outcome: 'success', actorUserId: actor.userId, targetType: 'user', targetId: actor.userId, ip: meta.ip, detail: { enabled } });
  });
}

export async function emailNotificationsOn(db: Db, userId: string): Promise<boolean> {
  return (await first(db.select({ on: schema.user.emailNotifications }).from(schema.user).where(eq(schema.user.id, userId)).limit(1)))?.on ?? true;
}
