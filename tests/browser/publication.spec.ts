/**
 * The coordinator's Public site page (Administration → Public site): the runs of the publication job, why one
 * failed (readable on a phone), and the rebuild button (a plain form: the same with JavaScript on). The last test
 * follows a REAL site build in the background (20–60 s) until its run is published, the public site answering meanwhile.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { signIn } from './support';

test.describe.configure({ mode: 'serial' });

const coordinator = 'coordinator@demo.example';
// One unbroken line as long as a build's file paths: it must wrap, not push the page sideways.
const longLine = `/work/portal/node_modules/astro/dist/core/build/${'very-long-segment/'.repeat(12)}generate.js:90:29`;

function addFailedRun(): number {
  const db = new Database(resolve('tests/.tmp/browser.db'));
  try {
    const at = new Date().toISOString();
    return Number(
      db
        .prepare("insert into publication_run (status, reason, requested_at, started_at, finished_at, stories, error) values ('failed', 'Story published: browser test', ?, ?, ?, 1, ?)")
        .run(at, at, at, `The build failed (exit code 1).\n\n[ERROR] stories: invented failure for the browser test\n${longLine}`).lastInsertRowid,
    );
  } finally {
    db.close();
  }
}

test('a failed run says why, without sideways scroll on a phone, and the page has no axe violations', async ({ browser }) => {
  const id = addFailedRun();
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signIn(page, coordinator);
  await page.goto('/admin/');
  await expect(page.getByText('The last rebuild of the public site failed; the site stays as it was.')).toBeVisible();
  await page.getByRole('link', { name: 'Public site', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Public site' })).toBeVisible();
  const run = page.locator(`[data-run="${id}"]`);
  await expect(run.getByRole('heading', { name: `Run ${id}: Failed` })).toBeVisible();
  await expect(run.locator('pre')).toContainText('invented failure for the browser test');
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  await context.close();
});

test('without JavaScript, the button queues a rebuild and says so', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signIn(page, coordinator);
  await page.goto('/admin/publication/');
  await page.getByRole('button', { name: 'Rebuild the public site now' }).click();
  await expect(page).toHaveURL(/\/admin\/publication\/\?done=(queued|joined)$/);
  await expect(page.getByRole('status')).toContainText(/A rebuild (is|was already) queued/);
  await expect(page.locator('[data-run]').first()).toHaveAttribute('data-status', /queued|running|succeeded/);
  await context.close();
});

// Follows the run the test above asked for (one real build, not two).
test('SLOW, real build: the rebuild is published while the public site keeps answering', async ({ page, request }) => {
  test.setTimeout(240_000);
  await signIn(page, coordinator);
  await page.goto('/admin/publication/');
  const newest = page.locator('[data-run]').first();
  const id = await newest.getAttribute('data-run');
  for (let i = 0; ; i++) {
    expect((await request.get('/')).status()).toBe(200);
    const status = await page.locator(`[data-run="${id}"]`).getAttribute('data-status');
    if (status === 'succeeded') break;
    expect(status, await page.locator(`[data-run="${id}"]`).innerText()).not.toBe('failed');
    expect(i).toBeLessThan(200);
    await page.waitForTimeout(1000);
    await page.reload();
  }
  await expect(page.locator(`[data-run="${id}"]`).getByRole('heading', { name: `Run ${id}: Published` })).toBeVisible();
  await expect(page.getByText(/^Last published: /)).toBeVisible();
  const home = await request.get('/');
  expect(home.status()).toBe(200);
  expect(home.headers()['cache-control']).toBe('no-cache');
});
