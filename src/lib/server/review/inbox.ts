/** A person's own notifications and e-mail preference: only ever their own rows. */
import { and, eq, isNull } from 'drizzle-orm';
import { recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { schema, writeTransaction, type Db } from '../db.ts';
import type { Actor } from '../permissions.ts';

/** Marks one notification read and returns where it points; undefined when it is not this person's. */
export async function openNotification(db: Db, actor: Actor, id: number, now?: Date): Promise<string | undefined> {
  if (!Number.isSafeInteger(id)) return undefined;
  const row = await db.select().from(schema.notification).where(and(eq(schema.notification.id, id), eq(schema.notification.userId, actor.userId))).get();
  if (!row) return undefined;
  if (!row.readAt) await writeTransaction(db, async (tx) => void (await tx.update(schema.notification).set({ readAt: isoNow(now) }).where(eq(schema.notification.id, id))));
  return row.link;
}

export async function markAllRead(db: Db, actor: Actor, now?: Date): Promise<number> {
  // `returning` counts the rows on any driver (better-sqlite3's `changes` is its own).
  const read = await writeTransaction(db, async (tx) => tx.update(schema.notification).set({ readAt: isoNow(now) }).where(and(eq(schema.notification.userId, actor.userId), isNull(schema.notification.readAt))).returning({ id: schema.notification.id }));
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
  return (await db.select({ on: schema.user.emailNotifications }).from(schema.user).where(eq(schema.user.id, userId)).get())?.on ?? true;
}
