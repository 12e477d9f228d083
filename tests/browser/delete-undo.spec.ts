import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { loadActor } from '../../src/lib/server/accounts.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { realTemplates } from '../support/templates.ts';
import { expect, test, type Team, type Transfer } from './fixtures';
import { signIn } from './support';

// Delete asks first (a dialog with JavaScript, a page without), says what was deleted, offers Undo, and keeps the
// record in Recently deleted for 30 days, from where an editor restores it with its links.

const axe = async (page: Page) => {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
};
const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);

/** Three strengths, and a need that the second strength links to, written by the team's editor. */
async function situation(db: Db, team: Team, transfer: Transfer, tag: string) {
  const registry = realTemplates();
  const editor = await loadActor(db, team.editor.id);
  const t = (await loadTransfer(db, transfer.id))!;
  const needs = registry.sections.get('needs-scope/needs')!;
  const swot = registry.sections.get('swot/swot-item')!;
  const need = await saveEntry(db, editor, t, { template: 'needs-scope', section: needs }, { values: { 'need-statement': `One shared care plan (${tag})`, priority: 'High' } }, {}, { ip: 'test' });
  if (!need.ok) throw new Error(JSON.stringify(need));
  const strengths = [];
  for (const [i, name] of ['Strong GP network', 'Regional eHealth team', 'Patient council'].entries()) {
    const saved = await saveEntry(db, editor, t, { template: 'swot', section: swot, grouping: 'strengths' }, { values: { statement: `${name} (${tag})`, impact: '3', ...(i === 1 ? { 'related-needs': [need.entryId] } : {}) } }, { 'needs-scope/needs': [need.entryId] }, { ip: 'test' });
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    strengths.push(saved.entryId);
  }
  return { needId: need.entryId, strengths };
}

const strengthsOrder = (page: Page) => page.locator('#swot-item-strengths .entry-list > li .entry-main').allTextContents();

test.describe('JavaScript on', () => {
  test('Delete asks in a dialog, the list says what was deleted, and Undo puts it back in its place', async ({ page, team, portalDb }) => {
    const tag = team.tag;
    const transfer = await team.openTransfer();
    await situation(portalDb, team, transfer, tag);
    await signIn(page, team.editor.email);
    await page.goto(`${transfer.url}swot/`);
    const before = await strengthsOrder(page);
    expect(before).toHaveLength(3);

    await page.locator('#swot-item-strengths li').filter({ hasText: 'Regional eHealth team' }).getByRole('link', { name: /Delete/ }).click();
    const dialog = page.getByRole('dialog', { name: `Delete “Regional eHealth team (${tag})”?` });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('From Strengths');
    await expect(page).toHaveURL(/\/swot\/$/);
    await axe(page);
    // Cancel changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toHaveCount(0);
    expect(await strengthsOrder(page)).toEqual(before);

    await page.locator('#swot-item-strengths li').filter({ hasText: 'Regional eHealth team' }).getByRole('link', { name: /Delete/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: /^Delete/ }).click();
    const notice = page.locator('.trash-notice');
    await expect(notice).toContainText(`Deleted “Regional eHealth team (${tag})” from Strengths.`);
    await expect(page.locator('#swot-item-strengths')).not.toContainText('Regional eHealth team');
    await axe(page);

    await notice.getByRole('button', { name: /Undo/ }).click();
    await expect(page.locator('.trash-notice')).toContainText(`Restored “Regional eHealth team (${tag})” to Strengths.`);
    expect(await strengthsOrder(page)).toEqual(before);
  });
});

test.describe('JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('Delete leads to a confirmation page; the item waits in Recently deleted until an editor restores it with its link', async ({ page, team, portalDb, browser }) => {
    const tag = team.tag;
    const transfer = await team.openTransfer();
    const { strengths } = await situation(portalDb, team, transfer, tag);
    await signIn(page, team.editor.email);
    await page.goto(`${transfer.url}needs-scope/`);

    await page.locator('li').filter({ hasText: `One shared care plan (${tag})` }).getByRole('link', { name: /Delete/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Delete “One shared care plan (${tag})”?`);
    await expect(page.locator('main')).toContainText('One item links to it');
    await expect(page.locator('main')).toContainText(`Regional eHealth team (${tag})`);
    // Asking changed nothing: the need is still on its page.
    await page.goto(`${transfer.url}needs-scope/`);
    await expect(page.locator('main')).toContainText(`One shared care plan (${tag})`);
    await page.locator('li').filter({ hasText: `One shared care plan (${tag})` }).getByRole('link', { name: /Delete/ }).click();
    await page.getByRole('button', { name: /^Delete/ }).click();
    await expect(page.locator('.trash-notice')).toContainText(`Deleted “One shared care plan (${tag})” from Needs`);
    await expect(page.locator('.entry-list')).toHaveCount(0);
    // The strength that linked to it no longer shows the link.
    await page.goto(`${transfer.url}swot/`);
    await expect(page.locator(`#entry-${strengths[1]}`)).not.toContainText('One shared care plan');

    // A viewer sees Recently deleted but no Restore.
    const viewer = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await signIn(viewer, team.viewer.email);
    await viewer.goto(`${transfer.url}deleted/`);
    await expect(viewer.locator('.trash-list')).toContainText(`One shared care plan (${tag})`);
    await expect(viewer.getByRole('button', { name: /Restore/ })).toHaveCount(0);
    await viewer.context().close();

    await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'Recently deleted' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Recently deleted');
    await page.getByRole('button', { name: `Restore “One shared care plan (${tag})”` }).click();
    await expect(page.locator('.trash-notice')).toContainText(`Restored “One shared care plan (${tag})”`);
    await expect(page.locator('.trash-list')).toHaveCount(0);
    await page.getByRole('link', { name: 'Show it' }).click();
    await expect(page.locator('main')).toContainText(`One shared care plan (${tag})`);
    await page.goto(`${transfer.url}swot/`);
    await expect(page.locator(`#entry-${strengths[1]}`)).toContainText('One shared care plan');
  });
});

test('the confirmation page and Recently deleted have no axe violations and fit a 390 px screen', async ({ browser, team, portalDb }) => {
  const transfer = await team.openTransfer();
  const { strengths } = await situation(portalDb, team, transfer, team.tag);
  // axe needs a page from a context the test made itself.
  const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
  const page = await context.newPage();
  await signIn(page, team.editor.email);
  await page.goto(`${transfer.url}entries/${strengths[0]}/delete/`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Delete “Strong GP network');
  await noSidewaysScroll(page);
  await axe(page);
  await page.getByRole('button', { name: /^Delete/ }).click();
  await expect(page.locator('.trash-notice')).toContainText('Deleted “Strong GP network');
  await page.goto(`${transfer.url}deleted/`);
  await expect(page.locator('.trash-list')).toContainText('Strong GP network');
  await noSidewaysScroll(page);
  await axe(page);
  await context.close();
});
