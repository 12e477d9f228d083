import AxeBuilder from '@axe-core/playwright';
import type { Browser, Page } from '@playwright/test';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { realTemplates } from '../support/templates.ts';
import { expect, test, type Team } from './fixtures';
import { signIn } from './support';

/** An indicator of the team's plan, written by its editor through the workspace's command. */
async function addIndicator(db: Parameters<typeof loadActor>[0], team: Team, transferId: string, title: string) {
  const kpis = realTemplates().requireSection('kpis');
  const values: Record<string, unknown> = {};
  for (const f of kpis.section.fields) {
    if (f.role === 'title') values[f.id] = title;
    else if (f.role === 'unit') values[f.id] = 'plans';
    else if (f.role === 'minimum') values[f.id] = 0;
    else if (f.required && f.type === 'select') values[f.id] = f.options![0];
  }
  const saved = await saveEntry(db, await loadActor(db, team.editor.id), { id: transferId, organisationId: team.adopter.id, mentorIds: [team.mentor.id] }, { template: kpis.kind, section: kpis.section }, { values }, {}, { ip: 'test' });
  if (!saved.ok) throw new Error(JSON.stringify(saved));
}

/**
 * The page now shown, checked by axe: in a context of its own (axe needs one the test made), signed in as the same
 * person, with JavaScript on (axe runs in the page). A page made by a POST (the preview) is checked by its GET.
 */
async function noAxeViolations(browser: Browser, page: Page) {
  const context = await browser.newContext({ storageState: await page.context().storageState() });
  const fresh = await context.newPage();
  await fresh.goto(page.url());
  const { violations } = await new AxeBuilder({ page: fresh }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  await context.close();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`an editor records indicator values, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('by form, then by a CSV import whose bad row is corrected after the preview', async ({ browser, page, team, portalDb }) => {
      test.setTimeout(180_000);
      const transfer = await team.openTransfer();
      const title = `Shared plans ${team.tag}`;
      await addIndicator(portalDb, team, transfer.id, title);
      await signIn(page, team.editor.email);
      await page.goto(`${transfer.url}kpis/`);
      await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
      await page.getByRole('link', { name: `Enter and edit measurements for ${title}` }).click();
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

      const add = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Add a measurement' }) });
      await add.getByLabel('Period').fill('2027-13');
      await add.getByLabel('Value (plans)').fill('12');
      await add.getByRole('button', { name: 'Add the measurement' }).click();
      // Refused with the period named, and what was typed is still there.
      const again = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Add a measurement' }) });
      await expect(again.locator('.error')).toContainText('Period "2027-13"');
      await expect(again.getByLabel('Value (plans)')).toHaveValue('12');
      await again.getByLabel('Period').fill('2027-01');
      await again.getByRole('button', { name: 'Add the measurement' }).click();
      await expect(page.getByRole('status')).toContainText('Saved.');
      await expect(page.getByRole('table', { name: /Measurements of/ })).toContainText('January 2027');

      await page.getByRole('link', { name: 'Import from a CSV file' }).click();
      const bad = `indicator;period;value\n${title};2027-02;14\n${title};2027-03;fourteen\n`;
      await page.getByLabel('CSV text').fill(bad);
      await page.getByRole('button', { name: 'Preview' }).click();
      await expect(page.getByRole('table', { name: 'What each row of the text will do' })).toContainText('Value "fourteen": enter a number in plain digits');
      await expect(page.getByRole('button', { name: /^Import/ })).toHaveCount(0);
      if (javaScriptEnabled) await noAxeViolations(browser, page);

      await page.getByLabel('CSV text').fill(bad.replace('fourteen', '15'));
      await page.getByRole('button', { name: 'Preview' }).click();
      await expect(page.getByText('2 rows: 2 new measurements, 0 replaced values, 0 rows with errors.')).toBeVisible();
      await page.getByRole('button', { name: 'Import 2 measurements' }).click();
      await expect(page.getByRole('status')).toContainText('Imported: 2 new measurements, 0 replaced values.');

      await page.goto(`${transfer.url}kpis/`);
      await expect(page.locator('section').filter({ has: page.getByRole('heading', { name: title }) })).toContainText('Latest: 15 plans (March 2027)');
      if (javaScriptEnabled) await noAxeViolations(browser, page);
      await page.getByRole('link', { name: `Enter and edit measurements for ${title}` }).click();
      await expect(page.getByRole('table', { name: /Measurements of/ })).toContainText('March 2027');
      if (javaScriptEnabled) await noAxeViolations(browser, page);
    });
  });
}

test('a viewer reads the indicators and sees no forms', async ({ page, team, portalDb }) => {
  const transfer = await team.openTransfer();
  await addIndicator(portalDb, team, transfer.id, `Read only ${team.tag}`);
  await signIn(page, team.viewer.email);
  await page.goto(`${transfer.url}kpis/`);
  await page.getByRole('link', { name: `Open the indicator for Read only ${team.tag}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Read only ${team.tag}` })).toBeVisible();
  await expect(page.locator('main form')).toHaveCount(0);
});
