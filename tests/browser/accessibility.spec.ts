import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { publicPages } from './public-pages';

for (const [name, path] of Object.entries(publicPages)) {
  test(`the ${name} page has no axe violations`, async ({ browser }) => {
    // axe needs a page from a context the test made itself.
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(path);
    expect(response!.status()).toBe(name === 'not found' ? 404 : 200);
    if (name === 'search') {
      await expect(page.locator('.search[data-ready]')).toBeVisible();
      await page.getByRole('searchbox', { name: 'Search the portal' }).fill('care');
      await expect(page.locator('.results a').first()).toBeVisible();
    }
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    await context.close();
  });
}

test('a keyboard user can skip to the content and reach a practice', async ({ page }) => {
  await page.goto('/practices/');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: 'Skip to content' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  // Tab onwards until a practice link has focus, then follow it.
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.closest('[data-practice]') !== null)) break;
  }
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/practices\/[a-z-]+\/$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Core features' })).toBeVisible();
});

test.describe('printing', () => {
  for (const path of [publicPages.practice, publicPages['SWOT template'], publicPages.visit]) {
    test(`${path} prints without navigation or footer, with link targets spelled out`, async ({ page }) => {
      await page.goto(path);
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
      await expect(page.locator('.site-footer')).toBeHidden();
      await expect(page.locator('h1')).toBeVisible();
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.byteLength).toBeGreaterThan(10_000);
    });
  }
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 360, height: 740 } });
  for (const [name, path] of Object.entries(publicPages)) {
    test(`the ${name} page does not scroll sideways`, async ({ page }) => {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    });
  }
});
