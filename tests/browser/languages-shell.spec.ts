import { expect, test } from './fixtures';
import { signIn } from './support';

// Account → Language switches the person's workspace at once: layout, navigation, home, account page and the
// account form's validation messages, with and without JavaScript.
for (const javaScriptEnabled of [true, false]) {
  test(`a person chooses Español in their account and reads the workspace in Spanish (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser, team }) => {
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    await signIn(page, team.editor.email);
    await page.goto('/workspace/account/');
    const languageForm = page.locator('form', { has: page.getByLabel('The language of the workspace and of your e-mails') });
    await languageForm.getByLabel('The language of the workspace and of your e-mails').selectOption({ label: 'Español' });
    await languageForm.getByRole('button', { name: 'Save' }).click();

    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1, name: 'Tu cuenta' })).toBeVisible();
    await expect(page.getByRole('status')).toContainText('Tu idioma se ha guardado.');
    const nav = page.getByRole('navigation', { name: 'Espacio de trabajo' });
    await expect(nav.getByRole('link', { name: 'Transferencias' })).toBeVisible();
    await expect(nav.getByRole('button', { name: 'Cerrar sesión' })).toBeVisible();
    await expect(page.getByLabel('The language of the workspace and of your e-mails')).toHaveCount(0);
    await expect(page.getByLabel('El idioma del espacio de trabajo y de tus correos')).toHaveValue('es');

    // A validation message of the account form, in Spanish.
    await page.getByRole('button', { name: 'Cambiar contraseña' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByText('Introduce tu contraseña actual.')).toBeVisible();

    await nav.getByRole('link', { name: 'Espacio de trabajo' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1, name: `Te damos la bienvenida, ${team.editor.name}` })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Pendiente de ti' })).toBeVisible();
  });
}

test('the sign-in page is English unless asked; Accept-Language only suggests a link, and ?lang= switches it', async ({ page, request }) => {
  const response = await request.get('/sign-in/', { headers: { 'accept-language': 'da-DK,da;q=0.9,en;q=0.5' }, maxRedirects: 0 });
  expect(response.status()).toBe(200);
  const html = await response.text();
  expect(html).toMatch(/<html lang="en"/);
  expect(html).toMatch(/<h1>Sign in<\/h1>/);
  expect(html).toMatch(/<a href="\/sign-in\/\?lang=da" lang="da" hreflang="da">Læs denne side på Dansk<\/a>/);

  await page.goto('/sign-in/');
  await page.getByRole('navigation', { name: 'Languages' }).getByRole('link', { name: 'Deutsch' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  // The form posts to the same address, so a failed sign-in stays in German.
  await page.getByLabel('E-Mail-Adresse').fill('nobody@example.org');
  await page.getByLabel('Passwort', { exact: true }).fill('wrong password here');
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'de');
  await expect(page).toHaveURL(/lang=de/);
});
