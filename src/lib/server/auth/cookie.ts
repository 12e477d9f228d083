/**
 * The session cookie. Over HTTPS (production) it is "__Host-session": Secure, no Domain, Path=/ — a subdomain
 * cannot set or shadow it. Over plain HTTP on localhost (development, tests) browsers refuse Secure cookies, so it
 * is "session" without Secure. Always HttpOnly and SameSite=Lax.
 */
import type { AstroCookies } from 'astro';

export function isSecureDeployment(): boolean {
  return (process.env.PUBLIC_SITE_URL ?? '').startsWith('https://');
}

export const sessionCookieName = () => (isSecureDeployment() ? '__Host-session' : 'session');

export function setSessionCookie(cookies: AstroCookies, token: string, expiresAt: Date): void {
  cookies.set(sessionCookieName(), token, { httpOnly: true, secure: isSecureDeployment(), sameSite: 'lax', path: '/', expires: expiresAt });
}

export function deleteSessionCookie(cookies: AstroCookies): void {
  cookies.set(sessionCookieName(), '', { httpOnly: true, secure: isSecureDeployment(), sameSite: 'lax', path: '/', maxAge: 0 });
}
