import AxeBuilder from '@axe-core/playwright';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test, type Team, type Transfer } from './fixtures';
import { demoPassword, endSession, signIn, openAddForms } from './support';

// Each test has its own team and transfer (the adopter taking up the Shared Care Platform), so they run in parallel.

/** Opens the team's transfer from the list of transfers, as the editor would. */
async function openFromList(page: Page, team: Team, transfer: Transfer) {
  await page.goto('/workspace/transfers/');
  await page.locator('li.card').filter({ hasText: team.adopter.name }).getByRole('link', { name: /Shared Care Platform/ }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(team.adopter.name);
  expect(new URL(page.url()).pathname).toBe(transfer.url);
  return page.url();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`an editor plans a transfer, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('needs, maturity, SWOT and action plan, traced from need to indicator and exported', async ({ page, team }) => {
      const tag = javaScriptEnabled ? 'js' : 'nojs';
      const transfer = await team.openTransfer();
      await signIn(page, team.editor.email);
      const overview = await openFromList(page, team, transfer);

      // Core features: adapt one, with the reason the form asks for.
      const featureId = javaScriptEnabled ? 'one-screen-overview' : 'patient-access';
      const feature = page.locator(`#feature-${featureId}`);
      await feature.getByLabel('Adapt', { exact: true }).check();
      await feature.getByRole('button', { name: 'Save decision' }).click();
      await expect(feature.locator('.form-errors')).toContainText('Please correct');
      await feature.getByLabel('Adapt', { exact: true }).check();
      await feature.getByLabel(/How you adapt it/).fill(`Start with two sectors (${tag})`);
      await feature.getByRole('button', { name: 'Save decision' }).click();
      await expect(feature).toContainText(`Decision: Adapt: Start with two sectors (${tag})`);

      // Needs and scope.
      await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'Needs and scope' }).click();
      await openAddForms(page);
      const needForm = page.locator('form.entry-form').filter({ has: page.locator('[name="f.priority"]') });
      const longText = `Patients with heart failure repeat their story to every sector (${tag}). `.repeat(20);
      await needForm.getByLabel('Need (required)').fill(longText);
      await needForm.getByRole('button', { name: 'Add' }).click();
      // Priority is required: the long text survives the failed validation.
      await expect(page.getByRole('alert').first()).toContainText('Please correct');
      const again = page.locator('form.entry-form').filter({ has: page.locator('[name="f.priority"]') }).first();
      await expect(again.getByLabel('Need (required)')).toHaveValue(longText);
      await again.getByLabel('Priority (required)').selectOption('High');
      await again.getByLabel('Shared treatment plan with goals').check();
      await again.getByRole('button', { name: 'Add' }).click();
      await expect(page.getByRole('status')).toContainText('Saved');

      // Maturity: two scores.
      await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'Maturity self-assessment' }).click();
      await page.getByLabel('Score for Readiness to change').selectOption('3');
      await page.getByLabel('Justification for Readiness to change').fill(`Political backing (${tag})`);
      await page.getByLabel('Score for Digital infrastructure (eHealth services)').selectOption('2');
      await page.getByRole('button', { name: 'Save the assessment' }).click();
      await expect(page.getByRole('status')).toContainText('Saved');
      await expect(page.getByLabel('Score for Readiness to change')).toHaveValue('3');
      await expect(page.getByRole('img', { name: /Maturity scores/ })).toBeVisible();

      // SWOT: a weakness linked to the need, with the guiding questions at hand.
      await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'SWOT analysis' }).click();
      await expect(page.getByText('Guiding questions for weaknesses')).toBeVisible();
      await openAddForms(page);
      const weak = page.getByRole('form', { name: 'Add to Weaknesses' });
      await weak.getByLabel('Statement (required)').fill(`No shared record between sectors (${tag})`);
      await weak.getByLabel('Impact (required)').fill('5');
      await weak.getByLabel('Raised by').selectOption('General practice');
      await weak.getByRole('checkbox', { name: /Patients with heart failure/ }).first().check();
      await weak.getByRole('button', { name: 'Add' }).click();
      await expect(page.locator('#swot-item-weaknesses')).toContainText(`No shared record between sectors (${tag})`);

      // Action plan: objective → action and KPI, plus a risk.
      await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'Action plan' }).click();
      await openAddForms(page);
      const objective = page.locator('form.entry-form').filter({ has: page.locator('[name="f.measure"]') });
      await objective.getByLabel('Objective (required)').fill(`One shared plan per heart-failure patient (${tag})`);
      await objective.getByLabel(/Measure/).fill('Share of patients with a shared plan');
      await objective.getByLabel(/Target date/).fill('2027-12-31');
      await objective.getByRole('checkbox', { name: /Patients with heart failure/ }).first().check();
      await objective.getByRole('button', { name: 'Add' }).click();
      await expect(page.getByRole('status')).toContainText('Saved');
      await openAddForms(page);
      const action = page.locator('form.entry-form').filter({ has: page.locator('[name="f.percent-done"]') });
      await action.getByLabel('Action (required)').fill(`Connect the GP system (${tag})`);
      await action.getByLabel('Owner (required)').fill('Regional IT office');
      await action.getByLabel('Status (required)').selectOption('In progress');
      await action.getByLabel(/Percent done/).fill('150');
      await action.getByRole('checkbox', { name: /One shared plan/ }).first().check();
      await action.getByRole('button', { name: 'Add' }).click();
      await expect(page.getByText('Percent done: at most 100.')).toBeVisible();
      const actionAgain = page.locator('form.entry-form').filter({ has: page.locator('[name="f.percent-done"]') });
      await expect(actionAgain.getByLabel('Action (required)')).toHaveValue(`Connect the GP system (${tag})`);
      await actionAgain.getByLabel(/Percent done/).fill('40');
      await actionAgain.getByLabel('Start', { exact: true }).fill('2027-01-15');
      await actionAgain.getByLabel('End', { exact: true }).fill('2027-05-31');
      await actionAgain.getByRole('button', { name: 'Add' }).click();
      await expect(page.getByRole('status')).toContainText('Saved');
      await expect(page.getByRole('img', { name: /Timeline of \d+ dated actions?/ })).toBeVisible();
      await openAddForms(page);
      const kpi = page.locator('form.entry-form').filter({ has: page.locator('[name="f.data-source"]') });
      await kpi.getByLabel('Indicator (required)').fill(`Patients with a shared plan (${tag})`);
      await kpi.getByLabel('Type (required)').selectOption('Process');
      await kpi.getByRole('checkbox', { name: /One shared plan/ }).first().check();
      await kpi.getByRole('button', { name: 'Add' }).click();
      await expect(page.getByRole('status')).toContainText('Saved');

      // Traceability: the chain, end to end.
      await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'Traceability' }).click();
      const chain = page.locator('[data-need]').filter({ hasText: `(${tag})` }).first();
      await expect(chain).toContainText(`No shared record between sectors (${tag})`);
      await expect(chain).toContainText(`One shared plan per heart-failure patient (${tag})`);
      await expect(chain).toContainText(`Connect the GP system (${tag})`);
      await expect(chain).toContainText(`Patients with a shared plan (${tag})`);

      // Exports.
      await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'Print view and exports' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toContainText('adopting');
      const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'whole transfer (JSON)' }).click()]);
      const data = JSON.parse(await readFile((await json.path())!, 'utf8'));
      expect(JSON.stringify(data.records['action-plan'].actions)).toContain(`Connect the GP system (${tag})`);
      expect(data.coreFeatures).toEqual(expect.arrayContaining([expect.objectContaining({ id: featureId, decision: 'adapt' })]));
      const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'action plan (CSV)' }).click()]);
      const text = await readFile((await csv.path())!, 'utf8');
      expect(text.split('\r\n')[0]).toContain('"template","section","group"');
      expect(text).toContain(`"Connect the GP system (${tag})"`);
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByRole('navigation', { name: 'This transfer' })).toBeHidden();
      expect((await page.pdf({ format: 'A4' })).byteLength).toBeGreaterThan(10_000);
      expect(overview).toContain('/workspace/transfers/');
    });
  });
}

