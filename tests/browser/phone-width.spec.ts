import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { resolve } from 'node:path';
import { expect, test, type Browser } from '@playwright/test';
import { routeUrls } from '../support/routes';
import { realTemplates } from '../support/templates';
import { signIn } from './support';

/**
 * Every workspace and administration page, opened on a 390 px phone by a person who may open it, does not scroll
 * sideways. The pages come from the route list the permission matrix uses (tests/support/routes.ts), so a new page
 * is swept as soon as it is listed there; the template and review pages are opened for every form and stage. The
 * transfer is the demo's one in implementation (Coastal), which has records in every form, charts included.
 */
const phone = { width: 390, height: 844 };

/** Who opens a route: the coordinator for administration and the programme, the mentor for the cohort, else the team. */
const people = { editor: 'editor.coastal@demo.example', mentor: 'mentor@demo.example', coordinator: 'coordinator@demo.example' } as const;
const personFor = (file: string): keyof typeof people =>
  file.startsWith('admin/') || file === 'workspace/programme.astro' || file === 'workspace/transfers/[id]/manage.astro' ? 'coordinator' : file === 'workspace/cohort.astro' ? 'mentor' : 'editor';
/** Routes whose listed URL names no real record and so answers, by design, other than 200. */
const statusOf: Record<string, number> = { 'workspace/not-found.astro': 404, 'workspace/resume/[id].astro': 410 };

function coastal() {
  const db = new Database(resolve('tests/.tmp/browser.db'), { readonly: true });
  try {
    const transferId = (db.prepare("select t.id from transfer t join organisation o on o.id = t.organisation_id where o.name = 'Demo: Coastal Hospital Trust'").get() as { id: string }).id;
    const first = (section?: string) =>
      (db.prepare(`select id from entry where transfer_id = ? ${section ? 'and section = ?' : ''} order by position limit 1`).get(...(section ? [transferId, section] : [transferId])) as { id: string }).id;
    return { transfer: transferId, entry: first(), kpi: first('kpis'), action: first('actions'), workshop: first('workshops') };
  } finally {
    db.close();
  }
}

/** The pages (HTML routes of the workspace and administration) as [route file, URL], with every form and stage. */
function pages(): [string, string][] {
  const ids = coastal();
  const fill = (url: string) =>
    url.replace('{transfer}', ids.transfer).replace('{entry}', ids.entry).replace('{kpi}', ids.kpi).replace('{action}', ids.action).replace('{workshop}', ids.workshop);
  const templates = realTemplates();
  return Object.entries(routeUrls)
    .filter(([file]) => /^(workspace|admin)\//.test(file) && file.endsWith('.astro'))
    .flatMap(([file, url]): [string, string][] => {
      if (file === 'workspace/transfers/[id]/[template].astro') return templates.kinds.map((k) => [file, fill(url.replace('/swot/', `/${k.kind}/`))]);
      if (file === 'workspace/transfers/[id]/review/[stage].astro') return templates.stages.map((s) => [file, fill(url.replace('/situation/', `/${s.id}/`))]);
      return [[file, fill(url)]];
    });
}

async function phoneAs(browser: Browser, email: string, viewport = phone) {
  const page = await (await browser.newContext({ viewport })).newPage();
  await signIn(page, email);
  return page;
}

test('no workspace or administration page scrolls sideways on a 390 px phone', async ({ browser }) => {
  test.setTimeout(240_000);
  const list = pages();
  expect(list.length).toBeGreaterThan(20);
  const signedIn = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([who, email]) => [who, await phoneAs(browser, email)])));
  const wide: string[] = [];
  for (const [file, url] of list) {
    const page = signedIn[personFor(file)];
    const response = await page.goto(url);
    expect.soft(response!.status(), `${url} (${file})`).toBe(statusOf[file] ?? 200);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > phone.width) {
      // Name the elements that stick out, so a failure says where to look.
      const culprits = await page.evaluate((max: number) => [...document.querySelectorAll('main *')].filter((e) => e.getBoundingClientRect().right > max).slice(0, 3).map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')}`), phone.width);
      wide.push(`${url} (${file}): ${width} px; ${culprits.join(', ')}`);
    }
  }
  expect(wide).toEqual([]);
});

test('on a phone the charts are drawn for its width, with their text alternatives at hand', async ({ browser }) => {
  const ids = coastal();
  const page = await phoneAs(browser, people.editor);
  await page.goto(`/workspace/transfers/${ids.transfer}/action-plan/`);
  // The phone's drawing of the timeline, not the wide one scaled down: its names are set at 13 px or more.
  await expect(page.locator('svg.timeline-narrow')).toBeVisible();
  await expect(page.locator('svg.timeline-wide')).toBeHidden();
  const line = page.locator('svg.timeline-narrow text', { hasText: 'hospital record system' }).locator('tspan').first();
  expect((await line.boundingBox())!.height).toBeGreaterThanOrEqual(12);
  await page.getByText('The actions as a table').click();
  await expect(page.locator('.timeline-table table').getByRole('row').filter({ hasText: 'overdue' })).not.toHaveCount(0);

  await page.goto(`/workspace/transfers/${ids.transfer}/maturity/`);
  await expect(page.locator('svg.radar-narrow')).toBeVisible();
  // The assessment as cards: each dimension's justification and needed level read without scrolling sideways.
  const card = page.locator('.maturity-table tr', { hasText: 'Digital infrastructure' }).first();
  await expect(card.getByText('Needed by the practice')).toBeVisible();
  const justification = card.getByLabel('Justification for Digital infrastructure (eHealth services)');
  await justification.scrollIntoViewIfNeeded();
  await expect(justification).toBeVisible();
  const box = (await justification.boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(phone.width);
});

test('the pages with charts have no axe violations, on a desktop and on a phone (each shows its own drawings)', async ({ browser }) => {
  test.setTimeout(120_000);
  const ids = coastal();
  const base = `/workspace/transfers/${ids.transfer}/`;
  const charts: [keyof typeof people, string][] = [
    ['coordinator', '/workspace/programme/'],
    ['editor', `${base}action-plan/`],
    ['editor', `${base}maturity/`],
    ['editor', `${base}kpis/${ids.kpi}/`],
    ['editor', `${base}workshops/${ids.workshop}/`],
  ];
  const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
  for (const viewport of [{ width: 1280, height: 900 }, phone]) {
    const as = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([who, email]) => [who, await phoneAs(browser, email, viewport)])));
    for (const [who, url] of charts) {
      const page = as[who];
      await page.goto(url);
      await expect(page.locator('figure svg[role="img"]:visible').first()).toBeVisible();
      const { violations } = await new AxeBuilder({ page }).withTags(tags).analyze();
      expect(violations.map((v) => `${viewport.width} ${url} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    }
  }
});

test('the programme dashboard’s legend swatches stay small squares beside their labels, wide and on a phone', async ({ browser }) => {
  for (const viewport of [{ width: 1280, height: 900 }, phone]) {
    const page = await phoneAs(browser, people.coordinator, viewport);
    await page.goto('/workspace/programme/');
    const swatches = page.locator('.bar-chart .legend svg');
    expect(await swatches.count()).toBeGreaterThan(3);
    for (const box of await swatches.evaluateAll((all) => all.map((s) => s.getBoundingClientRect().toJSON() as DOMRect))) {
      expect([box.width, box.height]).toEqual([14, 14]);
    }
    // The chart itself shows its own drawing for the width, at most its natural size.
    const chart = page.locator('.bar-chart > svg:visible').first();
    expect((await chart.boundingBox())!.width).toBeLessThanOrEqual(viewport.width === 390 ? 360 : 640);
  }
});
