/**
 * The workspace home as each role finds it ("Waiting for you", each item a link to where it is done), the
 * navigation that says where a person is (aria-current), and notifications that name their transfer and stage and
 * are marked read when opened from the list, with JavaScript and without.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, Locator, Page } from '@playwright/test';
import { eq } from 'drizzle-orm';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { schema } from '../../src/lib/server/db.ts';
import { addComment } from '../../src/lib/server/review/commands.ts';
import { byRole, sectionOf } from '../support/monitoring.ts';
import { reviewStage } from '../support/templates.ts';
import { expect, test, type Transfer } from './fixtures';
import { signIn } from './support';

const needs = reviewStage('needs-scope');

async function person(browser: Browser, email: string, javaScriptEnabled = true): Promise<Page> {
  const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
  await signIn(page, email);
  return page;
}

async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

/** The home's item about a transfer, in a role's block. */
const itemOf = (page: Page, role: string, transfer: Transfer, what: string): Locator => page.getByTestId(`waiting-${role}`).getByRole('link').filter({ hasText: transfer.title }).filter({ hasText: what });

test('a mentor’s home lists a stage waiting for their decision; the link opens its review', async ({ browser, team }) => {
  const transfer = await team.openTransfer('southern-denmark-digital-roadmap');
  await team.submitNeedsAndScope(transfer);
  const page = await person(browser, team.mentor.email);
  const item = itemOf(page, 'mentor', transfer, 'version 1 waits for your decision');
  await expect(item).toContainText(needs.title);
  await expectNoAxeViolations(page);
  await item.click();
  await expect(page).toHaveURL(`${transfer.url}review/${needs.id}/`);
  await page.context().close();
});

test('an editor’s home lists a required change to answer, linking to it; a viewer’s says nothing waits', async ({ browser, team, portalDb }) => {
  const transfer = await team.openTransfer('southern-denmark-digital-roadmap');
  await team.submitNeedsAndScope(transfer);
  const review = { id: transfer.id, title: transfer.title, organisationId: team.adopter.id, mentorIds: [team.mentor.id] };
  const required = await addComment(portalDb, await loadActor(portalDb, team.mentor.id), review, needs, { body: 'Name the hospital wards in scope.', required: 'on' }, () => undefined, { ip: 'test', origin: 'http://127.0.0.1' });
  if (!required.ok) throw new Error(JSON.stringify(required));
  const page = await person(browser, team.editor.email);
  const item = itemOf(page, 'editor', transfer, '1 required change to answer');
  await expect(item).toContainText(needs.title);
  await expectNoAxeViolations(page);
  await item.click();
  await expect(page).toHaveURL(`${transfer.url}review/${needs.id}/#comment-${required.commentId}`);
  await page.context().close();

  const viewer = await person(browser, team.viewer.email);
  await expect(viewer.getByRole('region', { name: 'Waiting for you' })).toContainText('Nothing waits for you');
  await viewer.context().close();
});

