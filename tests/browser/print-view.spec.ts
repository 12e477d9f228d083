import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { signIn } from './support';
import { schema } from '../../src/lib/server/db.ts';
import { readFrontmatter } from '../support/site.ts';
import { realTemplates } from '../support/templates.ts';

/**
 * The print view as a reader prints it: forms in the templates' order down to the quadrant and dimension, the radar,
 * the timeline and the traceability chain, linked records in full, decisions in the template's words, nothing wider
 * than an A4 page, and the PDFs a click away. Records are written directly (field ids of content/templates/*.mdx),
 * as fixtures.ts does for needs and scope.
 */
const longNeed = 'Shared care plans are seen by every professional caring for the same person, at home and in hospital, without a second login';
const decisionWords = (readFrontmatter('templates', 'needs-and-scope').workspace as { review: { coreFeatureOptions: Record<string, string> } }).review.coreFeatureOptions;

test('the print view follows the templates’ order, prints links and decisions in words, draws its charts and fits A4', async ({ browser, team, portalDb }) => {
  const transfer = await team.openTransfer();
  let position = 100;
  const write = async (template: string, section: string, grouping: string, data: Record<string, unknown>) => {
    const id = crypto.randomUUID();
    await portalDb.insert(schema.entry).values({ id, transferId: transfer.id, template, section, grouping, position: position++, data: JSON.stringify(data), createdBy: team.editor.id, updatedBy: team.editor.id });
    return id;
  };
  const need = await write('needs-scope', 'needs', '', { 'need-statement': longNeed, priority: 'High' });
  // Written last quadrant first and last dimension first: the page must not print them as stored or alphabetically.
  for (const quadrant of ['threats', 'opportunities', 'weaknesses', 'strengths']) await write('swot', 'swot-item', quadrant, { statement: `Finding about ${quadrant}`, 'related-needs': [need] });
  for (const dimension of ['capacity-building', 'digital-infrastructure', 'readiness-to-change']) await write('maturity', 'assessment', dimension, { score: 3, note: `Why ${dimension}` });
  const objective = await write('action-plan', 'objectives', '', { statement: 'Every care plan shared', 'linked-needs': [need] });
  await write('action-plan', 'actions', '', { title: 'Connect the home-care system', start: '2026-01-05', end: '2026-06-30', status: 'In progress', 'linked-objectives': [objective] });
  await portalDb.insert(schema.featureChoice).values({ transferId: transfer.id, featureId: 'one-screen-overview', decision: 'keep', note: 'As the practice runs it', updatedBy: team.editor.id });
  await team.submitNeedsAndScope(transfer);

  const context = await browser.newContext({ viewport: { width: 794, height: 1123 } });
  const page = await context.newPage();
  await signIn(page, team.viewer.email);
  await page.goto(`${transfer.url}print/`);

  const swot = page.locator('section').filter({ has: page.getByRole('heading', { name: 'SWOT analysis', level: 2 }) });
  await expect(swot.getByRole('heading', { level: 3 })).toHaveText(['Strengths', 'Weaknesses', 'Opportunities', 'Threats']);
  const maturity = page.locator('section.print-form').filter({ has: page.locator('[data-group="readiness-to-change"]') });
  await expect(maturity.locator('h3[data-group]')).toHaveText(realTemplates().templates.get('maturity')!.dimensions.map((d) => d.name));
  // The need a SWOT finding links to, in full: no "…" cut.
  await expect(swot.getByText(longNeed, { exact: true }).first()).toBeVisible();
  await expect(page.getByText('…')).toHaveCount(0);
  await expect(page.locator('tr[data-feature="one-screen-overview"] td').first()).toHaveText(decisionWords.keep!);
  await expect(page.locator('figure.radar svg.radar-wide')).toBeVisible();
  await expect(page.locator('figure.timeline svg.timeline-wide')).toBeVisible();
  const trace = page.locator('section.print-trace');
  await expect(trace.getByRole('heading', { level: 3, name: `Need ${longNeed}` })).toBeVisible();
  await expect(trace).toContainText('Connect the home-care system');

  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

  // Printed on A4 (about 180 mm of text width, 680 CSS px): nothing runs off the side, and the charts fit the width.
  await page.setViewportSize({ width: 680, height: 1000 });
  await page.emulateMedia({ media: 'print' });
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  for (const chart of ['figure.radar svg.radar-wide', 'figure.timeline svg.timeline-wide']) expect((await page.locator(chart).boundingBox())!.width).toBeLessThanOrEqual(680);

  // The PDFs: the whole transfer, and the submitted needs and scope, both from the links on the page.
  await page.emulateMedia({ media: 'screen' });
  for (const link of [page.getByRole('link', { name: 'the whole transfer as it is now (PDF)' }), page.getByRole('link', { name: 'Needs and scope, version 1 (PDF)' })]) {
    const response = await page.request.get((await link.getAttribute('href'))!);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/pdf');
    expect((await response.body()).subarray(0, 5).toString()).toBe('%PDF-');
  }
  await page.goto(`${transfer.url}review/needs-scope/`);
  const versionLink = page.getByRole('link', { name: 'Version 1 as PDF' });
  expect((await page.request.get((await versionLink.getAttribute('href'))!)).headers()['content-type']).toBe('application/pdf');
});

test('a PDF of a version that was never submitted, or of another team’s transfer, is not found', async ({ browser, team }) => {
  const transfer = await team.openTransfer();
  const page = await (await browser.newContext()).newPage();
  await signIn(page, team.viewer.email);
  expect((await page.request.get(`${transfer.url}review/needs-scope/v1.pdf`)).status()).toBe(404);
  expect((await page.request.get(`${transfer.url}review/needs-scope/v0.pdf`)).status()).toBe(404);
  expect((await page.request.get(`${transfer.url}review/no-such-stage/v1.pdf`)).status()).toBe(404);
  const outsider = await (await browser.newContext()).newPage();
  await signIn(outsider, 'editor.lakeside@demo.example');
  expect((await outsider.request.get(`${transfer.url}transfer.pdf`)).status()).toBe(404);
});
