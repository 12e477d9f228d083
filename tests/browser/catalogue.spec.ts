import { expect, test } from '@playwright/test';

test.describe('the practice catalogue', () => {
  test('lists every good practice and opens one', async ({ page }) => {
    await page.goto('/practices/');
    await expect(page.getByRole('heading', { level: 1, name: 'Good practices' })).toBeVisible();
    const cards = page.locator('[data-practice]');
    await expect(cards).toHaveCount(5);
    await page.getByRole('link', { name: 'The Shared Care Platform of the Region of Southern Denmark' }).click();
    await expect(page).toHaveURL(/\/practices\/shared-care-platform\/$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Core features' })).toBeVisible();
    // The contents list jumps to its section without JavaScript.
    await page.getByRole('navigation', { name: 'On this page' }).getByRole('link', { name: 'Transferring the practice' }).click();
    await expect(page).toHaveURL(/#transfer$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Transferring the practice' })).toBeInViewport();
    await page.getByRole('link', { name: 'SmartCare and the Shared Care Platform' }).first().click();
    await expect(page).toHaveURL(/\/sources\/#smartcare-shared-care-platform$/);
    await page.goBack();
    await expect(page.locator('#feature-one-screen-overview')).toContainText('Essential');
    await expect(page.getByRole('link', { name: 'Region of Southern Denmark' }).first()).toHaveAttribute('href', '/regions/southern-denmark/');
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('filters by country and clears the filter; offers no evidence-level filter no source supports', async ({ page }) => {
      await page.goto('/practices/');
      const filters = page.getByRole('navigation', { name: 'Filter by' });
      await filters.getByRole('link', { name: 'Denmark' }).click();
      await expect(page).toHaveURL(/\/practices\/country\/dk\/$/);
      await expect(page.getByRole('status')).toContainText('Showing 2 of 5 practices');
      const titles = await page.locator('[data-practice] h3').allTextContents();
      expect(titles.sort()).toEqual(['Digital roadmap towards an integrated healthcare sector (Region of Southern Denmark)', 'The Shared Care Platform of the Region of Southern Denmark']);
      await expect(filters.getByRole('link', { name: 'Denmark' })).toHaveAttribute('aria-current', 'page');

      // No practice has a cited evaluation, so there is no evidence-level facet and no "Best practice" label.
      await expect(filters.getByRole('heading', { name: /Evidence level/ })).toHaveCount(0);
      await expect(page.getByText('Best practice')).toHaveCount(0);
      await filters.getByRole('link', { name: 'JADECARE' }).click();
      await expect(page.getByRole('status')).toContainText('Showing 4 of 5 practices');
      await expect(page.locator('[data-practice="shared-care-platform"]')).toHaveCount(0);

      await page.getByRole('link', { name: 'Clear filter' }).click();
      await expect(page.locator('[data-practice]')).toHaveCount(5);
    });

    test('filters by programme from a practice page', async ({ page }) => {
      await page.goto('/practices/');
      await page.getByRole('navigation', { name: 'Filter by' }).getByRole('link', { name: 'SmartCare' }).click();
      await expect(page.locator('[data-practice]')).toHaveCount(1);
      await expect(page.locator('[data-practice="shared-care-platform"]')).toHaveCount(1);
    });
  });
});