test('the coordinator’s home lists a transfer without a mentor; the link opens its Manage page, where mentors are added', async ({ browser, team, portalDb }) => {
  const id = crypto.randomUUID();
  const title = `${team.adopter.name}: Shared Care Platform`;
  await portalDb.insert(schema.transfer).values({ id, organisationId: team.adopter.id, practiceId: 'shared-care-platform', title });
  const page = await person(browser, team.coordinator.email);
  const item = page.getByTestId('waiting-coordinator').getByRole('link').filter({ hasText: title });
  await expect(item).toContainText('no mentor is assigned');
  await expectNoAxeViolations(page);
  // On a phone, long transfer names wrap: the page does not scroll sideways.
  await page.setViewportSize({ width: 390, height: 800 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await item.click();
  await expect(page).toHaveURL(`/workspace/transfers/${id}/manage/`);
  await expect(page.getByLabel('Add a mentor')).toBeVisible();
  await page.context().close();
});

test.describe('navigation marks where a person is', () => {
  const nav = (page: Page) => page.getByRole('navigation', { name: 'Workspace' });
  const tabs = (page: Page) => page.getByRole('navigation', { name: 'This transfer' });

  test('Transfers, My cohort and Programme on their pages and sub-pages, the workspace home only on itself', async ({ browser, team }) => {
    const transfer = await team.openTransfer();
    const editor = await person(browser, team.editor.email);
    await expect(nav(editor).getByRole('link', { name: 'Workspace' })).toHaveAttribute('aria-current', 'page');
    await editor.goto('/workspace/transfers/');
    await expect(nav(editor).getByRole('link', { name: 'Transfers' })).toHaveAttribute('aria-current', 'page');
    await expect(nav(editor).getByRole('link', { name: 'Workspace' })).not.toHaveAttribute('aria-current');
    await editor.goto(`${transfer.url}review/`);
    await expect(nav(editor).getByRole('link', { name: 'Transfers' })).toHaveAttribute('aria-current', 'true');
    await expect(nav(editor).locator('[aria-current]')).toHaveCount(1);
    await editor.context().close();

    const mentor = await person(browser, team.mentor.email);
    await mentor.goto('/workspace/cohort/');
    await expect(nav(mentor).getByRole('link', { name: 'My cohort' })).toHaveAttribute('aria-current', 'page');
    await mentor.context().close();

    const coordinator = await person(browser, team.coordinator.email);
    await coordinator.goto('/workspace/programme/');
    await expect(nav(coordinator).getByRole('link', { name: 'Programme' })).toHaveAttribute('aria-current', 'page');
    await expect(nav(coordinator).locator('[aria-current]')).toHaveCount(1);
    await coordinator.context().close();
  });

  test('the transfer’s tabs mark the tab of every page of the transfer, the page itself as the page', async ({ browser, team, portalDb }) => {
    const transfer = await team.openTransfer('southern-denmark-digital-roadmap');
    await team.submitNeedsAndScope(transfer);
    const [record] = await portalDb.select({ id: schema.entry.id }).from(schema.entry).where(eq(schema.entry.transferId, transfer.id)).limit(1);
    const actions = sectionOf('actions');
    const action = crypto.randomUUID();
    await portalDb.insert(schema.entry).values({ id: action, transferId: transfer.id, template: actions.kind, section: actions.section.id, data: JSON.stringify(byRole(actions.section, { title: 'Train the nurses', end: '2027-06-30' })) });
    const page = await person(browser, team.editor.email);
    const expected: [string, string, 'page' | 'true'][] = [
      [transfer.url, 'Overview and core features', 'page'],
      [`${transfer.url}needs-scope/`, 'Needs and scope', 'page'],
      [`${transfer.url}swot/`, 'SWOT', 'page'],
      [`${transfer.url}monitoring/`, 'Implementation', 'page'],
      [`${transfer.url}kpis/`, 'Indicators', 'page'],
      [`${transfer.url}kpis/import/`, 'Indicators', 'true'],
      [`${transfer.url}trace/`, 'Traceability', 'page'],
      [`${transfer.url}review/`, 'Review', 'page'],
      [`${transfer.url}review/${needs.id}/`, 'Review', 'true'],
      [`${transfer.url}print/`, 'Print view and exports', 'page'],
      [`${transfer.url}entries/${record!.id}/`, 'Needs and scope', 'true'],
      [`${transfer.url}actions/${action}/`, 'Implementation', 'true'],
    ];
    for (const [path, tab, value] of expected) {
      await page.goto(path);
      const marked = tabs(page).locator('[aria-current]');
      await expect(marked, path).toHaveCount(1);
      await expect(marked, path).toHaveAttribute('aria-current', value);
      await expect(marked, path).toHaveText(new RegExp(`^${tab}`, 'i'));
    }
    await page.context().close();
  });
});

for (const javaScriptEnabled of [true, false]) {
  test(`a notification names its transfer and stage, and opening it from the list marks it read (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser, team }) => {
    const transfer = await team.openTransfer('southern-denmark-digital-roadmap');
    await team.submitNeedsAndScope(transfer);
    const page = await person(browser, team.mentor.email, javaScriptEnabled);
    await expect(page.getByTestId('unread-count')).toHaveText('1');
    await page.getByRole('link', { name: /Notifications/ }).click();
    const button = page.getByRole('button', { name: new RegExp(`submitted ${needs.title}`) });
    await expect(button).toContainText(`${transfer.title} · ${needs.title}`);
    // axe runs as a script in the page: with JavaScript on only.
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await button.click();
    await expect(page).toHaveURL(`${transfer.url}review/${needs.id}/`);
    await expect(page.getByTestId('unread-count')).toHaveCount(0);
    await page.goto('/workspace/notifications/');
    await expect(page.getByText('Nothing unread.')).toBeVisible();
    await page.context().close();
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`opening the page a notification points to without the list marks it read (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser, team }) => {
    const transfer = await team.openTransfer('southern-denmark-digital-roadmap');
    await team.submitNeedsAndScope(transfer);
    const page = await person(browser, team.mentor.email, javaScriptEnabled);
    await expect(page.getByTestId('unread-count')).toHaveText('1');
    // As from the e-mail's link: straight to the stage.
    await page.goto(`${transfer.url}review/${needs.id}/`);
    if (javaScriptEnabled) {
      // The page sends the read itself and takes the count away.
      await expect(page.getByTestId('unread-count')).toHaveCount(0);
      await expect(page.getByRole('button', { name: 'Mark as read' })).toHaveCount(0);
    } else {
      await expect(page.getByText('One unread notification is about this page.')).toBeVisible();
      await page.getByRole('button', { name: 'Mark as read' }).click();
      await expect(page).toHaveURL(`${transfer.url}review/${needs.id}/`);
    }
    await page.goto('/workspace/notifications/');
    await expect(page.getByText('Nothing unread.')).toBeVisible();
    await page.context().close();
  });
}
