/** Shared steps of the workspace browser tests. */
import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { simpleParser } from 'mailparser';

export const demoPassword = 'demo password for tests';

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto('/sign-in/');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).toHaveURL(/\/workspace\/$/);
}

/** The newest e-mail to an address, read from the server's mail table (every message is kept there too). */
/**
 * The latest e-mail to `to` whose subject matches, waiting for it: some mails are written after the answer has
 * gone out (a password reset answers at once, the same for every address, then sends).
 */
export async function mailTo(to: string, subject: RegExp, timeoutMs = 10_000): Promise<{ subject: string; text: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const mail = lastMailTo(to);
    if (mail && subject.test(mail.subject)) return mail;
    if (Date.now() > until) throw new Error(`No e-mail to ${to} with a subject like ${subject} within ${timeoutMs} ms (last: ${mail?.subject ?? 'none'})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function lastMailTo(to: string): { subject: string; text: string } | undefined {
  const db = new Database(resolve('tests/.tmp/browser.db'), { readonly: true });
  try {
    return db.prepare('select subject, text from mail_message where "to" = ? order by id desc limit 1').get(to) as { subject: string; text: string } | undefined;
  } finally {
    db.close();
  }
}

export const linkIn = (text: string) => /https?:\/\/\S+/.exec(text)?.[0];

/** Makes a session time out, as 12 idle hours would, without waiting for them: it was last used 13 hours ago. */
export function endSession(sessionId: string): void {
  const db = new Database(resolve('tests/.tmp/browser.db'));
  try {
    db.prepare('update session set last_verified_at = ? where id = ?').run(new Date(Date.now() - 13 * 3600_000).toISOString(), sessionId);
  } finally {
    db.close();
  }
}

/** E-mails the loopback SMTP server received (tests/setup/browser-server.ts), parsed by mailparser: recipient, subject, text. */
export async function receivedMail(): Promise<{ to: string; subject: string; body: string }[]> {
  const dir = resolve('tests/.tmp/mail');
  const raws = readdirSync(dir).sort().map((f) => readFileSync(resolve(dir, f), 'utf8'));
  return Promise.all(
    raws.map(async (raw) => {
      const parsed = await simpleParser(raw);
      return { to: /^X-Envelope-To: (.*)$/m.exec(raw)?.[1]?.trim() ?? '', subject: parsed.subject ?? '', body: parsed.text ?? '' };
    }),
  );
}

/**
 * Opens every closed "Add …" / "Edit …" disclosure of a template page by clicking it, as a person would, for tests
 * whose subject is what is typed into the forms, not the disclosure (tests/browser/template-pages.spec.ts tests that).
 * A form submitted in place comes back closed: call it again before the next.
 */
export async function openAddForms(page: Page) {
  const closed = page.locator('details.add-form:not([open]) > summary');
  // One at a time: each click takes one out of the set.
  for (let left = await closed.count(); left > 0; left--) await closed.first().click();
}