test('two editors change the same SWOT item: the second sees both versions and chooses', async ({ browser, team }) => {
  const transfer = await team.openTransfer();
  const first = await (await browser.newContext()).newPage();
  const second = await (await browser.newContext()).newPage();
  await signIn(first, team.editor.email);
  await openFromList(first, team, transfer);
  await first.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'SWOT analysis' }).click();
  await openAddForms(first);
  const add = first.getByRole('form', { name: 'Add to Threats' });
  await add.getByLabel('Statement (required)').fill('Funding ends in 2028');
  await add.getByLabel('Impact (required)').fill('3');
  await add.getByRole('button', { name: 'Add' }).click();
  const item = first.locator('#swot-item-threats li').filter({ hasText: 'Funding ends in 2028' });
  const editUrl = await item.getByRole('link', { name: /Edit/ }).getAttribute('href');

  // Both open the edit form of the same version.
  await first.goto(editUrl!);
  await signIn(second, team.editor.email);
  await second.goto(editUrl!);
  await first.getByLabel('Statement (required)').fill('Funding ends in 2028 unless renewed');
  await first.getByRole('button', { name: 'Save' }).click();
  await expect(first.getByRole('status')).toContainText('Saved');

  await second.getByLabel('Statement (required)').fill('Project funding is short-term');
  await second.getByRole('button', { name: 'Save' }).click();
  await expect(second.getByRole('alert')).toContainText('Someone else saved this after you opened it');
  await expect(second.getByRole('region', { name: 'Saved by someone else' })).toContainText('Funding ends in 2028 unless renewed');
  await expect(second.getByRole('region', { name: 'Yours, not saved yet' })).toContainText('Project funding is short-term');
  await expect(second.getByLabel('Statement (required)')).toHaveValue('Project funding is short-term');
  // Keep mine.
  await second.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(second.getByRole('status')).toContainText('Saved');
  await expect(second.locator('#swot-item-threats')).toContainText('Project funding is short-term');
  await expect(second.locator('#swot-item-threats')).not.toContainText('unless renewed');
});

