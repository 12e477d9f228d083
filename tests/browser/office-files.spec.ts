import AxeBuilder from '@axe-core/playwright';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { signIn } from './support';
import { schema } from '../../src/lib/server/db.ts';

/**
 * The office files as a reader gets them: the transfer overview's downloads (workbook, JSON, a CSV per section) and
 * a public template's Word worksheet. Records are written directly (field ids of content/templates/action-plan.mdx),
 * as fixtures.ts does for needs and scope.
 */
test('a viewer downloads the transfer as a workbook and a section as a CSV for Excel, from the overview', async ({ browser, team, portalDb }) => {
  const transfer = await team.openTransfer();
  const objectiveId = crypto.randomUUID();
  await portalDb.insert(schema.entry).values({ id: objectiveId, transferId: transfer.id, template: 'action-plan', section: 'objectives', position: 1, data: JSON.stringify({ statement: 'Every frail patient has one shared plan', 'target-date': '2027-06-30' }), createdBy: team.editor.id, updatedBy: team.editor.id });
  await portalDb.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: transfer.id, template: 'action-plan', section: 'actions', position: 1, data: JSON.stringify({ title: 'Train the district nurses', 'linked-objectives': [objectiveId], end: '2027-03-31', 'percent-done': 12.5 }), createdBy: team.editor.id, updatedBy: team.editor.id });

  const page = await (await browser.newContext()).newPage();
  await signIn(page, team.viewer.email);
  await page.goto(transfer.url);
  const downloads = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Download', level: 2 }) });

  const workbook = downloads.getByRole('link', { name: 'Workbook (XLSX)' });
  const answer = await page.request.get((await workbook.getAttribute('href'))!);
  expect(answer.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const [file] = await Promise.all([page.waitForEvent('download'), workbook.click()]);
  expect(file.suggestedFilename()).toBe(`transfer-${transfer.id}.xlsx`);
  const book = unzipSync(new Uint8Array(readFileSync((await file.path())!)));
  expect(strFromU8(book['xl/workbook.xml']!)).toMatch(/name="Objectives".*name="Actions"/);
  expect(strFromU8(book['xl/sharedStrings.xml']!)).toContain('Every frail patient has one shared plan');

  // Only the sections with records are offered one by one.
  await expect(downloads.getByRole('link', { name: 'Actions', exact: true })).toBeVisible();
  await expect(downloads.getByRole('link', { name: 'Risks', exact: true })).toHaveCount(0);
  const [csv] = await Promise.all([page.waitForEvent('download'), downloads.getByRole('link', { name: 'Actions', exact: true }).click()]);
  expect(csv.suggestedFilename()).toBe(`action-plan.actions-${transfer.id}.csv`);
  const text = readFileSync((await csv.path())!, 'utf8');
  expect(text.startsWith('\uFEFF"Action";"Description";')).toBe(true);
  expect(text).toContain(';12,5;');
  expect(text).toContain('"Every frail patient has one shared plan";');

  const commas = await page.request.get((await downloads.getByRole('link', { name: 'Actions with commas' }).getAttribute('href'))!);
  expect(commas.headers()['content-type']).toBe('text/csv; charset=utf-8');
  expect(await commas.text()).toContain(',12.5,');

  const json = await page.request.get((await downloads.getByRole('link', { name: 'Everything (JSON)' }).getAttribute('href'))!);
  expect(await json.json()).toMatchObject({ reviewComments: [] });

  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations).toEqual([]);
  // The downloads, with long section names, fit a phone's width.
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth)).toBe(true);
});

test('a public template page links its Word worksheet, which is a DOCX holding the template', async ({ page }) => {
  await page.goto('/templates/action-plan/');
  const link = page.getByRole('link', { name: 'as a Word worksheet (DOCX)' });
  const answer = await page.request.get((await link.getAttribute('href'))!);
  expect(answer.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(file.suggestedFilename()).toBe('action-plan.docx');
  expect(strFromU8(unzipSync(new Uint8Array(readFileSync((await file.path())!)))['word/document.xml']!)).toContain('Action plan');
});
