import { eq } from 'drizzle-orm';
import { expect, test } from './fixtures';
import { signIn } from './support';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { schema } from '../../src/lib/server/db.ts';
import { decide, submitStage } from '../../src/lib/server/review/commands.ts';
import { reviewStage } from '../support/templates.ts';

/**
 * An approved action plan changed during implementation says so on its page, shows the draft against the approved
 * version on its review page, and is sent again as a revised plan; a status update alone changes nothing. The plan's
 * records are written directly (field ids of content/templates/action-plan.mdx), as fixtures.ts does; submission
 * and approval go through the review commands.
 */
test('a change to an approved plan is announced, shown against the approved version, and resubmitted as a revised plan', async ({ page, team, portalDb, baseURL }) => {
  const transfer = await team.openTransfer();
  const actionId = crypto.randomUUID();
  await portalDb.insert(schema.entry).values({ id: actionId, transferId: transfer.id, template: 'action-plan', section: 'actions', position: 1, data: JSON.stringify({ title: 'Train the ward nurses', owner: 'Ward manager', status: 'In progress' }), createdBy: team.editor.id, updatedBy: team.editor.id });
  const stage = reviewStage('action-plan');
  const review = { id: transfer.id, title: transfer.title, organisationId: team.adopter.id, mentorIds: [team.mentor.id] };
  const meta = { ip: 'test', origin: new URL(baseURL!).origin };
  const submitted = await submitStage(portalDb, await loadActor(portalDb, team.editor.id), review, stage, { note: '' }, meta);
  if (!submitted.ok) throw new Error(JSON.stringify(submitted));
  const submission = await portalDb.select().from(schema.submission).where(eq(schema.submission.transferId, transfer.id)).get();
  const scores = Object.fromEntries(stage.rubric.map((c) => [`score.${c.id}`, '4']));
  const approved = await decide(portalDb, await loadActor(portalDb, team.mentor.id), review, stage, { submissionId: submission!.id, outcome: 'approve', ...scores }, meta);
  if (!approved.ok) throw new Error(JSON.stringify(approved));

  await signIn(page, team.editor.email);
  await page.goto(`${transfer.url}action-plan/`);
  await expect(page.getByTestId('plan-changed')).toHaveCount(0);

  // The editor changes the action's owner through its edit page, as a person would.
  await page.goto(`${transfer.url}entries/${actionId}/`);
  await page.getByLabel('Owner (required)').fill('Head of community nursing');
  await page.getByRole('button', { name: /Save/ }).first().click();
  await page.goto(`${transfer.url}action-plan/`);
  await expect(page.getByTestId('plan-changed')).toContainText('Changed since approval');
  await expect(page.getByTestId('plan-changed')).toContainText('1 item changed');

  await page.getByTestId('plan-changed').getByRole('link', { name: 'see what changed' }).click();
  const since = page.locator('section').filter({ has: page.locator('#since-approval') });
  await expect(since).toContainText('Train the ward nurses');
  await expect(since.locator('ins')).toContainText('community');

  await page.goto(`${transfer.url}review/`);
  await page.getByRole('button', { name: /Submit the revised plan/ }).click();
  await expect(page.getByTestId('state-action-plan')).toHaveText('Resubmitted, waiting for review');
  await page.goto(`${transfer.url}action-plan/`);
  await expect(page.getByTestId('plan-changed')).toContainText('the revised version is in review');
});