test('text typed while the session expires is kept through sign-in and saved after', async ({ browser, team }) => {
  const transfer = await team.openTransfer();
  const page = await (await browser.newContext()).newPage();
  await signIn(page, team.editor.email);
  await openFromList(page, team, transfer);
  await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'SWOT analysis' }).click();
  await openAddForms(page);
  const add = page.getByRole('form', { name: 'Add to Opportunities' });
  const longText = 'A national programme for shared care records could fund the regional platform. '.repeat(12).trim();
  await add.getByLabel('Statement (required)').fill(longText);
  await add.getByLabel('Impact (required)').fill('4');

  // Meanwhile the session times out (12 hours idle).
  const token = (await page.context().cookies()).find((c) => c.name === 'session')!.value;
  endSession(token.split('.')[0]);

  await add.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('status')).toContainText('Your session ended before your changes were saved');
  await page.getByLabel('E-mail address').fill(team.editor.email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Send your changes' })).toBeVisible();
  await expect(page.getByText(longText)).toBeVisible();
  await page.getByRole('button', { name: 'Save my changes' }).click();
  await expect(page.locator('#swot-item-opportunities')).toContainText(longText);
});

test('with JavaScript, adding and reordering happen in place, and a draft survives a reload', async ({ page, team }) => {
  const transfer = await team.openTransfer();
  await signIn(page, team.editor.email);
  await openFromList(page, team, transfer);
  await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'SWOT analysis' }).click();
  await page.evaluate(() => ((window as unknown as { stayed: boolean }).stayed = true));
  for (const text of ['In place one', 'In place two']) {
    await openAddForms(page);
    const add = page.getByRole('form', { name: 'Add to Strengths' });
    await add.getByLabel('Statement (required)').fill(text);
    await add.getByLabel('Impact (required)').fill('2');
    await add.getByRole('button', { name: 'Add' }).click();
    await expect(page.locator('#swot-item-strengths')).toContainText(text);
  }
  const order = () => page.locator('#swot-item-strengths .entry-main').allTextContents();
  const before = await order();
  const last = before.length;
  await page.locator('#swot-item-strengths').getByRole('button', { name: `Move up item ${last}` }).click();
  await expect.poll(order).toEqual([...before.slice(0, last - 2), before[last - 1], before[last - 2]]);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // Dragging puts a record where it is dropped (the buttons are the keyboard's way), and the server keeps that order.
  const moved = await order();
  const items = page.locator('#swot-item-strengths .entry-list > li');
  // The answer to a drop replaces the page's main part: wait for that before the next drag.
  const markMain = () => page.evaluate(() => (document.querySelector('main')!.dataset.before = 'drop'));
  const answered = () => expect(page.locator('main:not([data-before])')).toHaveCount(1);
  await markMain();
  const from = (await items.last().locator('.entry-main').boundingBox())!;
  const to = (await items.first().locator('.entry-main').boundingBox())!;
  await page.mouse.move(from.x + 5, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + 5, to.y + 2, { steps: 20 });
  await page.mouse.up();
  const dragged = [moved[moved.length - 1], ...moved.slice(0, -1)];
  await expect.poll(order).toEqual(dragged);
  // The order the server now renders, read the way a second visitor would.
  const serverOrder = async () => {
    const html = await (await page.request.get(page.url())).text();
    const at = dragged.map((text) => html.indexOf(`<p class="entry-main">${text}</p>`));
    return at.every((p, i) => p > 0 && (i === 0 || p > at[i - 1]));
  };
  await expect.poll(serverOrder).toBe(true);
  await answered();
  // Dropped below the last record, the first one becomes the last.
  await markMain();
  const top = (await items.first().locator('.entry-main').boundingBox())!;
  const bottom = (await items.last().locator('.entry-main').boundingBox())!;
  await page.mouse.move(top.x + 5, top.y + top.height / 2);
  await page.mouse.down();
  await page.mouse.move(bottom.x + 5, bottom.y + bottom.height + 20, { steps: 20 });
  await page.mouse.up();
  dragged.push(dragged.shift()!);
  await expect.poll(order).toEqual(dragged);
  await expect.poll(serverOrder).toBe(true);
  await answered();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // Editing opens the record's form over the list; saving updates the list without leaving the page.
  const strengths = page.locator('#swot-item-strengths');
  await strengths.locator('li').filter({ hasText: 'In place one' }).getByRole('link', { name: /Edit/ }).click();
  const editor = page.getByRole('dialog', { name: /Edit/ });
  await expect(editor.getByLabel('Statement (required)')).toHaveValue('In place one');
  const { violations } = await new AxeBuilder({ page }).include('dialog').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
  await editor.getByRole('button', { name: 'Cancel' }).click();
  await expect(editor).toHaveCount(0);
  await strengths.locator('li').filter({ hasText: 'In place one' }).getByRole('link', { name: /Edit/ }).click();
  // A failed check keeps the dialog open, with the error next to the field.
  await page.getByRole('dialog').getByLabel('Statement (required)').fill('');
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog').getByText('Statement is required.')).toBeVisible();
  await expect(page).toHaveURL(/\/swot\//);
  await page.getByRole('dialog').getByLabel('Statement (required)').fill('In place one, edited in place');
  await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  // Focus returns to the record just edited.
  await expect(page.locator(':focus')).toHaveAttribute('data-edit-inline', '');
  await expect(strengths).toContainText('In place one, edited in place');
  await expect(page).toHaveURL(/\/swot\/\?saved=1/);
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);

  // A form too large for the server is refused in place, with the reason, and nothing typed is lost.
  await openAddForms(page);
  const huge = page.getByRole('form', { name: 'Add to Opportunities' });
  await huge.getByLabel('Statement (required)').fill('A very long piece of evidence');
  await huge.getByLabel('Impact (required)').fill('2');
  await huge.getByLabel('Evidence').fill('e'.repeat(1024 * 1024 + 100));
  await huge.getByRole('button', { name: 'Add' }).click();
  await expect(huge.getByRole('alert')).toContainText('larger than the workspace accepts');
  await expect(huge.getByLabel('Statement (required)')).toHaveValue('A very long piece of evidence');
  expect(await huge.getByLabel('Evidence').evaluate((t: HTMLTextAreaElement) => t.value.length)).toBe(1024 * 1024 + 100);
  await expect(huge.getByRole('button', { name: 'Add' })).toBeEnabled();
  expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
  await huge.getByLabel('Evidence').fill('');

  // A draft typed and left unsent comes back after a reload.
  await openAddForms(page);
  const draft = page.getByRole('form', { name: 'Add to Threats' });
  await draft.getByLabel('Statement (required)').fill('Half-written thought about funding');
  await page.reload();
  await expect(page.getByRole('form', { name: 'Add to Threats' }).getByLabel('Statement (required)')).toHaveValue('Half-written thought about funding');
  await expect(page.getByRole('form', { name: 'Add to Threats' }).getByRole('status')).toContainText('unsaved draft');
});

