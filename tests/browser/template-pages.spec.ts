import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test, type Team, type Transfer } from './fixtures';
import { signIn } from './support';
import { schema, type Db } from '../../src/lib/server/db.ts';

/**
 * Template pages that fit the work: each section's records first, its add form behind an "Add" disclosure (that
 * works without JavaScript and opens by itself when something typed would otherwise be hidden), the SWOT two by two,
 * the risk register scored with its matrix, the edit form titled by its record, and lists reordered by a mouse drag.
 */

/** Records of the action plan written directly (field ids of content/templates/action-plan.mdx), in this order. */
async function planRecords(db: Db, team: Team, transfer: Transfer, section: 'actions' | 'risks', rows: Record<string, unknown>[]) {
  for (const [position, data] of rows.entries())
    await db.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: transfer.id, template: 'action-plan', section, position, data: JSON.stringify(data), createdBy: team.editor.id, updatedBy: team.editor.id });
}

const wcag = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

for (const javaScriptEnabled of [true, false]) {
  test.describe(`JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('a SWOT quadrant lists its records and opens its add form on "Add"; a refused form stays open with what was typed', async ({ page, team }) => {
      const transfer = await team.openTransfer();
      await signIn(page, team.editor.email);
      await page.goto(`${transfer.url}swot/`);
      const quadrant = page.locator('#swot-item-weaknesses');
      const form = page.getByRole('form', { name: 'Add to Weaknesses' });
      // Folded: the page shows what is recorded, not four empty forms.
      await expect(form.getByLabel('Statement (required)')).toBeHidden();
      await quadrant.getByText('Add to weaknesses').click();
      await expect(form.getByLabel('Statement (required)')).toBeVisible();
      if (javaScriptEnabled) await expect(form.getByLabel('Statement (required)')).toBeFocused();

      // The impact is required: the form comes back open, with the statement as typed and the reason.
      await form.getByLabel('Statement (required)').fill('No shared record between the sectors');
      await form.getByRole('button', { name: 'Add' }).click();
      const again = page.getByRole('form', { name: 'Add to Weaknesses' });
      await expect(again.getByLabel('Statement (required)')).toBeVisible();
      await expect(again.getByLabel('Statement (required)')).toHaveValue('No shared record between the sectors');
      await expect(again.getByRole('alert')).toContainText('Please correct');

      await again.getByLabel('Impact (required)').fill('4');
      await again.getByRole('button', { name: 'Add' }).click();
      await expect(page.getByRole('status')).toContainText('Saved');
      await expect(page.locator('#swot-item-weaknesses .entry-list')).toContainText('No shared record between the sectors');
      // Saved: folded again, the list shows the record.
      await expect(page.getByRole('form', { name: 'Add to Weaknesses' }).getByLabel('Statement (required)')).toBeHidden();
    });

    test('the edit form is titled by the record it edits', async ({ page, team, portalDb }) => {
      const transfer = await team.openTransfer();
      await planRecords(portalDb, team, transfer, 'risks', [{ risk: 'The supplier delivers the interface late', likelihood: 3, impact: 4 }]);
      await signIn(page, team.editor.email);
      await page.goto(`${transfer.url}action-plan/`);
      await page.locator('#risks li').filter({ hasText: 'The supplier delivers the interface late' }).getByRole('link', { name: /Edit/ }).click();
      if (javaScriptEnabled) await expect(page.getByRole('dialog', { name: 'Edit “The supplier delivers the interface late”' })).toBeVisible();
      else {
        await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit “The supplier delivers the interface late”');
        await expect(page).toHaveTitle(/^Edit “The supplier delivers the interface late”/);
      }
    });
  });
}

test('a single section shows what it holds, and its form opens from "Fill in", then "Edit"', async ({ browser, team }) => {
  const transfer = await team.openTransfer();
  const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await signIn(page, team.editor.email);
  await page.goto(`${transfer.url}needs-scope/`);
  const scope = page.locator('#scope');
  await expect(scope).toContainText('Not filled in yet.');
  await expect(scope.getByLabel('Geography (required)')).toBeHidden();
  await scope.getByText('Fill in scope').click();
  await scope.getByLabel('Geography (required)').fill('Two pilot municipalities of the region');
  await scope.getByLabel('Target population (required)').fill('Adults with heart failure');
  await scope.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toContainText('Saved');
  // The summary is read without opening anything; the form, folded, holds the saved text for a change.
  await expect(scope).toContainText('Two pilot municipalities of the region');
  await expect(scope.getByLabel('Geography (required)')).toBeHidden();
  await scope.getByText('Edit scope').click();
  await expect(scope.getByLabel('Geography (required)')).toHaveValue('Two pilot municipalities of the region');
});

test('the SWOT is a two-by-two grid in the template order at 1280 px, one column at 390 px, and much shorter than four open forms', async ({ page, team }) => {
  const transfer = await team.openTransfer();
  await signIn(page, team.editor.email);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${transfer.url}swot/`);
  const box = async (id: string) => (await page.locator(`#swot-item-${id}`).boundingBox())!;
  const [s, w, o, t] = [await box('strengths'), await box('weaknesses'), await box('opportunities'), await box('threats')];
  expect(s.y).toBe(w.y);
  expect(w.x).toBeGreaterThan(s.x + s.width - 1);
  expect(o.y).toBeGreaterThanOrEqual(s.y + s.height);
  expect(o.x).toBe(s.x);
  expect(t.y).toBe(o.y);
  expect(t.x).toBe(w.x);
  // With every add form open the empty SWOT was about 6,400 px tall at this width.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(2000);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const narrow = [await box('strengths'), await box('weaknesses'), await box('opportunities'), await box('threats')];
  for (const [i, b] of narrow.entries()) {
    expect(b.x).toBe(narrow[0].x);
    if (i > 0) expect(b.y).toBeGreaterThanOrEqual(narrow[i - 1].y + narrow[i - 1].height);
  }
  await page.locator('#swot-item-threats').getByText('Add to threats').click();
  expect(await noSidewaysScroll(page)).toBe(true);
  const { violations } = await new AxeBuilder({ page }).withTags(wcag).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});

