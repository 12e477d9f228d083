import AxeBuilder from '@axe-core/playwright';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import type { Page } from '@playwright/test';
import { totpAt } from '../../src/lib/server/auth/second-factor';
import { startServer } from '../support/server';
import { expect, test } from './fixtures';
import { demoPassword, signIn } from './support';

/** The key the setup page shows as text, decoded as an authenticator app would after typing it in. */
async function keyOnPage(page: Page): Promise<Uint8Array> {
  const text = await page.locator('figcaption code').textContent();
  return decodeBase32IgnorePadding(text!.replace(/\s+/g, ''));
}

/** Sets up the app from the setup page; the key and the recovery codes shown. */
async function setUpApp(page: Page) {
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('img', { name: /QR code/ })).toBeVisible();
  const key = await keyOnPage(page);
  await page.getByLabel('Code from your app').fill(totpAt(key));
  await page.getByRole('button', { name: 'Confirm' }).click();
  await expect(page.getByRole('heading', { name: 'Your recovery codes' })).toBeVisible();
  const codes = await page.locator('.recovery-codes code').allTextContents();
  expect(codes).toHaveLength(10);
  return { key, codes };
}

async function passwordStep(page: Page, email: string, base = '') {
  await page.goto(`${base}/sign-in/`);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test(`anyone can add an authenticator app, then signs in with a code or a recovery code (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async ({ browser, team }) => {
    const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
    await signIn(page, team.editor.email);
    await page.goto('/workspace/account/');
    await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
    if (javaScriptEnabled) expect((await new AxeBuilder({ page }).analyze()).violations).toEqual([]);
    const { key, codes } = await setUpApp(page);
    await page.getByRole('link', { name: 'I have kept them: continue' }).click();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await passwordStep(page, team.editor.email);
    await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
    // Nothing else opens before the code.
    await page.goto('/workspace/transfers/');
    await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
    await page.getByLabel('Code').fill('000000' === totpAt(key, Date.now() + 30_000) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByText('This code is not right')).toBeVisible();
    // The next step's code: the one used to confirm cannot be used again.
    await page.getByLabel('Code').fill(totpAt(key, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/workspace\/transfers\/$/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await passwordStep(page, team.editor.email);
    await page.getByLabel('Code').fill(codes[0]);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('status')).toContainText('9 left');
  });
}

test('a coordinator resets the lost second factor of a mentor, who then signs in with the password alone', async ({ browser, team }) => {
  const mentor = await (await browser.newContext()).newPage();
  await signIn(mentor, team.mentor.email);
  await mentor.goto('/workspace/account/two-factor/');
  await setUpApp(mentor);

  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, team.coordinator.email);
  await coordinator.goto('/admin/users/');
  await coordinator.getByRole('button', { name: `Reset the second factor of ${team.mentor.name}` }).click();
  await expect(coordinator.getByRole('status')).toContainText('The second factor is reset');

  // The mentor's session ended with the reset.
  await mentor.goto('/workspace/');
  await expect(mentor).toHaveURL(/\/sign-in\//);
  await signIn(mentor, team.mentor.email);
});

test.describe('with second factors required, as by default', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  test.beforeAll(async () => {
    server = await startServer({ PORTAL_MFA_REQUIRED_ROLES: 'coordinator,mentor' });
  });
  test.afterAll(() => server?.stop());

  test('a coordinator must set one up at the next sign-in before opening anything, without JavaScript too', async ({ browser }) => {
    const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await passwordStep(page, 'coordinator@demo.example', server.url);
    await expect(page).toHaveURL(/\/workspace\/account\/two-factor\//);
    await expect(page.getByText('Your role (coordinator or mentor) needs a second factor')).toBeVisible();
    await page.goto(`${server.url}/admin/users/`);
    await expect(page).toHaveURL(/\/workspace\/account\/two-factor\/\?next=%2Fadmin%2Fusers%2F/);
    await setUpApp(page);
    await page.getByRole('link', { name: 'I have kept them: continue' }).click();
    await expect(page).toHaveURL(`${server.url}/admin/users/`);
    await expect(page.getByRole('heading', { name: 'People and roles' })).toBeVisible();
  });
});

test.describe('passkeys, with a virtual authenticator', () => {
  // WebAuthn needs a host name (an IP address is no relying party id): this server is reached as localhost.
  let server: Awaited<ReturnType<typeof startServer>>;
  let base = '';
  test.beforeAll(async () => {
    server = await startServer({ PUBLIC_SITE_URL: 'http://localhost:{port}' });
    base = server.url.replace('127.0.0.1', 'localhost');
  });
  test.afterAll(() => server?.stop());

  test('a person adds a passkey, signs in with it alone, and uses it as the second step after the password', async ({ browser }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });

    await passwordStep(page, 'viewer@demo.example', base);
    await expect(page).toHaveURL(`${base}/workspace/`);
    await page.goto(`${base}/workspace/account/two-factor/`);
    await page.getByLabel('Name for this passkey (optional)').fill('Test laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await expect(page.getByRole('status')).toContainText('The passkey is added');
    await expect(page.getByText('Test laptop, added')).toBeVisible();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${base}/sign-in/`);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await expect(page).toHaveURL(`${base}/workspace/`);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await passwordStep(page, 'viewer@demo.example', base);
    await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await expect(page).toHaveURL(`${base}/workspace/`);
  });
});
