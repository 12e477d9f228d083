/** Small helpers for on-demand pages that handle their own form posts (POST → redirect → GET). */
import type { AstroGlobal } from 'astro';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Methods that never change state (state never changes on GET). */
export const isSafeMethod = (method: string) => safeMethods.has(method);

/** The largest form body the workspace accepts (1 MiB); astro.config.mjs gives the adapter the same limit. */
export const formBodyLimit = 1024 * 1024;

/** What a person is told when a form is over the limit. Without JavaScript the browser's Back button returns to the form with the text in it. */
export const formTooLargeMessage = 'This form is larger than the workspace accepts (1 MiB). Go back to the form: what you typed is still there. Shorten the longest text and save again.';

/** Writes carry a form (URL-encoded or multipart); anything else is not something our pages can read. */
export function isFormBody(method: string, contentType: string | null | undefined): boolean {
  return safeMethods.has(method) || /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/.test(contentType ?? '');
}

/**
 * CSRF, second line after the Origin check: browsers say where a request comes from (Sec-Fetch-Site). A write from
 * another site is refused; a missing header (older browsers, scripts) leaves the decision to the Origin check.
 */
export function isCrossSiteWrite(method: string, secFetchSite: string | null | undefined): boolean {
  return !safeMethods.has(method) && !!secFetchSite && secFetchSite !== 'same-origin' && secFetchSite !== 'none';
}

/**
 * A posted form: its text fields, repeatable (checkboxes). URLSearchParams, because that is also what the direct
 * save path parses a body into, so a form reads the same whichever path answers.
 */
export type PostedForm = URLSearchParams;

/** The one way to read a posted form: its text fields (files are not accepted anywhere in the workspace). */
export async function readForm(request: Request): Promise<PostedForm> {
  const form = new URLSearchParams();
  for (const [key, value] of await request.formData()) if (typeof value === 'string') form.append(key, value);
  return form;
}

/** A form as one string per field (the last, if a field repeats), for commands that take plain values. */
export const formValues = (form: PostedForm): Record<string, string> => Object.fromEntries(form);

/**
 * The address links in e-mails point to: PUBLIC_SITE_URL, or where this server listens. Never the request's Host
 * header, which anyone can forge to plant their own address in a password-reset or review e-mail.
 */
export function publicOrigin(): string {
  return (process.env.PUBLIC_SITE_URL ?? `http://${process.env.HOST ?? 'localhost'}:${process.env.PORT ?? 4321}`).replace(/\/$/, '');
}

export const clientIp = (Astro: Pick<AstroGlobal, 'clientAddress'>) => {
  try {
    return Astro.clientAddress;
  } catch {
    return 'unknown';
  }
};

/** A same-site path to return to after sign-in; anything else falls back to the workspace. */
export function safeNextPath(next: string | null | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/workspace/';
}
