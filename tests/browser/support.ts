/** Shared steps of the workspace browser tests. */
import { expect, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';

export const demoPassword = 'demo password for tests';

export async function signIn(page: Page, email: string, password = demoPassword) {
  await page.goto('/sign-in/');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/workspace\/$/);
}

/** The newest e-mail to an address, read from the server's outbox table (the server runs without SMTP here). */
export function lastMailTo(to: string): { subject: string; text: string } | undefined {
  const db = new Database(resolve('tests/.tmp/browser.db'), { readonly: true });
  try {
    return db.prepare('select subject, text from mail_message where "to" = ? order by id desc limit 1').get(to) as { subject: string; text: string } | undefined;
  } finally {
    db.close();
  }
}

export const linkIn = (text: string) => /https?:\/\/\S+/.exec(text)?.[0];

/** Ends a session on the server, as the idle timeout would, without waiting 12 hours. */
export function endSession(sessionId: string): void {
  const db = new Database(resolve('tests/.tmp/browser.db'));
  try {
    db.prepare('delete from session where id = ?').run(sessionId);
  } finally {
    db.close();
  }
}
