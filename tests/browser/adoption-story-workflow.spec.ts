/**
 * The adoption story in the browser, with JavaScript on and off: the editor proposes and consents, the mentor
 * consents and the story is published (its public address and the rebuild's state shown), the coordinator withdraws
 * it with a reason. Refused input keeps what was ticked; the pages are axe clean and do not scroll sideways at 390 px.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { schema } from '../../src/lib/server/db.ts';
import { reportStageId } from '../../src/lib/server/stories/source.ts';
import { createTeam, expect, removeTeam, test, type Team } from './fixtures';
import { signIn } from './support';
import { realTemplates } from '../support/templates.ts';

const jsOff = new WeakSet<Page>();
const javaScriptOn = (page: Page) => !jsOff.has(page);

async function person(browser: Browser, email: string, javaScriptEnabled: boolean): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
  if (!javaScriptEnabled) jsOff.add(page);
  await signIn(page, email);
  return page;
}
/** axe runs as a script in the page: with JavaScript off there is none to run, and the markup is the same. */
const axe = async (page: Page) => {
  if (!javaScriptOn(page)) return;
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
};
const noSidewaysScroll = async (page: Page) => {
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });
};

for (const javaScriptEnabled of [true, false]) {
  test.describe(`the adoption story, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.describe.configure({ mode: 'serial' });
    let team: Team;
    let storyUrl = '';
    test.beforeAll(async ({ portalDb }, info) => {
      team = await createTeam(portalDb, new URL(info.project.use.baseURL!).origin);
      const transfer = await team.openTransfer();
      storyUrl = `${transfer.url}story/`;
      // The post-implementation report approved by the mentor (its review has tests of its own).
      const stage = reportStageId(realTemplates());
      const submissionId = crypto.randomUUID();
      const at = new Date().toISOString();
      await portalDb.insert(schema.submission).values({ id: submissionId, transferId: transfer.id, stage, number: 1, snapshot: JSON.stringify({ entries: [], featureChoices: [] }), submittedBy: team.editor.id, submittedAt: at });
      await portalDb.insert(schema.decision).values({ id: crypto.randomUUID(), transferId: transfer.id, stage, submissionId, mentorId: team.mentor.id, outcome: 'approve', rubric: '{}', createdAt: at });
    });
    test.afterAll(async ({ portalDb }) => removeTeam(portalDb, team));

    test('the editor proposes and consents, the mentor consents: the story is published', async ({ browser }) => {
      const editor = await person(browser, team.editor.email, javaScriptEnabled);
      await editor.goto(storyUrl);
      await expect(editor.getByRole('heading', { level: 1 })).toHaveText('Adoption story');
      await expect(editor.getByRole('heading', { name: 'What would be public' })).toBeVisible();
      await expect(editor.getByText('Named people and anything marked internal are left out.')).toBeVisible();
      await axe(editor);
      await noSidewaysScroll(editor);

      // Nothing ticked: refused, and the boxes stay as they were left.
      for (const part of ['Context', 'Core features', 'Results', 'Barriers and facilitators', 'Sustainability', 'Lessons learned']) await editor.getByLabel(part, { exact: true }).uncheck();
      await editor.getByRole('button', { name: 'Propose the story' }).click();
      await expect(editor.getByRole('alert')).toContainText('Please correct the field marked below.');
      await expect(editor.locator('#parts-error')).toHaveText('Choose at least one part of the report to publish.');
      await expect(editor.getByLabel('Context', { exact: true })).not.toBeChecked();

      await editor.getByLabel('Context', { exact: true }).check();
      await editor.getByLabel('Lessons learned', { exact: true }).check();
      await editor.getByRole('button', { name: 'Propose the story' }).click();
      await expect(editor.getByRole('status')).toContainText('The story is proposed.');
      await expect(editor.locator('[data-story-status]')).toHaveAttribute('data-story-status', 'proposed');
      await expect(editor.locator('[data-consent="editor"]')).toHaveText('Still to consent');
      await expect(editor.locator('.story-facts').first()).toContainText('Context, Lessons learned');

      await editor.getByRole('button', { name: /Consent to publishing this story/ }).click();
      await expect(editor.getByRole('status')).toContainText('Your consent is recorded.');
      await expect(editor.locator('[data-consent="editor"]')).toContainText(`Consented: ${team.editor.name}`);
      await expect(editor.locator('[data-consent="mentor"]')).toHaveText('Still to consent');
      await axe(editor);

      const mentor = await person(browser, team.mentor.email, javaScriptEnabled);
      await mentor.goto(storyUrl);
      await mentor.getByRole('button', { name: /Consent to publishing this story \(as mentor\)/ }).click();
      await expect(mentor.getByRole('status')).toContainText('the story is published');
      await expect(mentor.locator('[data-story-status]')).toHaveAttribute('data-story-status', 'published');
      await expect(mentor.locator('[data-consent="mentor"]')).toContainText(`Consented: ${team.mentor.name}`);
      await expect(mentor.getByRole('link', { name: /^\/adoptions\// })).toBeVisible();
      await expect(mentor.locator('[data-publication]')).toContainText('Public site rebuild:');
      // Published: nobody consents or proposes any more; only a coordinator withdraws.
      await expect(mentor.getByRole('button', { name: /Consent|Take back|Propose/ })).toHaveCount(0);
      await axe(mentor);
    });

    test('the coordinator sees why a rebuild failed, and withdraws the story with a reason', async ({ browser, portalDb }) => {
      // A rebuild that failed (the publication job's row, as it leaves one): the coordinator is shown why.
      await portalDb.insert(schema.publicationRun).values({ status: 'failed', reason: 'Story published (test)', error: 'astro build: test failure output' });
      const coordinator = await person(browser, team.coordinator.email, javaScriptEnabled);
      await coordinator.goto(storyUrl);
      await expect(coordinator.locator('[data-publication]')).toHaveAttribute('data-publication', 'failed');
      await expect(coordinator.getByText('astro build: test failure output')).toBeVisible();
      await coordinator.goto('/admin/stories/');
      const item = coordinator.getByRole('listitem').filter({ hasText: team.adopter.name });
      await expect(item).toBeVisible();
      await axe(coordinator);
      await noSidewaysScroll(coordinator);

      await coordinator.goto(storyUrl);
      await axe(coordinator);
      await coordinator.getByLabel('Reason (told to the team and the mentors)').fill('The organisation asked to take it down while names are checked.');
      await coordinator.getByRole('button', { name: 'Withdraw the story' }).click();
      await expect(coordinator.getByRole('status')).toContainText('The story is withdrawn.');
      await expect(coordinator.getByRole('heading', { name: 'Withdrawn' })).toBeVisible();
      await expect(coordinator.getByText('The organisation asked to take it down while names are checked.')).toBeVisible();
      await coordinator.goto('/admin/stories/');
      await expect(coordinator.getByRole('listitem').filter({ hasText: team.adopter.name })).toHaveCount(0);
    });
  });
}
