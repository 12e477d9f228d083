/**
 * The loop the issue asked to close, end to end on the real server and the real publication job: the demo Coastal
 * Hospital Trust's approved post-implementation report → the editor proposes and consents → the mentor consents →
 * the public site is rebuilt in the background and swapped in → the story has its page, is listed on the practice
 * page and is found by search → the coordinator withdraws it → after the next rebuild it is gone from all three.
 * SLOW: two real builds of the site (about 20–60 s each on two shared cores).
 */
import type { Browser, Page } from '@playwright/test';
import { eq, like } from 'drizzle-orm';
import { schema } from '../../src/lib/server/db.ts';
import { expect, test } from './fixtures';
import { signIn } from './support';

const editorEmail = 'editor.coastal@demo.example';
const mentorEmail = 'mentor@demo.example';
const coordinatorEmail = 'coordinator@demo.example';

async function person(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

/** What a reader without an account finds for `query`, in a fresh browser (nothing cached from an earlier build). */
async function searchFor(browser: Browser, query: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await page.goto('/search/');
  await expect(page.locator('.search[data-ready]')).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search the portal' }).fill(query);
  await expect(page.getByRole('status')).toContainText(/result/);
  return page;
}

test('SLOW: an approved report becomes a public adoption story with both consents, and a withdrawal takes it away everywhere', async ({ browser, request, portalDb }) => {
  test.setTimeout(420_000);
  const [coastal] = await portalDb.select().from(schema.transfer).innerJoin(schema.organisation, eq(schema.organisation.id, schema.transfer.organisationId)).where(like(schema.organisation.name, '%Coastal%'));
  const storyUrl = `/workspace/transfers/${coastal.transfer.id}/story/`;
  const practiceUrl = `/practices/${coastal.transfer.practiceId}/`;
  expect(await (await request.get(practiceUrl)).text()).not.toContain('Coastal Hospital Trust');

  const editor = await person(browser, editorEmail);
  await editor.goto(storyUrl);
  await editor.getByRole('button', { name: 'Propose the story' }).click();
  await expect(editor.getByRole('status')).toContainText('The story is proposed.');
  await editor.getByRole('button', { name: /Consent to publishing this story/ }).click();
  await expect(editor.getByRole('status')).toContainText('Your consent is recorded.');

  const mentor = await person(browser, mentorEmail);
  await mentor.goto(storyUrl);
  await mentor.getByRole('button', { name: /Consent to publishing this story \(as mentor\)/ }).click();
  await expect(mentor.locator('[data-story-status]')).toHaveAttribute('data-story-status', 'published');
  const publicPath = (await mentor.getByRole('link', { name: /^\/adoptions\// }).textContent())!.trim();
  // What the mentor consented to reads as the public page will: the public site's words for a demo organisation.
  await expect(mentor.locator('.story-preview')).toContainText('Demo organisation, invented data');
  await expect(mentor.locator('.story-preview')).toContainText('Drawn from');
  const consentedAt = Date.now();

  // The rebuild runs in the background; the old site answers meanwhile.
  await expect.poll(async () => (await request.get(publicPath)).status(), { timeout: 300_000, intervals: [1000] }).toBe(200);
  console.log(`consent → story page served: ${((Date.now() - consentedAt) / 1000).toFixed(1)} s`);
  const story = await (await request.get(publicPath)).text();
  expect(story).toContain('Coastal Hospital Trust');
  expect(story).toContain('Demo organisation, invented data');
  // Named people never leave the workspace: the demo editor's and mentor's names are not on the public page.
  const people = await portalDb.select({ name: schema.user.name }).from(schema.user).where(like(schema.user.email, '%@demo.example'));
  for (const { name } of people) expect(story).not.toContain(name);

  const practice = await (await request.get(practiceUrl)).text();
  expect(practice).toContain(`href="${publicPath}"`);
  const found = await searchFor(browser, 'Coastal Hospital Trust');
  await expect(found.locator('.results').locator(`a[href^="${publicPath}"]`).first()).toBeVisible();

  // The coordinator withdraws it; after the next rebuild it is gone from its page, the practice page and search.
  const coordinator = await person(browser, coordinatorEmail);
  await coordinator.goto(storyUrl);
  await coordinator.getByLabel('Reason (told to the team and the mentors)').fill('Withdrawn by the end-to-end test.');
  await coordinator.getByRole('button', { name: 'Withdraw the story' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The story is withdrawn.');
  await expect.poll(async () => (await request.get(publicPath)).status(), { timeout: 300_000, intervals: [1000] }).toBe(404);
  expect(await (await request.get(practiceUrl)).text()).not.toContain(publicPath);
  const gone = await searchFor(browser, 'Coastal Hospital Trust');
  await expect(gone.locator('.results').locator(`a[href^="${publicPath}"]`)).toHaveCount(0);
  expect(await (await request.get('/feed.xml')).text()).not.toContain(publicPath);
});
