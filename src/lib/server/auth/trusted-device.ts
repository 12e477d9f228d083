/**
 * Device cookies (OWASP "Slow down online guessing attacks with device cookies"): after a successful sign-in the
 * browser gets a long-lived cookie naming a row of trusted_device. Later attempts on that account from that
 * browser are counted on the device's own allowance, so an attacker guessing from elsewhere can exhaust the
 * account's shared allowance without locking its owner out. Only a hash of the cookie's secret is stored.
 */
import type { AstroCookies } from 'astro';
import { and, desc, eq, notInArray } from 'drizzle-orm';
import { first, schema, type Db, type Tx } from '../db.ts';
import { isSecureDeployment } from './cookie.ts';
import { generateSecret, hashSecret, secretMatches, splitToken } from './tokens.ts';

export const deviceCookieName = () => (isSecureDeployment() ? '__Host-device' : 'device');
const cookieLifetimeSeconds = 365 * 24 * 3600;
/** Enough for a person's browsers; the oldest are forgotten beyond it. */
const devicesPerUser = 10;

/** The trusted device the cookie names, if it is genuine and belongs to `userId`. */
export async function trustedDeviceOf(db: Db, userId: string, cookie: string | undefined): Promise<string | undefined> {
  const parts = cookie ? splitToken(cookie) : null;
  if (!parts) return undefined;
  const row = await first(db.select().from(schema.trustedDevice).where(eq(schema.trustedDevice.id, parts.id)).limit(1));
  return row && row.userId === userId && secretMatches(parts.secret, row.secretHash) ? row.id : undefined;
}

/** Records a new trusted device for the user (inside the sign-in's transaction); returns the cookie value. */
export async function trustDeviceInTx(tx: Tx, userId: string): Promise<string> {
  const id = crypto.randomUUID();
  const secret = generateSecret();
  await tx.insert(schema.trustedDevice).values({ id, userId, secretHash: hashSecret(secret) });
  const keep = (await tx.select({ id: schema.trustedDevice.id }).from(schema.trustedDevice).where(eq(schema.trustedDevice.userId, userId)).orderBy(desc(schema.trustedDevice.createdAt)).limit(devicesPerUser)).map((r) => r.id);
  await tx.delete(schema.trustedDevice).where(and(eq(schema.trustedDevice.userId, userId), notInArray(schema.trustedDevice.id, keep)));
  return `${id}.${secret}`;
}

export function setDeviceCookie(cookies: AstroCookies, value: string): void {
  cookies.set(deviceCookieName(), value, { httpOnly: true, secure: isSecureDeployment(), sameSite: 'lax', path: '/', maxAge: cookieLifetimeSeconds });
}
