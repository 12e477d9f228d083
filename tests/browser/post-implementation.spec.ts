import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { createTeam, expect, removeTeam, test, type Team } from './fixtures';
import { schema } from '../../src/lib/server/db.ts';
import { signIn, openAddForms } from './support';

async function person(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

// The post-implementation report, told in order: filled in from the adaptation log and the indicators (without
// JavaScript, then with it), completed, submitted, and approved by the mentor on the report's own rubric.
test.describe('a post-implementation report', () => {
  test.describe.configure({ mode: 'serial' });
  let story: Team;
  let transferUrl = '';
  let transferId = '';
  test.beforeAll(async ({ portalDb }, info) => {
    story = await createTeam(portalDb, new URL(info.project.use.baseURL!).origin);
    const transfer = await story.openTransfer('shared-care-platform');
    transferUrl = transfer.url;
    transferId = transfer.id;
    // The adaptation log and the plan's indicator with its measurements (the field ids of the action plan, as the seed writes them).
    await portalDb.insert(schema.featureChoice).values({ transferId, featureId: 'system-integrations', decision: 'adapt', note: 'One record system at a time.', updatedBy: story.editor.id });
    const kpi = crypto.randomUUID();
    await portalDb.insert(schema.entry).values({ id: kpi, transferId, template: 'action-plan', section: 'kpis', data: JSON.stringify({ name: 'Readmissions within 30 days', unit: '%', baseline: 15, target: 12, direction: 'Lower is better' }), createdBy: story.editor.id, updatedBy: story.editor.id });
    for (const [period, value] of [['2026-10', 14], ['2026-11', 13]] as const)
      await portalDb.insert(schema.kpiMeasurement).values({ id: crypto.randomUUID(), transferId, kpiId: kpi, period, periodStart: `${period}-01`, value, updatedAt: '2026-12-01T00:00:00.000Z' });
  });
  test.afterAll(async ({ portalDb }) => {
    await removeTeam(portalDb, story);
  });

  test('without JavaScript, the editor fills the report in from the log and the indicators, once', async ({ browser }) => {
    const editor = await person(browser, story.editor.email, false);
    await editor.goto(`${transferUrl}post-implementation/`);
    await expect(editor.getByRole('heading', { level: 1 })).toHaveText('Post-implementation report');
    await editor.getByRole('button', { name: 'Fill in from the adaptation log and the indicators' }).click();
    await expect(editor.getByRole('status')).toContainText('Added 1 core-feature record and 1 result.');
    await expect(editor.locator('#core-features')).toContainText('One record system at a time.');
    const result = editor.locator('#results ol.entry-list > li').filter({ hasText: 'Readmissions within 30 days' });
    await expect(result).toContainText('Latest value: 13');
    await expect(result.getByRole('link', { name: /Run chart and measurements of this indicator/ })).toHaveAttribute('href', new RegExp(`/kpis/`));
    // The indicator's charts, folded beside its result.
    await result.locator('summary').filter({ hasText: 'Charts of this indicator' }).click();
    await expect(result.locator('figure').filter({ hasText: 'Run chart' }).first()).toBeVisible();
    // Again: nothing more is added.
    await editor.getByRole('button', { name: 'Fill in from the adaptation log and the indicators' }).click();
    await expect(editor.getByRole('status')).toContainText('Nothing to add');
    await expect(editor.locator('#results ol.entry-list > li')).toHaveCount(1);
  });

  test('with JavaScript, the editor fills in what was logged since, completes and submits the report; the mentor approves it on its rubric', async ({ browser, portalDb }) => {
    test.setTimeout(120_000);
    await portalDb.insert(schema.featureChoice).values({ transferId, featureId: 'patient-access', decision: 'drop', note: 'No patient portal in the region yet.', updatedBy: story.editor.id });
    const editor = await person(browser, story.editor.email);
    await editor.goto(`${transferUrl}post-implementation/`);
    await editor.getByRole('button', { name: 'Fill in from the adaptation log and the indicators' }).click();
    await expect(editor.getByRole('status')).toContainText('Added 1 core-feature record and 0 results.');
    await expect(editor.locator('#core-features')).toContainText('No patient portal in the region yet.');
    await openAddForms(editor);
    const context = editor.locator('#context form.entry-form');
    await context.getByLabel('Setting and population (required)').fill('Two wards, 22 GP practices and the home care of three municipalities.');
    await context.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('status')).toContainText('Saved');
    const { violations } = await new AxeBuilder({ page: editor }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);

    await editor.goto(`${transferUrl}review/`);
    await editor.getByRole('form', { name: 'Post-implementation report' }).getByRole('button', { name: /Submit post-implementation report/ }).click();
    await expect(editor.getByTestId('state-post-implementation')).toHaveText('Waiting for review');

    const mentor = await person(browser, story.mentor.email);
    await mentor.goto(`${transferUrl}review/post-implementation/`);
    await expect(mentor.getByText('No patient portal in the region yet.').first()).toBeVisible();
    await expect(mentor.getByLabel('Fit to needs', { exact: true })).toHaveCount(0);
    await mentor.getByLabel('Approve', { exact: true }).check();
    for (const criterion of ['Setting and problem described', 'Each core feature accounted for, with its effect', 'Results against the objectives and indicator targets', 'Barriers and facilitators analysed by CFIR domain', 'Sustainability (funding and policy commitments)', 'Lessons another region can use'])
      await mentor.getByLabel(criterion, { exact: true }).selectOption('4');
    await mentor.getByRole('button', { name: 'Record the decision' }).click();
    await expect(mentor.getByTestId('review-state')).toHaveText('Approved');
  });
});