test('each risk shows its likelihood × impact score, and the matrix places it by likelihood and impact', async ({ page, team, portalDb }) => {
  const transfer = await team.openTransfer();
  await planRecords(portalDb, team, transfer, 'risks', [{ risk: 'GPs have no time for the care plans', likelihood: 3, impact: 3 }]);
  await signIn(page, team.editor.email);
  await page.goto(`${transfer.url}action-plan/`);
  // One more through the form, as a team adds it.
  await page.locator('#risks').getByText('Add an item to risks').click();
  const add = page.getByRole('form', { name: 'Add to Risks' });
  await add.getByLabel('Risk (required)').fill('The supplier cannot deliver the interface this year');
  await add.getByLabel('Likelihood (required)').fill('4');
  await add.getByLabel('Impact (required)').fill('5');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByRole('status')).toContainText('Saved');

  const risk = (text: string) => page.locator('#risks .entry-list > li').filter({ hasText: text });
  await expect(risk('The supplier cannot deliver')).toContainText('Score 20 (extreme)');
  await expect(risk('GPs have no time')).toContainText('Score 9 (high)');

  const matrix = page.getByRole('table', { name: /Risks by likelihood \(rows\) and impact \(columns\)/ });
  await expect(matrix.getByRole('columnheader')).toContainText(['Impact', 'Likelihood', '1', '2', '3', '4', '5']);
  await expect(matrix.getByRole('rowheader')).toHaveText(['5', '4', '3', '2', '1']);
  // Row "4" (likelihood), fifth impact column: the supplier; row "3", third column: the GPs.
  const cell = (likelihood: string, impact: number) => matrix.getByRole('row').filter({ has: page.getByRole('rowheader', { name: likelihood, exact: true }) }).getByRole('cell').nth(impact - 1);
  await expect(cell('4', 5)).toContainText('The supplier cannot deliver the interface this year');
  await expect(cell('3', 3)).toContainText('GPs have no time for the care plans');
  await expect(cell('3', 4)).not.toContainText('GPs');
  await cell('4', 5).getByRole('link').click();
  await expect(page).toHaveURL(/#entry-/);

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await noSidewaysScroll(page)).toBe(true);
  const { violations } = await new AxeBuilder({ page }).withTags(wcag).analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});

