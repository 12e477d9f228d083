import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { serveClient } from '../support/site';
import { storyBuilder, type StoryBuilder } from '../support/story-build';
import { makeStory } from '../support/story-fixtures';

/**
 * A story page and a practice page listing ten adoptions, in Chromium: no axe violations, no sideways scroll on a
 * 390 px phone, and printable. The default build has no stories, so this spec builds its own copy of the site with
 * fixture stories (tests/support/story-build.ts) and serves its static files.
 */
const stories = [...Array(10)].map((_, index) => makeStory('shared-care-platform', { index }));
const story = `/adoptions/${stories[0]!.id}/`;
const pages = { 'adoption story': story, 'adoption index': '/adoptions/', 'practice with ten adoptions': '/practices/shared-care-platform/' };

let builder: StoryBuilder;
let server: Awaited<ReturnType<typeof serveClient>>;

test.describe.configure({ mode: 'serial' });
test.beforeAll(async () => {
  test.setTimeout(180_000);
  builder = storyBuilder('portal-story-browser-');
  server = await serveClient(await builder.build('browser', stories));
});
test.afterAll(async () => {
  await server?.close();
  builder?.remove();
});

for (const [name, path] of Object.entries(pages)) {
  test(`the ${name} page has no axe violations and does not scroll sideways at 390 px`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    expect((await page.goto(server.url + path))!.status()).toBe(200);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await context.close();
  });
}

test('the story page prints without navigation, with its results table whole', async ({ page }) => {
  await page.goto(server.url + story);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  expect((await page.pdf({ format: 'A4' })).byteLength).toBeGreaterThan(10_000);
});

test('a reader goes from the practice page to a story and to the adopted core feature', async ({ page }) => {
  await page.goto(`${server.url}/practices/shared-care-platform/`);
  await page.getByRole('link', { name: stories[0]!.title }).click();
  await expect(page).toHaveURL(server.url + story);
  await expect(page.getByText('Demo organisation, invented data')).toBeVisible();
  await page.getByRole('link', { name: stories[0]!.coreFeatures[0]!.name }).click();
  await expect(page).toHaveURL(`${server.url}/practices/shared-care-platform/#feature-${stories[0]!.coreFeatures[0]!.feature}`);
});
