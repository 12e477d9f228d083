import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { signIn } from './support';

/**
 * The demo's transfer in implementation (Coastal Hospital Trust, db/seed-implementation.ts) as its people see it
 * on a first start: every implementation page, the mentor's cohort and the programme, read by axe and at phone
 * width, with the seeded charts, signals, cycles and reports in them. The demo accounts are only read here.
 */
function coastal() {
  const db = new Database(resolve('tests/.tmp/browser.db'), { readonly: true });
  try {
    const transferId = (db.prepare("select t.id from transfer t join organisation o on o.id = t.organisation_id where o.name = 'Demo: Coastal Hospital Trust'").get() as { id: string }).id;
    const first = (section: string) => (db.prepare('select id from entry where transfer_id = ? and section = ? order by position limit 1').get(transferId, section) as { id: string }).id;
    return { base: `/workspace/transfers/${transferId}/`, kpi: first('kpis'), action: first('actions'), workshop: first('workshops') };
  } finally {
    db.close();
  }
}

async function pageAs(browser: Browser, email: string, width?: number) {
  const page = await (await browser.newContext(width ? { viewport: { width, height: 844 } } : {})).newPage();
  await signIn(page, email);
  return page;
}

const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

test('the implementation pages of the demo transfer have no axe violations and no sideways scroll at 390 px', async ({ browser }) => {
  test.setTimeout(180_000);
  const c = coastal();
  const paths = ['monitoring/', 'kpis/', `kpis/${c.kpi}/`, 'kpis/import/', `actions/${c.action}/`, `workshops/${c.workshop}/`, 'pdsa/', 'progress-report/', 'review/progress-report/', 'post-implementation/', 'review/post-implementation/', 'action-plan/', 'print/'].map((p) => `${c.base}${p}`);
  const wide = await pageAs(browser, 'editor.coastal@demo.example');
  const phone = await pageAs(browser, 'editor.coastal@demo.example', 390);
  for (const path of paths) {
    expect((await wide.goto(path))!.status(), path).toBe(200);
    const { violations } = await new AxeBuilder({ page: wide }).withTags(tags).analyze();
    expect(violations.map((v) => `${path} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    await phone.goto(path);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
  }
  // What a newcomer should find on the first start: signals in words, both rule sets' charts, cycles on them.
  await wide.goto(`${c.base}kpis/${c.kpi}/`);
  await expect(wide.getByRole('img').first()).toBeVisible();
  await wide.goto(`${c.base}monitoring/`);
  await expect(wide.getByRole('heading', { name: 'Indicators' })).toBeVisible();
  await expect(wide.locator('main')).toContainText('Improvement');
});

test('the mentor’s cohort and the programme show the demo transfer’s implementation, without axe violations', async ({ browser }) => {
  const mentor = await pageAs(browser, 'mentor@demo.example');
  await mentor.goto('/workspace/cohort/');
  const row = mentor.getByRole('row').filter({ hasText: 'Coastal Hospital Trust' });
  await expect(row).toBeVisible();
  for (const page of [mentor, await pageAs(browser, 'coordinator@demo.example')]) {
    if (page !== mentor) await page.goto('/workspace/programme/');
    const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
    expect(violations.map((v) => `${page.url()} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
  }
});
