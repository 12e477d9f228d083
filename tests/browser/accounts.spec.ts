import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures';
import { demoPassword, lastMailTo, linkIn, mailTo, signIn } from './support';

// Every test signs in as its own team (tests/browser/fixtures.ts): nobody disables, demotes or resets a shared account.

test('a coordinator invites someone, who accepts, signs in and signs out', async ({ browser, team }) => {
  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, team.coordinator.email);
  await coordinator.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Administration' }).click();
  await coordinator.getByRole('link', { name: 'Invitations' }).click();
  const email = `invitee-${team.tag}@test.example`;
  await coordinator.getByLabel('E-mail address').fill(email);
  await coordinator.getByLabel('Organisation').selectOption({ label: team.adopter.name });
  await coordinator.getByLabel('Role').selectOption('editor');
  await coordinator.getByRole('button', { name: 'Send invitation' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The invitation is sent');
  await coordinator.goto('/admin/outbox/');
  await expect(coordinator.getByText(`To ${email}`)).toBeVisible();

  const link = linkIn(lastMailTo(email)!.text)!;
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(link);
  await expect(invitee.getByText(team.adopter.name)).toBeVisible();
  await invitee.getByLabel('Your name').fill('Iris Invitee');
  await invitee.getByLabel('Choose a password').fill('a calm and long passphrase');
  await invitee.getByLabel('The password, again').fill('a calm and long passphrase');
  await invitee.getByRole('button', { name: 'Create my account' }).click();
  await expect(invitee.getByRole('heading', { name: 'Welcome, Iris Invitee' })).toBeVisible();
  await invitee.getByRole('button', { name: 'Sign out' }).click();
  await expect(invitee).toHaveURL(/\/sign-in\//);
  await invitee.goto('/workspace/');
  await expect(invitee).toHaveURL(/\/sign-in\/\?next=/);

  // The link is single-use.
  await invitee.goto(link);
  await expect(invitee.getByRole('alert')).toContainText('This invitation link is not valid');
  await signIn(invitee, email, 'a calm and long passphrase');
});

test('a forgotten password is reset through the e-mailed link', async ({ page, team }) => {
  await page.goto('/sign-in/');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await page.getByLabel('E-mail address of your account').fill(team.mentor.email);
  await page.getByRole('button', { name: 'Send me a link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses that address');
  const link = linkIn((await mailTo(team.mentor.email, /new password/)).text)!;
  await page.goto(link);
  await page.getByLabel('New password', { exact: true }).fill('mentor has a new phrase');
  await page.getByLabel('New password, again').fill('mentor has a new phrase');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await expect(page).toHaveURL(/\/sign-in\/\?reset=1/);
  await signIn(page, team.mentor.email, 'mentor has a new phrase');
});

test('a disabled user is thrown out on their next request', async ({ browser, team }) => {
  const user = await (await browser.newContext()).newPage();
  await signIn(user, team.editor.email);
  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, team.coordinator.email);
  await coordinator.goto('/admin/users/');
  await coordinator.getByRole('button', { name: `Disable ${team.editor.name}` }).click();
  await expect(coordinator.getByRole('status')).toContainText('The account is disabled');

  await user.reload();
  await expect(user).toHaveURL(/\/sign-in\/\?next=/);
  await user.getByLabel('E-mail address').fill(team.editor.email);
  await user.getByLabel('Password').fill(demoPassword);
  await user.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(user.getByRole('alert')).toContainText('The e-mail address or password is not right.');

  await coordinator.getByRole('button', { name: `Enable ${team.editor.name}` }).click();
  await expect(coordinator.getByRole('status')).toContainText('enabled again');
});

test('a coordinator changes a role and revokes an open invitation', async ({ browser, team }) => {
  const coordinator = await (await browser.newContext()).newPage();
  await signIn(coordinator, team.coordinator.email);
  await coordinator.goto('/admin/users/');
  const viewerRow = () => coordinator.locator(`tr[data-user="${team.viewer.email}"]`);
  await viewerRow().getByLabel(team.adopter.name).selectOption('editor');
  await viewerRow().getByRole('button', { name: 'Change role' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The role is changed.');
  await expect(viewerRow().getByLabel(team.adopter.name)).toHaveValue('editor');
  // And back again.
  await viewerRow().getByLabel(team.adopter.name).selectOption('viewer');
  await viewerRow().getByRole('button', { name: 'Change role' }).click();
  await expect(coordinator.getByRole('status')).toContainText('The role is changed.');
  await expect(viewerRow().getByLabel(team.adopter.name)).toHaveValue('viewer');

  const email = `revoked-${team.tag}@test.example`;
  await coordinator.goto('/admin/invitations/');
  await coordinator.getByLabel('E-mail address').fill(email);
  await coordinator.getByLabel('Organisation').selectOption({ label: team.adopter.name });
  await coordinator.getByLabel('Role').selectOption('viewer');
  await coordinator.getByRole('button', { name: 'Send invitation' }).click();
  await coordinator.getByRole('button', { name: `Revoke the invitation to ${email}` }).click();
  await expect(coordinator.getByRole('status')).toContainText('The invitation is revoked');
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(linkIn(lastMailTo(email)!.text)!);
  await expect(invitee.getByRole('alert')).toContainText('This invitation link is not valid');
});

test('a user signs out their other sessions from the account page', async ({ browser, team }) => {
  const laptop = await (await browser.newContext()).newPage();
  const phone = await (await browser.newContext()).newPage();
  await signIn(laptop, team.mentor.email);
  await signIn(phone, team.mentor.email);
  await laptop.getByRole('link', { name: 'Account' }).click();
  await laptop.getByRole('button', { name: 'Sign out everywhere else' }).click();
  await expect(laptop.getByRole('status')).toContainText(/other sessions? ended/);
  await phone.reload();
  await expect(phone).toHaveURL(/\/sign-in\//);
  await laptop.reload();
  await expect(laptop.getByRole('heading', { name: 'Your account' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('sign-in keeps the e-mail and explains a failure, then succeeds', async ({ page, team }) => {
    await page.goto('/workspace/account/');
    await expect(page).toHaveURL(/\/sign-in\/\?next=%2Fworkspace%2Faccount%2F/);
    await page.getByLabel('E-mail address').fill(team.editor.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('The e-mail address or password is not right.');
    await expect(page.getByLabel('E-mail address')).toHaveValue(team.editor.email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page).toHaveURL(/\/workspace\/account\/$/);
  });

  test('a bad invitation form keeps the name and marks the fields', async ({ page, team }) => {
    await signIn(page, team.coordinator.email);
    await page.goto('/admin/invitations/');
    await page.getByLabel('E-mail address').fill('not-an-email');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('alert')).toContainText('Please correct the');
    await expect(page.getByLabel('E-mail address')).toHaveValue('not-an-email');
    await expect(page.getByLabel('E-mail address')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText('Enter a valid e-mail address.')).toBeVisible();
  });
});

const workspacePages = ['/sign-in/', '/forgot-password/', '/workspace/', '/workspace/account/', '/admin/', '/admin/users/', '/admin/invitations/', '/admin/outbox/', '/admin/audit/', '/forbidden/', '/invitations/not.valid/'];
for (const path of workspacePages) {
  const signedIn = !['/sign-in/', '/forgot-password/', '/invitations/not.valid/'].includes(path);
  test(`${path} has no axe violations`, async ({ browser, team }) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (signedIn) await signIn(page, team.coordinator.email);
    await page.goto(path);
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
    expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    await context.close();
  });
}