test('saving a record someone else deleted meanwhile gives the text back', async ({ browser, team }) => {
  const transfer = await team.openTransfer();
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(page, team.editor.email);
  const overview = await openFromList(page, team, transfer);
  const add = page.getByRole('form', { name: 'Add to Weaknesses' });
  await page.goto(`${overview}swot/`);
  await openAddForms(page);
  await add.getByLabel('Statement (required)').fill('Soon to be deleted');
  await add.getByLabel('Impact (required)').fill('1');
  await add.getByRole('button', { name: 'Add' }).click();
  const item = page.locator('#swot-item-weaknesses li').filter({ hasText: 'Soon to be deleted' });
  await item.getByRole('link', { name: /Edit/ }).click();
  await page.getByLabel('Statement (required)').fill('My careful rewording of the weakness');
  // Meanwhile, in another tab, the record is deleted.
  const other = await page.context().newPage();
  await other.goto(`${overview}swot/`);
  await other.locator('#swot-item-weaknesses li').filter({ hasText: 'Soon to be deleted' }).getByRole('link', { name: /Delete/ }).click();
  await other.getByRole('button', { name: /^Delete/ }).click();
  await expect(other.locator('#swot-item-weaknesses')).not.toContainText('Soon to be deleted');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('alert')).toContainText('This item was deleted by someone else, so your changes were not saved.');
  await expect(page.getByLabel(/What you wrote, not saved/)).toHaveValue('My careful rewording of the weakness\n\n1');
});

