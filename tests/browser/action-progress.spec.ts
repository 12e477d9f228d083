import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { loadActor } from '../../src/lib/server/accounts.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { fieldWithRole, statusOptions } from '../../src/lib/server/templates/registry.ts';
import { realTemplates } from '../support/templates.ts';
import { expect, test, type Team, type Transfer } from './fixtures';
import { signIn } from './support';

const registry = realTemplates();
const actions = registry.requireSection('actions');
const workshops = registry.requireSection('workshops');
const statusField = fieldWithRole(actions.section, 'status')!;
const [notStarted, inProgress = notStarted] = statusOptions(statusField).open;
const id = (section: typeof actions.section, role: 'title' | 'owner' | 'status' | 'start' | 'end') => fieldWithRole(section, role)!.id;
const todayIso = new Date().toISOString().slice(0, 10);

/** An action and a workshop, written by the team's editor with the workspace's own command. */
async function plan(db: Db, team: Team, transfer: Transfer, title: string) {
  const editor = await loadActor(db, team.editor.id);
  const t = (await loadTransfer(db, transfer.id))!;
  const action = await saveEntry(db, editor, t, { template: actions.kind, section: actions.section }, { values: { [id(actions.section, 'title')]: title, [id(actions.section, 'owner')]: 'ICT team', [id(actions.section, 'status')]: notStarted, [id(actions.section, 'start')]: '2026-01-01', [id(actions.section, 'end')]: '2027-12-31' } }, {}, { ip: 'test' });
  const workshop = await saveEntry(db, editor, t, { template: workshops.kind, section: workshops.section }, { values: { [id(workshops.section, 'title')]: `Workshop for ${title}`, [fieldWithRole(workshops.section, 'start')!.id]: '2026-11-20' } }, {}, { ip: 'test' });
  if (!action.ok || !workshop.ok) throw new Error('the test plan was refused');
  return { actionUrl: `${transfer.url}actions/${action.entryId}/`, workshopUrl: `${transfer.url}workshops/${workshop.entryId}/`, planUrl: `${transfer.url}${actions.kind}/` };
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`an editor records progress on an action, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });
    test('the update becomes the action’s latest on the plan and the first of its history', async ({ page, team, portalDb }) => {
      const tag = javaScriptEnabled ? 'js' : 'nojs';
      const transfer = await team.openTransfer();
      const urls = await plan(portalDb, team, transfer, `Connect GP systems (${tag})`);
      await signIn(page, team.editor.email);
      await page.goto(urls.planUrl);
      await expect(page.locator('.action-progress')).toContainText('No update yet');
      await page.getByRole('link', { name: /Progress \(0 updates\)/ }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Connect GP systems (${tag})`);
      await expect(page.getByLabel('Date (required)')).toHaveValue(todayIso);

      // A day after today is refused; what was typed stays.
      await page.getByLabel('Date (required)').fill('2100-01-01');
      await page.getByLabel(`${statusField.label} (required)`).selectOption(inProgress);
      await page.getByLabel('Percent done').fill('40');
      await page.getByLabel('What was done').fill(`Contract signed\nwith the vendor (${tag})`);
      await page.getByRole('button', { name: 'Save the update' }).click();
      await expect(page.getByRole('alert')).toContainText('Please correct');
      await expect(page.locator('#u-onDate-error')).toContainText('cannot be after today');
      await expect(page.getByLabel('What was done')).toHaveValue(`Contract signed\nwith the vendor (${tag})`);

      await page.getByLabel('Date (required)').fill(todayIso);
      await page.getByRole('button', { name: 'Save the update' }).click();
      await expect(page.getByRole('status')).toContainText('Update saved');
      const history = page.locator('#history');
      await expect(history.getByRole('heading')).toHaveText('History (1 update)');
      await expect(history.locator('li').first()).toContainText(`${todayIso}: ${inProgress}, 40 % done`);
      await expect(history.locator('li').first()).toContainText(`with the vendor (${tag})`);

      await page.getByRole('link', { name: 'Back to the action plan' }).click();
      const line = page.locator('.action-progress');
      await expect(line).toContainText(`Latest update ${todayIso}: ${inProgress}, 40 %. Contract signed`);
      await expect(line).not.toContainText('with the vendor');
      await expect(line.getByRole('link', { name: /Progress \(1 update\)/ })).toBeVisible();
    });
  });
}

test('a viewer reads the progress, the workshop and the implementation page but gets no form', async ({ page, team, portalDb }) => {
  const transfer = await team.openTransfer();
  const urls = await plan(portalDb, team, transfer, 'Train nurses');
  await signIn(page, team.viewer.email);
  await page.goto(urls.actionUrl);
  await expect(page.getByRole('heading', { name: 'History (0 updates)' })).toBeVisible();
  await expect(page.locator('main form')).toHaveCount(0);
  await page.goto(urls.workshopUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Workshop for Train nurses');
  await expect(page.locator('main form')).toHaveCount(0);
  await page.goto(`${transfer.url}monitoring/`);
  await expect(page.getByRole('link', { name: 'Workshop for Train nurses' })).toBeVisible();
});

test('an editor re-assesses maturity at a workshop and sees it beside the baseline', async ({ page, team, portalDb }) => {
  const transfer = await team.openTransfer();
  const urls = await plan(portalDb, team, transfer, 'Shared plans');
  await signIn(page, team.editor.email);
  await page.goto(urls.workshopUrl);
  await page.getByLabel(/^Score for Readiness to change at this workshop/).selectOption('4');
  await page.getByRole('button', { name: 'Save the re-assessment' }).click();
  await expect(page.getByRole('status')).toContainText('Re-assessment saved');
  await expect(page.locator('table').first().getByRole('row', { name: /Readiness to change/ })).toContainText('4');
});

async function axe(page: Page, path: string) {
  await page.goto(path);
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

test('the action, workshop and implementation pages have no axe violations, and the implementation page fits a phone', async ({ browser, team, portalDb }) => {
  // Four pages through axe: slow on two shared cores.
  test.slow();
  const transfer = await team.openTransfer();
  const urls = await plan(portalDb, team, transfer, 'Open the shared record');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, team.editor.email);
  await page.goto(urls.actionUrl);
  await page.getByLabel(`${statusField.label} (required)`).selectOption(inProgress);
  await page.getByLabel('What was done').fill('Kick-off held');
  await page.getByRole('button', { name: 'Save the update' }).click();
  await expect(page.getByRole('status')).toContainText('Update saved');
  for (const path of [urls.actionUrl, urls.workshopUrl, `${transfer.url}monitoring/`, urls.planUrl]) await axe(page, path);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(`${transfer.url}monitoring/`);
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
  await context.close();
});