test('a draft typed into a folded add form is back, unfolded, after a reload', async ({ page, team }) => {
  const transfer = await team.openTransfer();
  await signIn(page, team.editor.email);
  await page.goto(`${transfer.url}swot/`);
  await page.locator('#swot-item-opportunities').getByText('Add to opportunities').click();
  await page.getByRole('form', { name: 'Add to Opportunities' }).getByLabel('Statement (required)').fill('A national fund, half written');
  await page.reload();
  const form = page.getByRole('form', { name: 'Add to Opportunities' });
  await expect(form.getByLabel('Statement (required)')).toBeVisible();
  await expect(form.getByLabel('Statement (required)')).toHaveValue('A national fund, half written');
});

for (const section of ['actions', 'risks'] as const) {
  test(`the ${section} list is reordered by dragging with the mouse, and the order is saved`, async ({ page, team, portalDb }) => {
    const transfer = await team.openTransfer();
    // Long enough to wrap over lines, as real actions and risks do: a person picks one up anywhere on its text.
    const long = 'with a description long enough to wrap onto a second and a third line of the list at this width, '.repeat(3).trimEnd();
    const titles = ['First', 'Second', 'Third'].map((n) => `${n} ${section === 'actions' ? 'action' : 'risk'} to drag ${long}`);
    await planRecords(portalDb, team, transfer, section, titles.map((t) => (section === 'actions' ? { title: t, owner: 'Regional IT office', status: 'Not started' } : { risk: t, likelihood: 2, impact: 2 })));
    await signIn(page, team.editor.email);
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(`${transfer.url}action-plan/`);
    const items = page.locator(`#${section} .entry-list > li`);
    const order = () => items.locator('.entry-main').allTextContents();
    await expect.poll(order).toEqual(titles);
    // Draggable once the list is enhanced (its grab cursor says so).
    await expect(page.locator(`#${section} .entry-list.sortable`)).toHaveCount(1);

    // The third is picked up by the last line of its text, moved in small steps as a hand moves, and dropped on the top
    // of the first; no text is selected on the way (browsers other than Chromium select text there instead of dragging).
    await items.nth(2).scrollIntoViewIfNeeded();
    await items.first().scrollIntoViewIfNeeded();
    const from = (await items.nth(2).locator('.entry-main').boundingBox())!;
    const to = (await items.first().locator('.entry-main').boundingBox())!;
    expect(from.height).toBeGreaterThan(40);
    // Chromium drags wrapped text either way; Firefox and Safari select it unless the record's text is not selectable.
    expect(await items.first().evaluate((li) => getComputedStyle(li).userSelect)).toBe('none');
    await page.mouse.move(from.x + 200, from.y + from.height - 8);
    await page.mouse.down();
    await page.mouse.move(from.x + 204, from.y + from.height - 18, { steps: 5 });
    expect(await page.evaluate(() => getSelection()?.toString() ?? '')).toBe('');
    await page.mouse.move(to.x + 200, to.y + 2, { steps: 25 });
    await page.mouse.up();
    const dragged = [titles[2], titles[0], titles[1]];
    await expect.poll(order).toEqual(dragged);
    // Saved: a reload shows the new order.
    await expect(async () => {
      await page.reload();
      expect(await order()).toEqual(dragged);
    }).toPass();
    // Move up / Move down stay, for keyboards.
    await items.filter({ hasText: titles[1] }).getByRole('button', { name: /Move up/ }).click();
    await expect.poll(order).toEqual([titles[2], titles[1], titles[0]]);
  });
}
