import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { createTeam, expect, removeTeam, test, type Team } from './fixtures';
import { receivedMail, signIn, openAddForms } from './support';

const practiceTitle = 'The OptiMedis model: integrated population-based care';

async function person(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

// One review, told in order by the people who take part in it: one team for the whole story.
test.describe('a review', () => {
  test.describe.configure({ mode: 'serial' });
  let story: Team;
  let transferUrl = '';
  test.beforeAll(async ({ portalDb }, info) => {
    story = await createTeam(portalDb, new URL(info.project.use.baseURL!).origin);
    // Besides the transfer the story opens, the mentor has the two the demo mentor has: one in draft, one waiting for review.
    await story.openTransfer('shared-care-platform');
    await story.submitNeedsAndScope(await story.openTransfer('southern-denmark-digital-roadmap'));
  });
  test.afterAll(async ({ portalDb }) => {
    await removeTeam(portalDb, story);
  });

  test('an editor submits; the mentor requires a change; the editor answers and resubmits; the mentor sees the diff and approves', async ({ browser }) => {
    test.setTimeout(120_000);
    // The coordinator opens a transfer for the review (the story's adopter takes up the OptiMedis model, with the story's mentor).
    const coordinator = await person(browser, story.coordinator.email);
    await coordinator.goto('/workspace/transfers/');
    await coordinator.getByLabel('Adopting organisation').selectOption({ label: story.adopter.name });
    await coordinator.getByLabel('Good practice').selectOption({ label: practiceTitle });
    await coordinator.getByLabel(story.mentor.name).check();
    await coordinator.getByRole('button', { name: 'Open the transfer' }).click();
    await expect(coordinator.getByRole('heading', { level: 1 })).toContainText(story.adopter.name);
    transferUrl = new URL(coordinator.url()).pathname;

    // The viewer prefers no e-mail; notifications in the portal continue.
    const viewer = await person(browser, story.viewer.email, false);
    await viewer.goto('/workspace/account/');
    await viewer.getByLabel(/E-mail me about reviews/).uncheck();
    await viewer.locator('form', { has: viewer.getByLabel(/E-mail me about reviews/) }).getByRole('button', { name: 'Save', exact: true }).click();
    await expect(viewer.getByRole('status')).toContainText('You will not receive review e-mails');

    // The editor writes an action and submits the action plan.
    const editor = await person(browser, story.editor.email);
    await editor.goto(`${transferUrl}action-plan/`);
    await openAddForms(editor);
    const action = editor.locator('form.entry-form').filter({ has: editor.locator('[name="f.percent-done"]') });
    await action.getByLabel('Action (required)').fill('Train community nurses in the care model');
    await action.getByLabel('Owner (required)').fill('Regional training office');
    await action.getByLabel('Status (required)').selectOption('Not started');
    await action.getByRole('button', { name: 'Add' }).click();
    await expect(editor.getByRole('status')).toContainText('Saved');
    await editor.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'Review' }).click();
    await expect(editor.getByTestId('state-action-plan')).toHaveText('Draft');
    const submitPlan = editor.getByRole('form', { name: 'Action plan' });
    await submitPlan.getByLabel(/A note to your mentor/).fill('Ready for a first look.');
    await submitPlan.getByRole('button', { name: /Submit action plan/ }).click();
    await expect(editor.getByRole('status')).toContainText('Action plan is submitted');
    await expect(editor.getByTestId('state-action-plan')).toHaveText('Waiting for review');
    // The viewer reads the stage while it waits, but has no forms to use (the mentor, below, has them).
    await viewer.goto(`${transferUrl}review/action-plan/`);
    await expect(viewer.getByTestId('review-state')).toHaveText('Waiting for review');
    await expect(viewer.getByRole('button', { name: 'Record the decision' })).toHaveCount(0);
    await expect(viewer.getByText('Comment on the whole stage')).toHaveCount(0);

    // The mentor (without JavaScript) opens the notification, requires a change on the action's owner, and requests changes.
    const mentor = await person(browser, story.mentor.email, false);
    await expect(mentor.getByTestId('unread-count')).toBeVisible();
    await mentor.getByRole('link', { name: /^Notifications/ }).click();
    await mentor.getByRole('button', { name: /submitted Action plan \(version 1\) for review/ }).first().click();
    await expect(mentor.getByRole('heading', { level: 1 })).toHaveText('Action plan');
    await expect(mentor.getByText('Ready for a first look.')).toBeVisible();
    const item = mentor.locator('li.review-item').filter({ hasText: 'Train community nurses in the care model' });
    await item.getByText('Comment on this item').click();
    await item.getByLabel('About').selectOption({ label: 'The field “Owner”' });
    await item.getByRole('button', { name: 'Add the comment' }).click();
    // An empty comment is refused, and what was chosen is kept.
    const itemAgain = mentor.locator('li.review-item').filter({ hasText: 'Train community nurses in the care model' });
    await expect(itemAgain.getByText('Write your comment.').first()).toBeVisible();
    await expect(itemAgain.getByLabel('About')).toHaveValue('owner');
    await itemAgain.getByLabel('Your comment').fill('Name a person, not an office.');
    await itemAgain.getByLabel('This is a required change').check();
    await itemAgain.getByRole('button', { name: 'Add the comment' }).click();
    await expect(mentor.getByRole('status')).toContainText('Comment added');
    await expect(mentor.locator('.thread').filter({ hasText: 'Name a person, not an office.' })).toContainText('Required change: open');
    await mentor.getByRole('button', { name: 'Record the decision' }).click();
    await expect(mentor.getByText('Choose approve, approve with changes, or request changes.').first()).toBeVisible();
    await mentor.getByLabel('Request changes').check();
    await mentor.getByLabel('Note to the team').fill('Good start; one change before I approve.');
    await mentor.getByRole('button', { name: 'Record the decision' }).click();
    await expect(mentor.getByTestId('review-state')).toHaveText('Changes requested');

    // The editor hears of it, answers the required change, edits the action and resubmits.
    await editor.goto('/workspace/notifications/');
    await expect(editor.getByRole('button', { name: /required a change in Action plan/ }).first()).toBeVisible();
    await editor.getByRole('button', { name: /decided on Action plan \(version 1\): changes requested/ }).first().click();
    await expect(editor.getByText('Good start; one change before I approve.')).toBeVisible();
    // The overview says the required change must be answered before the plan can be submitted again, and offers no button yet.
    await editor.goto(`${transferUrl}review/`);
    await expect(editor.getByText('Action plan: Answer every required change and mark it addressed first (1 still open).')).toBeVisible();
    await expect(editor.getByRole('button', { name: /Submit action plan/ })).toHaveCount(0);
    await expect(editor.getByTestId('state-action-plan')).toHaveText('Changes requested');
    await editor.goto(`${transferUrl}review/action-plan/`);
    const thread = editor.locator('.thread').filter({ hasText: 'Name a person, not an office.' });
    await thread.getByLabel('Your answer to this required change').fill('Dr. Jensen, head of community nursing, owns it now.');
    await thread.getByRole('button', { name: 'Answer and mark addressed' }).click();
    await expect(editor.locator('.thread').filter({ hasText: 'Name a person, not an office.' })).toContainText('Required change: addressed');
    await editor.goto(`${transferUrl}action-plan/`);
    await editor.locator('li').filter({ hasText: 'Train community nurses in the care model' }).getByRole('link', { name: /Edit/ }).click();
    // With JavaScript the record's form opens over the list.
    await editor.getByRole('dialog').getByLabel('Owner (required)').fill('Dr. Jensen, community nursing');
    await editor.getByRole('dialog').getByRole('button', { name: 'Save', exact: true }).click();
    await expect(editor.getByRole('status')).toContainText('Saved');
    // The plan says where its review stands.
    await expect(editor.locator('.panel').filter({ hasText: 'Review of action plan' })).toContainText('Changes requested');
    await editor.goto(`${transferUrl}review/`);
    await editor.getByRole('form', { name: 'Action plan' }).getByRole('button', { name: /Submit action plan \(version 2\)/ }).click();
    await expect(editor.getByTestId('state-action-plan')).toHaveText('Resubmitted, waiting for review');

    // The mentor sees what changed since the last review, and approves with the rubric scored.
    await mentor.goto(`${transferUrl}review/action-plan/`);
    await expect(mentor.getByTestId('change-counts')).toHaveText('0 added, 1 changed, 0 removed');
    const changed = mentor.locator('li.review-item').filter({ hasText: 'Train community nurses in the care model' });
    await expect(changed.getByText('Changed', { exact: true })).toBeVisible();
    await expect(changed.locator('del')).toContainText('Regional training office');
    await expect(changed.locator('ins')).toContainText('Jensen');
    await expect(mentor.locator('.thread').filter({ hasText: 'Name a person, not an office.' })).toContainText('Dr. Jensen, head of community nursing, owns it now.');
    // The mentor who asked closes the required change before approving.
    await mentor.locator('.thread').filter({ hasText: 'Name a person, not an office.' }).getByRole('button', { name: 'Accept the change' }).click();
    await expect(mentor.locator('.thread').filter({ hasText: 'Name a person, not an office.' })).toContainText('Required change: accepted');
    await mentor.getByLabel('Approve', { exact: true }).check();
    await mentor.getByRole('button', { name: 'Record the decision' }).click();
    await expect(mentor.getByText('Equity: score it before approving.')).toBeVisible();
    for (const criterion of ['Fit to needs', 'Fidelity to the core features', 'SMART quality of the objectives', 'Quality of the KPIs', 'Feasibility', 'Risks and their mitigation', 'Realism of the budget', 'Sustainability', 'Equity'])
      await mentor.getByLabel(criterion, { exact: true }).selectOption('4');
    await mentor.getByLabel('Note on Equity').fill('Rural districts are covered.');
    await mentor.getByRole('button', { name: 'Record the decision' }).click();
    await expect(mentor.getByTestId('review-state')).toHaveText('Approved');
    await expect(mentor.getByRole('region', { name: 'Decisions' })).toContainText(`Approved by ${story.mentor.name}`);
    await expect(mentor.getByRole('region', { name: 'Decisions' })).toContainText('Rural districts are covered.');

    // Both see it in the activity feed and their notifications.
    for (const page of [editor, mentor]) {
      await page.goto(`${transferUrl}review/`);
      const feed = page.getByRole('region', { name: 'Activity' });
      await expect(feed).toContainText(`${story.mentor.name} decided on Action plan (version 2): approved`);
      await expect(feed).toContainText(`${story.editor.name} submitted Action plan (version 2) for review`);
      await expect(feed).toContainText('answered a required change in Action plan and marked it addressed');
    }
    await editor.goto('/workspace/notifications/');
    await expect(editor.getByRole('button', { name: /decided on Action plan \(version 2\): approved/ })).toBeVisible();
    await mentor.goto('/workspace/notifications/');
    await expect(mentor.getByRole('button', { name: /answered a required change/ })).toBeVisible();

    // The e-mails arrived at the SMTP server, each with what it is about and a link to it.
    const mail = await receivedMail();
    const to = (who: string, subject: RegExp) => mail.filter((m) => m.to === who && subject.test(m.subject));
    expect(to(story.mentor.email, /^Submitted for review: Action plan/).length).toBe(2);
    expect(to(story.mentor.email, /^Submitted for review: Action plan/)[0]!.body).toContain(`${transferUrl}review/action-plan/`);
    expect(to(story.mentor.email, /^Submitted for review: Action plan/)[0]!.body).toContain('Ready for a first look.');
    expect(to(story.editor.email, /^Changes requested: Action plan/)[0]!.body).toContain('Good start; one change before I approve.');
    expect(to(story.mentor.email, /^New reply: Action plan/)[0]!.body).toContain('Dr. Jensen, head of community nursing, owns it now.');
    expect(to(story.editor.email, /^Approved: Action plan/)[0]!.body).toMatch(/reviewed version 2 of Action plan/);
    // The viewer opted out: no e-mail, but the notification is there.
    expect(mail.filter((m) => m.to === story.viewer.email && /Action plan/.test(m.subject))).toEqual([]);
    await viewer.goto('/workspace/notifications/');
    await expect(viewer.getByRole('button', { name: /decided on Action plan \(version 2\): approved/ })).toBeVisible();
    await expect(viewer.getByTestId('unread-count')).toBeVisible();
    await viewer.getByRole('button', { name: 'Mark all as read' }).click();
    await expect(viewer.getByRole('status')).toContainText('All notifications are marked as read.');
    await expect(viewer.getByTestId('unread-count')).toHaveCount(0);
    // The transfer's overview says where each stage stands.
    await viewer.goto(transferUrl);
    await expect(viewer.getByText(/Action plan: approved/)).toBeVisible();
    // The dashboards: the mentor's cohort and the coordinator's programme view show the approved plan.
    await mentor.goto('/workspace/cohort/');
    const cohortRow = mentor.getByRole('row').filter({ has: mentor.getByRole('link', { name: `${story.adopter.name}: ${practiceTitle}` }) });
    await expect(cohortRow).toContainText('Approved');
    await expect(cohortRow.locator('td.number').nth(1)).toHaveText('0');
    await coordinator.goto('/workspace/programme/');
    await expect(coordinator.getByRole('img', { name: /Transfers per review state/ })).toBeVisible();
    await expect(coordinator.getByRole('row').filter({ has: coordinator.getByRole('link', { name: `${story.adopter.name}: ${practiceTitle}` }) })).toContainText('Approved');
    // The viewer reads the review but has no forms to use.
    await viewer.goto(`${transferUrl}review/action-plan/`);
    await expect(viewer.getByRole('button', { name: 'Record the decision' })).toHaveCount(0);
    await expect(viewer.getByText('Comment on the whole stage')).toHaveCount(0);
  });

  test('the author edits a comment and its earlier text stays readable', async ({ browser }) => {
    const mentor = await person(browser, story.mentor.email, false);
    await mentor.goto(`${transferUrl}review/action-plan/`);
    await mentor.getByText('Comment on the whole stage').click();
    await mentor.getByLabel('Your comment').first().fill('Consider the budget for the second year.');
    await mentor.getByRole('button', { name: 'Add the comment' }).first().click();
    const thread = mentor.locator('.thread').filter({ hasText: 'Consider the budget for the second year.' });
    await thread.getByRole('link', { name: 'Edit this comment' }).click();
    await mentor.locator('.thread').getByLabel('Your comment').fill('Consider the budget for the second and third year.');
    await mentor.getByRole('button', { name: 'Save the comment' }).click();
    const edited = mentor.locator('.thread').filter({ hasText: 'Consider the budget for the second and third year.' });
    await expect(edited).toContainText('edited');
    await edited.getByText('Earlier text').click();
    await expect(edited.locator('details').filter({ hasText: 'Earlier text' })).toContainText('Consider the budget for the second year.');
  });

  test('an answer sent after someone else already answered is refused, and its text is given back', async ({ browser }) => {
    const mentor = await person(browser, story.mentor.email);
    await mentor.goto(`${transferUrl}review/action-plan/`);
    await mentor.getByText('Comment on the whole stage').click();
    await mentor.getByLabel('Your comment').first().fill('Add the training budget for year two.');
    await mentor.getByLabel('This is a required change').first().check();
    await mentor.getByRole('button', { name: 'Add the comment' }).first().click();
    await expect(mentor.getByRole('status')).toContainText('Comment added');

    const editor = await person(browser, story.editor.email);
    const secondTab = await editor.context().newPage();
    const thirdTab = await editor.context().newPage();
    for (const page of [editor, secondTab, thirdTab]) await page.goto(`${transferUrl}review/action-plan/`);
    const answer = (page: Page) => page.locator('.thread').filter({ hasText: 'Add the training budget for year two.' });
    await answer(editor).getByLabel('Your answer to this required change').fill('Budget line T-2 added.');
    await answer(editor).getByRole('button', { name: 'Answer and mark addressed' }).click();
    await expect(answer(editor)).toContainText('Required change: addressed');
    await answer(secondTab).getByLabel('Your answer to this required change').fill('My colleague’s answer, typed at the same time.');
    await answer(secondTab).getByRole('button', { name: 'Answer and mark addressed' }).click();
    await expect(secondTab.getByRole('alert')).toContainText('already marked as addressed');
    await expect(secondTab.getByLabel(/What you wrote, not saved/)).toHaveValue('My colleague’s answer, typed at the same time.');
    // An answer sent empty from a page where the change is no longer open: the message is at the top, not lost with the form.
    await answer(thirdTab).getByRole('button', { name: 'Answer and mark addressed' }).click();
    await expect(thirdTab.getByRole('alert')).toContainText('Say what you changed, or why not');
    await expect(answer(thirdTab)).toContainText('Required change: addressed');

    // The same for a submission: the second one, sent from a page opened before the first, is refused and its note given back.
    for (const page of [editor, secondTab]) await page.goto(`${transferUrl}review/`);
    await editor.getByRole('form', { name: 'Action plan' }).getByLabel(/A note to your mentor/).fill('Budget for year two added.');
    await editor.getByRole('form', { name: 'Action plan' }).getByRole('button', { name: /Submit action plan/ }).click();
    await expect(editor.getByTestId('state-action-plan')).toHaveText('Resubmitted, waiting for review');
    await secondTab.getByRole('form', { name: 'Action plan' }).getByLabel(/A note to your mentor/).fill('Also sent from the other tab.');
    await secondTab.getByRole('form', { name: 'Action plan' }).getByRole('button', { name: /Submit action plan/ }).click();
    await expect(secondTab.getByRole('alert')).toContainText('already waiting for review');
    await expect(secondTab.getByLabel(/Your note, not sent/)).toHaveValue('Also sent from the other tab.');
  });

  // One test per person, so that each stays well inside the per-test timeout on a busy CI machine.
  const axeCheck = async (page: Page, paths: string[]) => {
    for (const path of paths) {
      await page.goto(path);
      const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
      expect(violations.map((v) => `${path}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    }
  };
  test('the mentor’s review pages, notifications and cohort have no axe violations', async ({ browser }) => {
    await axeCheck(await person(browser, story.mentor.email), [`${transferUrl}review/`, `${transferUrl}review/action-plan/`, `${transferUrl}review/action-plan/?version=1`, '/workspace/notifications/', '/workspace/cohort/']);
  });
  test('the editor’s review pages, notifications and account have no axe violations', async ({ browser }) => {
    await axeCheck(await person(browser, story.editor.email), [`${transferUrl}review/`, `${transferUrl}review/action-plan/`, '/workspace/notifications/', '/workspace/account/']);
  });
  test('the programme dashboard has no axe violations', async ({ browser }) => {
    await axeCheck(await person(browser, story.coordinator.email), ['/workspace/programme/']);
  });

  test('a review prints without its forms, with its comments and the rubric of each decision', async ({ browser }) => {
    const mentor = await person(browser, story.mentor.email);
    await mentor.goto(`${transferUrl}review/action-plan/`);
    // Forms on screen, none on paper.
    await expect(mentor.getByText('Comment on the whole stage')).toBeVisible();
    await mentor.emulateMedia({ media: 'print' });
    await expect(mentor.getByText('Comment on the whole stage')).toBeHidden();
    await expect(mentor.getByText('Name a person, not an office.')).toBeVisible();
    await expect(mentor.getByText('Rural districts are covered.')).toBeVisible();
    await expect(mentor.getByRole('navigation', { name: 'Versions' })).toBeHidden();
    // An earlier version stays readable, compared with the one before it.
    await mentor.emulateMedia({ media: 'screen' });
    await mentor.goto(`${transferUrl}review/action-plan/?version=2`);
    await expect(mentor.getByText('Showing version 2')).toContainText('(an earlier version)');
    await expect(mentor.getByText('Showing version 2')).toContainText('Compared with version 1 (the last one reviewed)');
  });
});

// Each of these has its own team and a submission like the demo seed's Lakeside one, waiting for the mentor.
test('the mentor comments on a core-feature decision of a submission like the seeded Lakeside one', async ({ browser, team }) => {
  await team.submitNeedsAndScope(await team.openTransfer('southern-denmark-digital-roadmap'));
  const mentor = await person(browser, team.mentor.email, false);
  await mentor.goto('/workspace/cohort/');
  await mentor.getByRole('link', { name: team.adopter.name }).click();
  await mentor.getByRole('row').filter({ hasText: 'Waiting for review' }).getByRole('link', { name: 'Needs and scope' }).click();
  const decision = mentor.locator('li').filter({ hasText: 'Cross-sector collaboration agreement' }).first();
  await decision.getByText('Comment on this decision').click();
  await decision.getByLabel('Your comment').fill('Who signs the agreement for the hospital?');
  await decision.getByRole('button', { name: 'Add the comment' }).click();
  await expect(mentor.getByRole('status')).toContainText('Comment added');
  await expect(mentor.locator('li').filter({ hasText: 'Cross-sector collaboration agreement' }).first().locator('.thread')).toContainText('Who signs the agreement for the hospital?');
});

test('a required change is discussed in its thread, answered, and reopened by the mentor', async ({ browser, team }) => {
  await team.submitNeedsAndScope(await team.openTransfer('southern-denmark-digital-roadmap'));
  const mentor = await person(browser, team.mentor.email, false);
  await mentor.goto('/workspace/cohort/');
  await mentor.getByRole('link', { name: team.adopter.name }).click();
  await mentor.getByRole('row').filter({ hasText: 'Waiting for review' }).getByRole('link', { name: 'Needs and scope' }).click();
  const reviewUrl = new URL(mentor.url()).pathname;
  const stageComment = mentor.locator('details:has(> summary:text-is("Comment on the whole stage"))');
  await stageComment.getByText('Comment on the whole stage').click();
  await stageComment.getByLabel('Your comment').fill('Say which municipalities take part first.');
  await stageComment.getByLabel('This is a required change').check();
  await stageComment.getByRole('button', { name: 'Add the comment' }).click();
  await expect(mentor.getByRole('status')).toContainText('Comment added');
  const required = (page: Page) => page.locator('.thread').filter({ hasText: 'Say which municipalities take part first.' });

  // The team asks back in the thread, then answers and marks it addressed.
  const editor = await person(browser, team.editor.email);
  await editor.goto(reviewUrl);
  await required(editor).getByText('Reply', { exact: true }).click();
  await required(editor).getByLabel('Your reply').fill('All four, or the two pilot ones?');
  await required(editor).getByRole('button', { name: 'Send the reply' }).click();
  await expect(editor.getByRole('status')).toContainText('Reply sent.');
  await expect(required(editor)).toContainText('All four, or the two pilot ones?');
  await required(editor).getByLabel('Your answer to this required change').fill('The two pilot municipalities, named in the scope.');
  await required(editor).getByRole('button', { name: 'Answer and mark addressed' }).click();
  await expect(required(editor)).toContainText('Required change: addressed');

  // The mentor is not satisfied: the change is open again, with the reason in the thread.
  await mentor.goto(reviewUrl);
  await required(mentor).getByLabel('Why it is not done yet (optional)').fill('The scope still says "all municipalities".');
  await required(mentor).getByRole('button', { name: 'Reopen the required change' }).click();
  await expect(mentor.getByRole('status')).toContainText('The required change is open again.');
  await expect(required(mentor)).toContainText('Required change: open');
  await expect(required(mentor)).toContainText('The scope still says "all municipalities".');
  await expect(mentor.locator('p.lead')).toContainText('1 required change is open.');
});
