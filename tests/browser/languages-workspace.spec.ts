/**
 * A Spanish editor's walk through the workspace: the person chooses Español, then works on a transfer as they would
 * in English. The form's labels come from the Spanish template, a refused save says why in Spanish and keeps what
 * was typed, the option shown in Spanish is stored as the template's English option, and the page passes axe.
 */
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { expect, test } from './fixtures';
import { openAddForms, signIn } from './support';

for (const javaScriptEnabled of [true, false]) {
  test(`a Spanish editor adds a SWOT weakness in Spanish (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser, team }) => {
    const transfer = await team.openTransfer();
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    await signIn(page, team.editor.email);
    await page.goto('/workspace/account/');
    const choose = page.getByLabel('The language of the workspace and of your e-mails');
    await choose.selectOption({ label: 'Español' });
    await page.locator('form', { has: choose }).getByRole('button', { name: 'Save' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');

    await page.goto(`${transfer.url}swot/`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1, name: 'Análisis DAFO' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Debilidades' }).first()).toBeVisible();
    await openAddForms(page);
    const weak = page.getByRole('form', { name: 'Añadir a Debilidades' });

    // Refused: the impact is out of range; the message is Spanish and the statement is kept. (Without JavaScript the
    // browser's own check stops the form first; tests/site/transfer-languages.test.ts posts it to the server.)
    await weak.getByLabel('Enunciado (obligatorio)').fill('Sin historia compartida entre sectores');
    await weak.getByLabel('Planteado por').selectOption({ label: 'Atención primaria' });
    if (javaScriptEnabled) {
      await weak.getByLabel('Impacto (obligatorio)').fill('9');
      // Past the browser's own check, as an old browser or a script would send it: the server's message counts.
      await weak.getByLabel('Impacto (obligatorio)').evaluate((el) => el.removeAttribute('max'));
      await weak.getByRole('button', { name: 'Añadir' }).click();
      await expect(page.locator('html')).toHaveAttribute('lang', 'es');
      await expect(page.getByText('Impacto: como máximo 5.').first()).toBeVisible();
      await openAddForms(page);
      await expect(weak.getByLabel('Enunciado (obligatorio)')).toHaveValue('Sin historia compartida entre sectores');
    }
    // Saved: the weakness is listed, its option shown in Spanish.
    await weak.getByLabel('Impacto (obligatorio)').fill('4');
    await weak.getByRole('button', { name: 'Añadir' }).click();
    const list = page.locator('#swot-item-weaknesses');
    await expect(list).toContainText('Sin historia compartida entre sectores');
    await expect(list).toContainText('Atención primaria');

    // axe runs in the page: with JavaScript on.
    if (javaScriptEnabled) expect((await new AxeBuilder({ page }).analyze()).violations.map((v) => v.id)).toEqual([]);
  });
}

test('what a Spanish editor chose is stored as the template’s English option', async ({ browser, team }) => {
  const transfer = await team.openTransfer();
  const page = await (await browser.newContext()).newPage();
  await signIn(page, team.editor.email);
  await page.goto('/workspace/account/');
  const choose = page.getByLabel('The language of the workspace and of your e-mails');
  await choose.selectOption({ label: 'Español' });
  await page.locator('form', { has: choose }).getByRole('button', { name: 'Save' }).click();
  await page.goto(`${transfer.url}swot/`);
  await openAddForms(page);
  const weak = page.getByRole('form', { name: 'Añadir a Debilidades' });
  await weak.getByLabel('Enunciado (obligatorio)').fill('Opción guardada en inglés');
  await weak.getByLabel('Impacto (obligatorio)').fill('3');
  await weak.getByLabel('Planteado por').selectOption({ label: 'Atención primaria' });
  await weak.getByRole('button', { name: 'Añadir' }).click();
  await expect(page.locator('#swot-item-weaknesses')).toContainText('Opción guardada en inglés');
  const db = new Database(process.env.DATABASE_PATH ?? 'tests/.tmp/browser.db', { readonly: true });
  const row = db.prepare("select data from entry where transfer_id = ? and data like '%Opción guardada en inglés%'").get(transfer.id) as { data: string };
  db.close();
  expect(Object.values(JSON.parse(row.data))).toContain('General practice');
});
