/**
 * Work typed into a workspace form whose session expired meanwhile. Instead of losing it at the sign-in
 * redirect, the submitted fields are kept (table pending_form) for 30 minutes, for the person whose session it
 * was, and only when the request carried that genuine, just-expired session: an anonymous post keeps nothing.
 * Only that person sees the kept form again (GET reads, never consumes); sending it (POST) uses it up. Each
 * person has a capped allowance, the oldest forms giving way to new ones.
 */
import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { addMs, isoNow, minutes } from './clock.ts';
import { first, schema, writeTransaction, type Db } from './db.ts';

export const pendingLifetimeMs = minutes(30);
/** Per person: a handful of forms and a quarter of a mebibyte in all (a long text is a few tens of KiB). */
export const pendingFormsPerUser = 5;
export const pendingBytesPerUser = 256 * 1024;

export type PendingForm = { target: string; fields: [string, string][] };

/** Keeps the form for `userId`; its id, or undefined when it is larger than a person's whole allowance. */
export async function keepPendingForm(db: Db, userId: string, target: string, form: Iterable<[string, FormDataEntryValue]>, now = new Date()): Promise<string | undefined> {
  const fields = [...form].filter((e): e is [string, string] => typeof e[1] === 'string');
  const json = JSON.stringify(fields);
  const bytes = Buffer.byteLength(json) + Buffer.byteLength(target);
  if (bytes > pendingBytesPerUser) return undefined;
  const id = crypto.randomUUID();
  await writeTransaction(db, async (tx) => {
    await tx.delete(schema.pendingForm).where(lte(schema.pendingForm.expiresAt, isoNow(now)));
    const mine = await tx.select({ id: schema.pendingForm.id, bytes: schema.pendingForm.bytes }).from(schema.pendingForm).where(eq(schema.pendingForm.userId, userId)).orderBy(asc(schema.pendingForm.createdAt));
    // Make room, oldest first, so the latest work is the one kept.
    let count = mine.length;
    let total = mine.reduce((sum, r) => sum + r.bytes, 0);
    for (const old of mine) {
      if (count < pendingFormsPerUser && total + bytes <= pendingBytesPerUser) break;
      await tx.delete(schema.pendingForm).where(eq(schema.pendingForm.id, old.id));
      count -= 1;
      total -= old.bytes;
    }
    await tx.insert(schema.pendingForm).values({ id, userId, target, fields: json, bytes, createdAt: isoNow(now), expiresAt: isoNow(addMs(now, pendingLifetimeMs)) });
  });
  return id;
}

/** The kept form, if it is this person's and still current. Reading does not use it up. */
export async function pendingFormFor(db: Db, id: string, userId: string, now = new Date()): Promise<PendingForm | undefined> {
  const row = await first(db.select().from(schema.pendingForm).where(and(eq(schema.pendingForm.id, id), eq(schema.pendingForm.userId, userId))).limit(1));
  if (!row || row.expiresAt <= isoNow(now)) return undefined;
  return { target: row.target, fields: JSON.parse(row.fields) as [string, string][] };
}

/** Uses the kept form up (when it is sent again); whether it was there for this person. */
export async function consumePendingForm(db: Db, id: string, userId: string, now = new Date()): Promise<PendingForm | undefined> {
  return writeTransaction(db, async (tx) => {
    const row = await first(
      tx
        .delete(schema.pendingForm)
        .where(and(eq(schema.pendingForm.id, id), eq(schema.pendingForm.userId, userId), sql`${schema.pendingForm.expiresAt} > ${isoNow(now)}`))
        .returning(),
    );
    return row ? { target: row.target, fields: JSON.parse(row.fields) as [string, string][] } : undefined;
  });
}
