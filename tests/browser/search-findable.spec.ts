import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/**
 * The search page on a phone: the results come before the filters, which fold away; nothing on screen moves while a
 * search runs (cumulative layout shift, from Chromium's own layout-shift entries, ≤ 0.05 as Lighthouse asks); and
 * the advice when nothing matches fits what was asked.
 */
const phone = { width: 390, height: 844 };

/** Starts collecting layout shifts before the page's own scripts run, as Lighthouse counts them (no recent input). */
async function observeShifts(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
        if (!entry.hadRecentInput) (window as unknown as { __cls: number }).__cls += entry.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
}
const shifts = (page: Page) => page.evaluate(() => (window as unknown as { __cls: number }).__cls);

test.describe('search on a 390 px phone', () => {
  test.use({ viewport: phone });

  test('shows the results before the filters, which are folded and open on demand', async ({ page }) => {
    await page.goto('/search/?q=care');
    await expect(page.locator('.search[data-ready]')).toBeVisible();
    const firstResult = page.locator('.results li').first();
    await expect(firstResult).toBeVisible();
    const filters = page.locator('details.search-filters');
    await expect(filters).not.toHaveAttribute('open');
    // Results come first both in reading order and on screen.
    expect(await page.evaluate(() => {
      const results = document.querySelector('.search-results')!;
      const filters = document.querySelector('.search-filters')!;
      return !!(results.compareDocumentPosition(filters) & Node.DOCUMENT_POSITION_FOLLOWING);
    })).toBe(true);
    expect((await firstResult.boundingBox())!.y).toBeLessThan((await filters.boundingBox())!.y);
    expect((await firstResult.boundingBox())!.y).toBeLessThan(phone.height);
    await filters.locator('summary').click();
    const group = page.getByRole('group', { name: 'Filters' });
    await group.getByRole('checkbox', { name: /^Template/ }).check();
    await expect(filters.locator('summary')).toHaveText('Filters (1 chosen)');
    await expect(page.locator('.results .badge').first()).toHaveText('Template');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
    expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
  });

  test('moves nothing on screen while a search loads and runs (CLS ≤ 0.05)', async ({ page }) => {
    await observeShifts(page);
    await page.goto('/search/?q=integrated+care');
    await expect(page.locator('.results li').first()).toBeVisible();
    await page.waitForTimeout(500);
    expect(await shifts(page)).toBeLessThanOrEqual(0.05);
    // Then a new search typed by hand, and one more page of results.
    await page.getByRole('searchbox', { name: 'Search the portal' }).fill('Denmark');
    await expect(page.getByRole('status')).toContainText('for “Denmark”');
    await page.waitForTimeout(700);
    expect(await shifts(page)).toBeLessThanOrEqual(0.05);
  });
});

test.describe('search with nothing found', () => {
  test('advises by what was asked: spelling for one word, fewer words for several, a filter only once one is chosen', async ({ page }) => {
    await page.goto('/search/');
    await expect(page.locator('.search[data-ready]')).toBeVisible();
    const box = page.getByRole('searchbox', { name: 'Search the portal' });
    const status = page.getByRole('status');
    await box.fill('qwxzvk');
    await expect(status).toContainText('No results for “qwxzvk”. Check the spelling');
    await expect(status).not.toContainText('filter');
    await box.fill('qwxzvk plomrt');
    await expect(status).toContainText('Try fewer words');
    await expect(status).not.toContainText('filter');
    await box.fill('Svendborg');
    await expect(status).toContainText(/\d+ results? for/);
    await page.getByRole('group', { name: 'Filters' }).getByRole('checkbox', { name: /^Template/ }).check();
    await expect(status).toContainText('Or clear a filter');
  });
});
