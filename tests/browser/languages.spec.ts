import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { useStrings } from '../../src/i18n/ui';

/**
 * A Danish reader (issue 15): from the English home page to Danish with the language switcher, then a practice
 * and a search, all in Danish, each page accessible (axe) and readable on a 390 px phone without sideways scrolling.
 */
const phone = { width: 390, height: 844 };
const da = useStrings('da');

async function checkPage(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

test('a Danish reader switches to Danish, reads a practice and searches in Danish', async ({ page }) => {
  await page.setViewportSize(phone);
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));

  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const switcher = page.getByRole('navigation', { name: useStrings('en').language.label });
  await switcher.getByRole('link', { name: 'Dansk' }).click();
  await expect(page).toHaveURL(/\/da\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await expect(page.getByRole('navigation', { name: da.language.label }).getByRole('link', { name: 'Dansk' })).toHaveAttribute('aria-current', 'true');
  await checkPage(page);

  await page.locator('a[href="/da/practices/shared-care-platform/"]').first().click();
  await expect(page).toHaveURL(/\/da\/practices\/shared-care-platform\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  // Translated or not, the page says what language its content is in.
  await expect(page.locator('.content-notice')).toBeVisible();
  await checkPage(page);

  await page.getByRole('navigation', { name: da.site.mainNav }).getByRole('link', { name: da.nav.search, exact: true }).click();
  await expect(page).toHaveURL(/\/da\/search\/$/);
  await expect(page.locator('.search[data-ready]')).toBeVisible();
  await page.getByRole('searchbox', { name: da.search.labels.input }).fill('Svendborg');
  const result = page.locator('.results a[href="/da/practices/shared-care-platform/"]').first();
  await expect(result).toBeVisible();
  // Only Danish pages: Pagefind searched the Danish index.
  for (const href of await page.locator('.results a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))) expect(href).toMatch(/^\/da\//);
  await checkPage(page);
  await result.click();
  await expect(page).toHaveURL(/\/da\/practices\/shared-care-platform\/$/);
  expect(problems).toEqual([]);
});
