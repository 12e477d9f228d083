import { expect, test } from '@playwright/test';

test.describe('search', () => {
  test('finds a practice, narrows by type, and opens the result', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto('/search/');
    await page.getByRole('searchbox').fill('Svendborg');
    const results = page.locator('pagefind-results');
    await expect(results.getByRole('link', { name: /Shared Care Platform/ }).first()).toBeVisible();

    await page.getByRole('searchbox').fill('care');
    await expect(page.locator('pagefind-summary')).toContainText(/\d+ results? for care/);
    const before = Number((await page.locator('pagefind-summary').textContent())!.match(/(\d+) result/)![1]);
    const pane = page.locator('pagefind-filter-pane');
    await pane.locator('summary', { hasText: 'Type' }).click();
    await pane.getByRole('checkbox', { name: /^Template/ }).check();
    await expect.poll(async () => Number((await page.locator('pagefind-summary').textContent())!.match(/(\d+) result/)?.[1] ?? -1)).toBeLessThan(before);
    await expect(results.getByRole('link', { name: /SWOT/ }).first()).toBeVisible();
    await results.getByRole('link', { name: /SWOT/ }).first().click();
    await expect(page).toHaveURL(/\/templates\/swot\/$/);
    expect(problems).toEqual([]);
  });

  test('carries the query from the home page form', async ({ page }) => {
    await page.goto('/');
    await page.getByLabel('Search the portal').fill('OptiMedis');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/search\/\?q=OptiMedis$/);
    await expect(page.locator('pagefind-results').getByRole('link', { name: /OptiMedis model/ }).first()).toBeVisible();
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });
    test('points to the catalogue, which filters without JavaScript', async ({ page }) => {
      await page.goto('/search/');
      await expect(page.getByText('Search needs JavaScript')).toBeVisible();
      await expect(page.getByRole('main').getByRole('link', { name: 'Good practices' })).toHaveAttribute('href', '/practices/');
    });
  });
});
