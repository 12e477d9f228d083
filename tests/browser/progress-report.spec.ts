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

// A progress report, told in order: written, refused until its late action is explained, changed, approved.
test.describe('a progress report', () => {
  test.describe.configure({ mode: 'serial' });
  let story: Team;
  let transferUrl = '';
  test.beforeAll(async ({ portalDb }, info) => {
    story = await createTeam(portalDb, new URL(info.project.use.baseURL!).origin);
    const transfer = await story.openTransfer('shared-care-platform');
    transferUrl = transfer.url;
    // An action of the plan that was due in the period and is not done (the action plan's fields, as the seed writes them).
    await portalDb.insert(schema.entry).values({
      id: crypto.randomUUID(),
      transferId: transfer.id,
      template: 'action-plan',
      section: 'actions',
      data: JSON.stringify({ title: 'Train community nurses in the care model', owner: 'Regional training office', end: '2026-02-15', status: 'In progress' }),
      createdBy: story.editor.id,
      updatedBy: story.editor.id,
    });
  });
  test.afterAll(async ({ portalDb }) => {
    await removeTeam(portalDb, story);
  });

  test('the team reports, is asked to explain the late action, submits; the mentor requires a change; the team answers without JavaScript; the mentor approves', async ({ browser }) => {
    test.setTimeout(150_000);
    const editor = await person(browser, story.editor.email);
    await editor.goto(`${transferUrl}progress-report/`);
    await openAddForms(editor);
    const form = editor.locator('form.entry-form');
    await form.getByLabel('Period from (required)').fill('2026-01-01');
    await form.getByLabel('Period to (required)').fill('2026-03-31');
    await form.getByLabel('Summary of the period (required)').fill('The shared care plan is live in two districts.');
    await form.getByRole('button', { name: 'Add' }).click();
    await expect(editor.getByRole('status')).toContainText('Saved');
    // The report shows what happened in its period, live.
    await expect(editor.getByTestId('not-carried-out')).toContainText('Train community nurses in the care model');
    const { violations } = await new AxeBuilder({ page: editor }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);

    // Submitting is refused until the late action is explained.
    await editor.goto(`${transferUrl}review/`);
    await editor.getByRole('form', { name: 'Progress reports' }).getByRole('button', { name: /Submit progress reports/ }).click();
    await expect(editor.getByText(/Explain the actions not carried out before submitting/).first()).toBeVisible();
    await expect(editor.getByText(/“Train community nurses in the care model”/).first()).toBeVisible();
    await expect(editor.getByTestId('state-progress-report')).toHaveText('Draft');
    await editor.goto(`${transferUrl}progress-report/`);
    await editor.locator('li').filter({ hasText: 'The shared care plan is live' }).getByRole('link', { name: /Edit/ }).click();
    await editor.getByRole('dialog').getByLabel('Actions not carried out, and why').fill('The trainer left in February; training moves to May.');
    await editor.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
    await expect(editor.getByRole('status')).toContainText('Saved');
    await editor.goto(`${transferUrl}review/`);
    await editor.getByRole('form', { name: 'Progress reports' }).getByRole('button', { name: /Submit progress reports/ }).click();
    await expect(editor.getByRole('status')).toContainText('Progress reports is submitted');

    // The mentor reads the report with its period frozen beside it, requires a change and requests changes.
    const mentor = await person(browser, story.mentor.email);
    await mentor.goto(`${transferUrl}review/progress-report/`);
    await expect(mentor.getByTestId('period-summary')).toContainText('Train community nurses in the care model');
    await mentor.getByText('Comment on the whole stage').click();
    const stageComments = mentor.getByRole('region', { name: 'Comments on the whole stage' });
    await stageComments.getByLabel('Your comment').fill('Say what the readmission figures show.');
    await stageComments.getByLabel('This is a required change').check();
    await stageComments.getByRole('button', { name: 'Add the comment' }).click();
    await expect(mentor.getByRole('status')).toContainText('Comment added');
    await mentor.getByLabel('Request changes').check();
    await mentor.getByLabel('Note to the team').fill('One change before I approve.');
    await mentor.getByRole('button', { name: 'Record the decision' }).click();
    await expect(mentor.getByTestId('review-state')).toHaveText('Changes requested');

    // Without JavaScript, the team answers the required change and resubmits.
    const plain = await person(browser, story.editor.email, false);
    await plain.goto(`${transferUrl}review/progress-report/`);
    const thread = plain.locator('.thread').filter({ hasText: 'Say what the readmission figures show.' });
    await thread.getByLabel('Your answer to this required change').fill('Readmissions fell from 12 to 9 per month; added to the report.');
    await thread.getByRole('button', { name: 'Answer and mark addressed' }).click();
    await expect(plain.locator('.thread').filter({ hasText: 'Say what the readmission figures show.' })).toContainText('Required change: addressed');
    await plain.goto(`${transferUrl}review/`);
    await plain.getByRole('form', { name: 'Progress reports' }).getByRole('button', { name: /Submit progress reports \(version 2\)/ }).click();
    await expect(plain.getByTestId('state-progress-report')).toHaveText('Resubmitted, waiting for review');

    // The mentor accepts the answer, then approves on the reports' own rubric (not the action plan's).
    await mentor.goto(`${transferUrl}review/progress-report/`);
    await mentor.locator('.thread').filter({ hasText: 'Say what the readmission figures show.' }).getByRole('button', { name: 'Accept the change' }).click();
    await expect(mentor.getByRole('status')).toContainText('The required change is accepted.');
    await expect(mentor.getByLabel('Fit to needs', { exact: true })).toHaveCount(0);
    await mentor.getByLabel('Approve', { exact: true }).check();
    for (const criterion of ['Progress against the plan', 'Quality and regularity of the measurements', 'Learning from the PDSA cycles', 'Actions not carried out explained', 'Realism of the next steps', 'Sustainability'])
      await mentor.getByLabel(criterion, { exact: true }).selectOption('4');
    await mentor.getByRole('button', { name: 'Record the decision' }).click();
    await expect(mentor.getByTestId('review-state')).toHaveText('Approved');
  });
});