test('a long list shows its first 50 records and links to all of them', async ({ page, team }) => {
  const transfer = await team.openTransfer();
  await signIn(page, team.editor.email);
  const overview = await openFromList(page, team, transfer);
  const swot = `${overview}swot/`;
  // Fill a quadrant quickly through the same form posts a person makes (the session cookie goes along).
  for (let i = 1; i <= 52; i++) {
    const res = await page.request.post(swot, { form: { intent: 'save', section: 'swot-item', grouping: 'opportunities', version: '0', 'f.statement': `Bulk opportunity ${i}`, 'f.impact': '1' }, headers: { Origin: new URL(swot).origin }, maxRedirects: 0 });
    expect(res.status()).toBe(303);
  }
  await page.goto(swot);
  const quadrant = page.locator('#swot-item-opportunities');
  await expect(quadrant.locator('.entry-list > li')).toHaveCount(50);
  const showAll = quadrant.getByRole('link', { name: /Show all \d+ items/ });
  const total = Number((await showAll.textContent())!.match(/Show all (\d+) items/)![1]);
  // The team's own transfer: exactly the records added here.
  expect(total).toBe(52);
  await showAll.click();
  await expect(page.locator('#swot-item-opportunities .entry-list > li')).toHaveCount(total);
  await expect(page.locator('#swot-item-opportunities')).toContainText('Bulk opportunity 52');
  await expect(page.locator('#swot-item-opportunities').getByRole('link', { name: /Show all/ })).toHaveCount(0);
  // Reordering within the whole list keeps the whole list on screen.
  const lastText = await page.locator('#swot-item-opportunities .entry-main').last().textContent();
  await page.locator('#swot-item-opportunities').getByRole('button', { name: `Move up item ${total}`, exact: true }).click();
  await expect(page.locator('#swot-item-opportunities .entry-main').nth(total - 2)).toHaveText(lastText!);
  await expect(page.locator('#swot-item-opportunities .entry-list > li')).toHaveCount(total);
});

