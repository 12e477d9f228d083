import { expect, test } from './fixtures';
import { signIn } from './support';
import { schema } from '../../src/lib/server/db.ts';

/**
 * The print view carries the indicators' charts after the action plan, with their signals in words, and none of the
 * workspace's forms. The indicator and its measurements are written directly (field ids of
 * content/templates/action-plan.mdx), as fixtures.ts does for needs and scope.
 */
test('the print view prints each indicator’s run and XmR charts with their signals, after the action plan', async ({ browser, team, portalDb }) => {
  const transfer = await team.openTransfer();
  const kpiId = crypto.randomUUID();
  await portalDb.insert(schema.entry).values({ id: kpiId, transferId: transfer.id, template: 'action-plan', section: 'kpis', position: 1, data: JSON.stringify({ name: 'Shared care plans in use', type: 'Outcome', unit: 'plans', direction: 'Higher is better' }), createdBy: team.editor.id, updatedBy: team.editor.id });
  // Twelve low months, then eight high ones: a shift the run chart must name.
  const values = [10, 12, 11, 13, 10, 12, 11, 13, 12, 10, 11, 12, 20, 22, 21, 23, 22, 24, 21, 23];
  const now = new Date().toISOString();
  for (const [i, value] of values.entries()) {
    const month = `${2025 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
    await portalDb.insert(schema.kpiMeasurement).values({ id: crypto.randomUUID(), transferId: transfer.id, kpiId, period: month, periodStart: `${month}-01`, value, createdBy: team.editor.id, updatedBy: team.editor.id, updatedAt: now });
  }
  const page = await (await browser.newContext()).newPage();
  await signIn(page, team.editor.email);
  await page.goto(`${transfer.url}print/`);
  await page.emulateMedia({ media: 'print' });
  const plan = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Action plan', level: 2 }) });
  const charts = plan.locator('section').filter({ has: page.getByRole('heading', { name: 'Indicators over time' }) });
  await expect(charts.getByRole('img')).toHaveCount(2);
  await expect(charts).toContainText('Shift');
  await expect(charts).toContainText('an improvement');
  await expect(page.locator('form:visible')).toHaveCount(0);
});
