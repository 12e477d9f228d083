import { expect, test } from '@playwright/test';

test.describe('search', () => {
  test('finds a practice, narrows by type, and opens the result', async ({ page }) => {
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto('/search/');
    await expect(page.locator('.search[data-ready]')).toBeVisible(); // the island is awake
    const box = page.getByRole('searchbox', { name: 'Search the portal' });
    await box.fill('Svendborg');
    const results = page.locator('.results');
    await expect(results.getByRole('link', { name: /Shared Care Platform/ }).first()).toBeVisible();
    await expect(page).toHaveURL(/\?q=Svendborg$/);

    await box.fill('care');
    const status = page.getByRole('status');
    await expect(status).toContainText(/\d+ results for “care”/);
    const count = async () => Number((await status.textContent())!.match(/(\d+) result/)?.[1] ?? -1);
    const before = await count();
    await page.getByRole('group', { name: 'Filters' }).getByRole('checkbox', { name: /^Template/ }).check();
    await expect.poll(count).toBeLessThan(before);
    await expect(results.locator('.badge').first()).toHaveText('Template');
    expect(await results.locator('.badge').allTextContents()).toEqual(expect.arrayContaining(['Template']));
    expect(new Set(await results.locator('.badge').allTextContents())).toEqual(new Set(['Template']));
    await results.getByRole('link', { name: /SWOT/ }).first().click();
    await expect(page).toHaveURL(/\/templates\/swot\/$/);
    expect(problems).toEqual([]);
  });

  test('combines filters: a theme and a country', async ({ page }) => {
    await page.goto('/search/');
    await expect(page.locator('.search[data-ready]')).toBeVisible();
    const filters = page.getByRole('group', { name: 'Filters' });
    await filters.getByRole('checkbox', { name: /^Denmark/ }).check();
    await expect(page.getByRole('status')).toContainText(/\d+ results?/);
    await filters.getByRole('checkbox', { name: /^Good practice/ }).check();
    await expect(page.getByRole('status')).toContainText('2 results');
    await expect(page.locator('.results h2')).toHaveCount(2);
  });

  test('carries the query from the home page form', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('searchbox', { name: 'Search the portal' }).fill('OptiMedis');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/search\/\?q=OptiMedis$/);
    await expect(page.getByRole('searchbox', { name: 'Search the portal' })).toHaveValue('OptiMedis');
    await expect(page.locator('.results').getByRole('link', { name: /OptiMedis model/ }).first()).toBeVisible();
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