test('a viewer and the assigned mentor read the plan but get no forms', async ({ page, team }) => {
  const transfer = await team.openTransfer();
  await signIn(page, team.viewer.email);
  await openFromList(page, team, transfer);
  await page.getByRole('link', { name: 'SWOT analysis' }).click();
  await expect(page.getByRole('heading', { name: 'Strengths' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Add' })).toHaveCount(0);
});

test('a coordinator opens a transfer for an organisation with a mentor', async ({ page, team }) => {
  await signIn(page, team.coordinator.email);
  await page.goto('/workspace/transfers/');
  await page.getByRole('button', { name: 'Open the transfer' }).click();
  await expect(page.getByText('Choose the adopting organisation.')).toBeVisible();
  await page.getByLabel('Adopting organisation').selectOption({ label: team.adopter.name });
  await page.getByLabel('Good practice').selectOption({ label: 'The OptiMedis model: integrated population-based care' });
  await page.getByLabel(team.mentor.name).check();
  await page.getByRole('button', { name: 'Open the transfer' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(team.adopter.name);
  await expect(page.getByText(`Mentors: ${team.mentor.name}`)).toBeVisible();
});

test('transfer pages have no axe violations', async ({ browser, team }) => {
  const transfer = await team.openTransfer();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, team.editor.email);
  const overview = await openFromList(page, team, transfer);
  for (const path of ['', 'needs-scope/', 'swot/', 'maturity/', 'action-plan/', 'trace/', 'print/']) {
    await page.goto(`${overview}${path}`);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${path}: ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  }
  await context.close();
});

test('the print view lists the SWOT in the template’s order of quadrants, with their names', async ({ browser, team }) => {
  const transfer = await team.openTransfer();
  const page = await (await browser.newContext()).newPage();
  await signIn(page, team.editor.email);
  const overview = await openFromList(page, team, transfer);
  await page.goto(`${overview}swot/`);
  // Added in the other order; "opportunities" also comes before "weaknesses" alphabetically, the template puts it after.
  for (const [quadrant, text] of [['Opportunities', 'A regional fund for shared records'], ['Weaknesses', 'No shared record between sectors']]) {
    await openAddForms(page);
    const form = page.getByRole('form', { name: `Add to ${quadrant}` });
    await form.getByLabel('Statement (required)').fill(text);
    await form.getByLabel('Impact (required)').fill('3');
    await form.getByRole('button', { name: 'Add' }).click();
    // The record in its list, not only "Saved" (the first add's notice is still on the page during the second).
    await expect(page.locator('ol.entry-list li').filter({ hasText: text })).toBeVisible();
  }
  await page.goto(`${overview}print/`);
  const swot = page.locator('section').filter({ has: page.getByRole('heading', { name: 'SWOT analysis', level: 2 }) });
  await expect(swot.getByRole('heading', { level: 3 })).toHaveText(['Strengths', 'Weaknesses', 'Opportunities', 'Threats']);
  await expect(swot.locator('li')).toHaveText([/No shared record between sectors/, /A regional fund for shared records/]);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });
  test('no transfer page scrolls sideways, and the workspace home names the forms', async ({ browser, team }) => {
    const transfer = await team.openTransfer();
    const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(page, team.editor.email);
    await expect(page.getByText('Open your transfers: Needs and scope, SWOT analysis, Maturity self-assessment, Action plan, PDSA cycles and workshops, Progress reports, Post-implementation report.')).toBeVisible();
    const overview = await openFromList(page, team, transfer);
    for (const path of ['', 'needs-scope/', 'swot/', 'maturity/', 'action-plan/', 'pdsa/', 'progress-report/', 'post-implementation/', 'trace/', 'print/', 'review/', 'review/needs-scope/']) {
      await page.goto(`${overview}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path || 'overview'} scrolls sideways`).toBeLessThanOrEqual(0);
    }
    // With no needs yet, the trace points to the form that records them.
    await page.goto(`${overview}trace/`);
    await page.getByText('No needs recorded yet.').getByRole('link', { name: 'needs and scope', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Needs and scope');
  });
});
