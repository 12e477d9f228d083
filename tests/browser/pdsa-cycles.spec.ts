import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Team, type Transfer } from './fixtures';
import { signIn, openAddForms } from './support';
import { schema, type Db } from '../../src/lib/server/db.ts';

/**
 * A team runs a PDSA cycle and holds a self-evaluation workshop: both are records of the PDSA template
 * (content/templates/pdsa-cycles.mdx), written through its generic form, with JavaScript on and off.
 */

/** An objective, an action and a KPI of the approved plan for the cycle to link to (field ids of content/templates/action-plan.mdx). */
async function planRecords(db: Db, team: Team, transfer: Transfer, tag: string) {
  const rows = [
    { section: 'objectives', data: { statement: `Fewer readmissions (${tag})`, measure: 'Readmissions within 30 days', 'target-date': '2027-12-31' } },
    { section: 'actions', data: { title: `Nurse calls after discharge (${tag})`, owner: 'Community nursing', status: 'In progress' } },
    { section: 'kpis', data: { name: `Readmissions within 30 days (${tag})`, type: 'Outcome', unit: '%', direction: 'Lower is better' } },
  ];
  for (const [position, r] of rows.entries())
    await db.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: transfer.id, template: 'action-plan', section: r.section, position, data: JSON.stringify(r.data), createdBy: team.editor.id, updatedBy: team.editor.id });
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(`a team records a PDSA cycle and a workshop, JavaScript ${javaScriptEnabled ? 'on' : 'off'}`, () => {
    test.use({ javaScriptEnabled });

    test('each step of the cycle is asked for, a missing prediction is refused with the text kept, and the cycle links to the plan', async ({ page, team, portalDb }) => {
      const tag = javaScriptEnabled ? 'js' : 'nojs';
      const transfer = await team.openTransfer();
      await planRecords(portalDb, team, transfer, tag);
      await signIn(page, team.editor.email);
      await page.goto(transfer.url);
      await page.getByRole('navigation', { name: 'This transfer' }).getByRole('link', { name: 'PDSA cycles and workshops' }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('PDSA cycles and workshops');

      await openAddForms(page);
      const cycle = page.locator('form.entry-form').filter({ has: page.locator('[name="f.prediction"]') }).first();
      await cycle.getByLabel('Change tested (required)').fill(`Call every patient within 48 hours of discharge (${tag})`);
      await cycle.getByLabel('Start (required)').fill('2026-09-01');
      await cycle.getByLabel('End', { exact: true }).fill('2026-10-31');
      await cycle.getByLabel(`Fewer readmissions (${tag})`).check();
      await cycle.getByLabel(`Nurse calls after discharge (${tag})`).check();
      await cycle.getByLabel(`Readmissions within 30 days (${tag})`).check();
      await cycle.getByLabel('Do: what happened').fill('Two of three nurses made the calls; the third was on leave.');
      await cycle.getByRole('button', { name: 'Add' }).click();
      // The Plan needs a prediction: refused, and what was typed is still there.
      await expect(page.getByRole('alert').first()).toContainText('Please correct');
      const again = page.locator('form.entry-form').filter({ has: page.locator('[name="f.prediction"]') }).first();
      await expect(again.getByLabel('Do: what happened')).toHaveValue('Two of three nurses made the calls; the third was on leave.');
      await expect(again.getByText('Plan: prediction is required.')).toBeVisible();
      await again.getByLabel('Plan: prediction (required)').fill('Readmissions fall from 18 % to 14 % within two months.');
      await again.getByLabel('Study: the data against the prediction').fill('They fell to 15 %: most of the predicted effect.');
      await again.getByLabel('Act: decision').selectOption('Adapt');
      await again.getByRole('button', { name: 'Add' }).click();
      await expect(page.getByRole('status')).toContainText('Saved');
      const saved = page.locator('li').filter({ hasText: `Call every patient within 48 hours of discharge (${tag})` }).first();
      await expect(saved).toContainText('Adapt');
      await expect(saved).toContainText(`Readmissions within 30 days (${tag})`);

      // A workshop, with its participants by stakeholder group.
      await openAddForms(page);
      const workshop = page.locator('form.entry-form').filter({ has: page.locator('[name="f.notes"]') }).first();
      await workshop.getByLabel('Date (required)').fill('2026-11-15');
      await workshop.getByLabel('Workshop (required)').fill(`Autumn self-evaluation (${tag})`);
      await workshop.getByLabel('Participants from hospitals').fill('4');
      await workshop.getByLabel('Patients and citizens').fill('2');
      await workshop.getByRole('button', { name: 'Add' }).click();
      await expect(page.getByRole('status')).toContainText('Saved');
      await expect(page.locator('li').filter({ hasText: `Autumn self-evaluation (${tag})` }).first()).toBeVisible();

      // axe runs in the page, so only where the page may run scripts.
      if (!javaScriptEnabled) return;
      const results = await new AxeBuilder({ page }).analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(' ')}`)).toEqual([]);
    });
  });
}

test('a viewer reads the cycles and has no form to add one', async ({ page, team }) => {
  const transfer = await team.openTransfer();
  await signIn(page, team.viewer.email);
  await page.goto(`${transfer.url}pdsa/`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('PDSA cycles and workshops');
  await expect(page.locator('[name="f.prediction"]')).toHaveCount(0);
});
