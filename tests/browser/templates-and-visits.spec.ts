import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';

test('a template page downloads as a worksheet with its guiding questions', async ({ page }) => {
  await page.goto('/templates/swot/');
  await expect(page.getByRole('heading', { level: 2, name: 'Quadrants' })).toBeVisible();
  const firstQuestion = (await page.locator('#quadrant-strengths li').first().textContent())!.trim();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /Download as a worksheet/ }).click()]);
  expect(download.suggestedFilename()).toBe('swot.md');
  const text = await readFile((await download.path())!, 'utf8');
  expect(text).toMatch(/^# .*SWOT/m);
  expect(text).toContain(firstQuestion);
  for (const group of ['Hospital', 'Municipality', 'General practice', 'Citizens and patients']) expect(text).toContain(`### ${group}`);
});

test('a study visit offers its calendar file; an undated event says why it has none', async ({ page, request }) => {
  await page.goto('/visits/');
  await page.getByRole('link', { name: /online study visit/i }).first().click();
  const calendar = page.getByRole('link', { name: 'Add to calendar (.ics)' });
  const href = (await calendar.getAttribute('href'))!;
  const ics = await (await request.get(href)).text();
  expect(ics).toContain('DTSTART;VALUE=DATE:20220511');

  await page.goto('/visits/ehds-presidency-event-czech/');
  await expect(page.getByText('No calendar file: the exact date is not published in the sources.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Add to calendar (.ics)' })).toHaveCount(0);
});

test('the feed lists the study visit', async ({ request }) => {
  const feed = await request.get('/feed.xml');
  expect(feed.ok()).toBe(true);
  expect(await feed.text()).toContain('/visits/2022-05-11-southern-denmark-online-study-visit/');
});
