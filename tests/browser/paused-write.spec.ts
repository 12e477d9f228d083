/**
 * A form sent after the transfer was paused (the page was opened while it was active): with JavaScript off, the
 * editor reads that the transfer is paused, not that their account cannot change it, and nothing is saved.
 */
import { eq } from 'drizzle-orm';
import { schema } from '../../src/lib/server/db.ts';
import { expect, test } from './fixtures';
import { openAddForms, signIn } from './support';

test.use({ javaScriptEnabled: false });

test('an entry saved after the transfer was paused is refused with the paused notice', async ({ page, team, portalDb }) => {
  const transfer = await team.openTransfer();
  await signIn(page, team.editor.email);
  await page.goto(`${transfer.url}swot/`);
  await openAddForms(page);
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: /^Add/ }) }).first();
  await form.getByRole('textbox').first().fill('Strong GP network');
  // The coordinator pauses it meanwhile.
  await portalDb.update(schema.transfer).set({ status: 'paused' }).where(eq(schema.transfer.id, transfer.id));
  await form.getByRole('button', { name: /^Add/ }).click();
  await expect(page.getByText('This transfer is paused.').first()).toBeVisible();
  await expect(page.getByText('Your account cannot change this transfer')).toHaveCount(0);
  expect(await portalDb.$count(schema.entry, eq(schema.entry.transferId, transfer.id))).toBe(0);
});
