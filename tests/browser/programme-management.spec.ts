import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { expect, test, type Person, type Team } from './fixtures';
import { signIn } from './support';

async function person(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signIn(page, email);
  return page;
}

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

/** A second mentor of the team's early adopter, named with the team's tag so that removeTeam deletes them too. */
async function secondMentor(db: Db, team: Team): Promise<Person> {
  const id = crypto.randomUUID();
  const p: Person = { id, email: `mentor2-${team.tag}@test.example`, name: `Second mentor ${team.tag}` };
  await db.insert(schema.user).values({ id, email: p.email, name: p.name });
  await db.insert(schema.membership).values({ id: crypto.randomUUID(), userId: id, organisationId: team.mentoring.id, role: 'mentor' });
  return p;
}

test('a coordinator adds a mentor, pauses and resumes, closes and reopens a transfer', async ({ browser, team, portalDb }) => {
  const transfer = await team.openTransfer();
  const other = await secondMentor(portalDb, team);
  const coordinator = await person(browser, team.coordinator.email);
  await coordinator.goto(transfer.url);
  await coordinator.getByRole('link', { name: 'Manage this transfer' }).click();
  await expect(coordinator.getByRole('heading', { level: 1, name: 'Manage the transfer' })).toBeVisible();
  await expectNoAxeViolations(coordinator);

  // Add a mentor: they are listed and told.
  await coordinator.getByLabel('Add a mentor').selectOption({ label: `${other.name} (${team.mentoring.name})` });
  await coordinator.getByRole('button', { name: 'Add the mentor' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The mentor is added');
  await expect(coordinator.getByRole('button', { name: `Remove ${other.name} as a mentor` })).toBeVisible();

  // Pause, with a reason: every page of the transfer says so, and the editor cannot add anything.
  await coordinator.getByLabel(/^Reason/).first().fill('Waiting for the new budget');
  await coordinator.getByRole('button', { name: 'Pause the transfer' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The transfer is paused.');
  const editor = await person(browser, team.editor.email);
  await editor.goto(`${transfer.url}swot/`);
  await expect(editor.getByRole('note')).toContainText('This transfer is paused');
  await expect(editor.getByRole('note')).toContainText('Waiting for the new budget');
  await expect(editor.getByRole('button', { name: /^Add/ })).toHaveCount(0);
  await coordinator.getByRole('button', { name: 'Resume the transfer' }).click();
  await expect(coordinator.getByRole('status')).toContainText('active again');
  await editor.goto(`${transfer.url}swot/`);
  await expect(editor.getByRole('note')).toHaveCount(0);

  // Close: the mentor's active count drops (their cohort is this transfer alone) and the transfer leaves the
  // programme dashboard (whose count other tests change at the same time); reopen: it is back.
  const mentor = await person(browser, team.mentor.email);
  await mentor.goto('/workspace/cohort/');
  await expect(mentor.locator('[data-active-count]')).toHaveAttribute('data-active-count', '1');
  await coordinator.goto('/workspace/programme/');
  await expect(coordinator.locator(`tr[data-transfer="${transfer.id}"]`)).toHaveCount(1);
  await coordinator.goto(`${transfer.url}manage/`);
  await coordinator.getByLabel(/^Reason/).last().fill('The region left the programme');
  await coordinator.getByRole('button', { name: 'Close the transfer' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The transfer is closed.');
  await coordinator.goto('/workspace/programme/');
  await expect(coordinator.locator(`tr[data-transfer="${transfer.id}"]`)).toHaveCount(0);
  await expect(coordinator.locator('[data-uncounted]')).toContainText('not counted here');
  await mentor.goto('/workspace/cohort/');
  await expect(mentor.locator('[data-active-count]')).toHaveAttribute('data-active-count', '0');
  await expect(mentor.locator('[data-uncounted]')).toContainText('1 closed or archived transfer is not shown here');
  await mentor.goto(transfer.url);
  await expect(mentor.getByRole('note')).toContainText('This transfer is closed');
  await expect(mentor.getByRole('note')).toContainText('The region left the programme');

  // Archived: gone from the default list of transfers, found with the filter.
  await coordinator.goto(`${transfer.url}manage/`);
  await coordinator.getByRole('button', { name: 'Archive the transfer' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The transfer is archived.');
  await coordinator.goto('/workspace/transfers/');
  await expect(coordinator.locator(`[data-transfer="${transfer.id}"]`)).toHaveCount(0);
  await coordinator.getByRole('link', { name: 'Archived', exact: true }).click();
  await expect(coordinator.locator(`[data-transfer="${transfer.id}"]`)).toContainText('Archived');
  await expectNoAxeViolations(coordinator);

  await coordinator.goto(`${transfer.url}manage/`);
  await coordinator.getByRole('button', { name: 'Reopen the transfer' }).click();
  await expect(coordinator.getByRole('status')).toContainText('reopened');
  await mentor.goto('/workspace/cohort/');
  await expect(mentor.locator('[data-active-count]')).toHaveAttribute('data-active-count', '1');
  await expect(mentor.locator(`tr[data-transfer="${transfer.id}"]`)).toHaveCount(1);
});

test('a coordinator renames an organisation and a person, then finds both in the audit log and downloads it as CSV', async ({ browser, team }) => {
  const coordinator = await person(browser, team.coordinator.email);
  await coordinator.goto('/admin/');
  await coordinator.getByRole('link', { name: 'Organisations' }).click();
  await expectNoAxeViolations(coordinator);
  const row = coordinator.locator(`tr[data-organisation="${team.adopter.id}"]`);
  await row.getByText('Rename').click();
  await row.getByLabel('New name').fill(`Fjord Health ${team.tag}`);
  await row.getByRole('button', { name: 'Save the name' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The organisation is renamed.');
  await expect(coordinator.locator(`tr[data-organisation="${team.adopter.id}"]`)).toContainText(`Fjord Health ${team.tag}`);

  await coordinator.goto('/admin/users/');
  const editorRow = coordinator.locator(`tr[data-user="${team.editor.email}"]`);
  await editorRow.getByText('Edit name').click();
  await editorRow.getByLabel('Name', { exact: true }).fill(`Ana Díaz ${team.tag}`);
  await editorRow.getByRole('button', { name: 'Save the name' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The name is changed.');
  await expect(coordinator.locator(`tr[data-user="${team.editor.email}"]`)).toContainText(`Ana Díaz ${team.tag}`);
  // A mentor's row (one possible role) shows the role as text, no menu without a button.
  const mentorRow = coordinator.locator(`tr[data-user="${team.mentor.email}"]`);
  await expect(mentorRow.getByRole('combobox')).toHaveCount(0);
  await expect(mentorRow).toContainText(`${team.mentoring.name}: mentor`);
  await expectNoAxeViolations(coordinator);

  // The audit log, filtered by person and action: names and a sentence, not ids and JSON.
  await coordinator.goto('/admin/audit/');
  await coordinator.getByLabel('Person').selectOption({ label: `${team.coordinator.name} (${team.coordinator.email})` });
  await coordinator.getByLabel('Action').selectOption('user.rename');
  await coordinator.getByRole('button', { name: 'Filter' }).click();
  await expect(coordinator).toHaveURL(/action=user\.rename/);
  const events = coordinator.locator('tr[data-event]');
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText(`Name changed from “Editor ${team.tag}” to “Ana Díaz ${team.tag}”.`);
  await expect(events.first()).toContainText(`Person Ana Díaz ${team.tag}`);
  await expect(events.first()).not.toContainText(team.editor.id);
  await expectNoAxeViolations(coordinator);
  // By target name, across kinds: the organisation's rename.
  await coordinator.goto(`/admin/audit/?target=${encodeURIComponent(`Fjord Health ${team.tag}`)}`);
  await expect(coordinator.locator('tr[data-event]').first()).toContainText(`Renamed from “${team.adopter.name}” to “Fjord Health ${team.tag}”.`);

  await coordinator.goto(`/admin/audit/?actor=${team.coordinator.id}&action=user.rename`);
  const [download] = await Promise.all([coordinator.waitForEvent('download'), coordinator.getByRole('link', { name: /Download these events as CSV/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await download.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`"${team.coordinator.name}"`);
  expect(lines[1]).toContain(`Ana Díaz ${team.tag}`);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('opening a second transfer of the same organisation and practice asks for a confirmation that links the first', async ({ page, team }) => {
    const first = await team.openTransfer();
    await signIn(page, team.coordinator.email);
    await page.goto('/workspace/transfers/');
    const open = page.getByRole('region', { name: 'Open a transfer' });
    await open.getByLabel('Adopting organisation').selectOption({ label: team.adopter.name });
    await open.getByLabel('Good practice').selectOption({ label: first.practiceTitle });
    await open.getByLabel(`${team.mentor.name} (${team.mentoring.name})`).check();
    await open.getByRole('button', { name: 'Open the transfer' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    const confirm = page.getByRole('group', { name: 'This organisation already adopts this practice' });
    await expect(confirm.getByRole('link', { name: first.title })).toHaveAttribute('href', first.url);
    // What was chosen is kept; only the confirmation is new.
    await expect(open.getByLabel(`${team.mentor.name} (${team.mentoring.name})`)).toBeChecked();
    await confirm.getByLabel(/Open another transfer anyway/).check();
    await open.getByRole('button', { name: 'Open the transfer' }).click();
    await expect(page).toHaveURL(/\/workspace\/transfers\/[0-9a-f-]{36}\/$/);
    expect(page.url()).not.toContain(first.id);
  });
});

test('the confirmation of a second transfer has no axe violations', async ({ browser, team }) => {
  const first = await team.openTransfer();
  const page = await person(browser, team.coordinator.email);
  await page.goto('/workspace/transfers/');
  const open = page.getByRole('region', { name: 'Open a transfer' });
  await open.getByLabel('Adopting organisation').selectOption({ label: team.adopter.name });
  await open.getByLabel('Good practice').selectOption({ label: first.practiceTitle });
  await open.getByLabel(`${team.mentor.name} (${team.mentoring.name})`).check();
  await open.getByRole('button', { name: 'Open the transfer' }).click();
  await expect(page.getByRole('group', { name: 'This organisation already adopts this practice' })).toBeVisible();
  await expectNoAxeViolations(page);
});

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the manage, organisations and audit pages do not scroll sideways', async ({ page, team }) => {
    const transfer = await team.openTransfer();
    await signIn(page, team.coordinator.email);
    for (const path of [`${transfer.url}manage/`, '/admin/organisations/', '/admin/audit/']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
  });
});
