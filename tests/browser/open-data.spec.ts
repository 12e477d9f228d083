/**
 * The /data/ page in a browser: no axe violations with every field list opened, no sideways scroll on a 390 px
 * phone (the field tables scroll inside their own box), and each download link answers with its file.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

const openEveryFieldList = (page: Page) => page.locator('.open-data details').evaluateAll((all) => all.forEach((d) => ((d as HTMLDetailsElement).open = true)));

test('the open data page has no axe violations, field lists open', async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  expect((await page.goto('/data/'))!.status()).toBe(200);
  await openEveryFieldList(page);
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  await context.close();
});

test.describe('on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('the open data page does not scroll sideways, field lists open', async ({ page }) => {
    await page.goto('/data/');
    await openEveryFieldList(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  });
});

test('every download on the open data page answers with its file, JSON as JSON and CSV as CSV', async ({ page, request }) => {
  await page.goto('/data/');
  const links = await page.locator('.open-data a[href^="/data/v1/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
  expect(links.length).toBeGreaterThan(15);
  for (const href of links) {
    const response = await request.get(href);
    expect(response.status(), href).toBe(200);
    expect(response.headers()['content-type'], href).toMatch(href.endsWith('.csv') ? /^text\/csv/ : /json/);
  }
});
