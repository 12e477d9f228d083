import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { inviteUser } from '../../src/lib/server/commands/invitations.ts';
import { sendMail } from '../../src/lib/server/mail/mailer.ts';
import { schema } from '../../src/lib/server/db.ts';
import { createProgramme, createTestDb } from '../support/db.ts';
import { bodyOf, startSmtpServer } from '../support/smtp.ts';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await smtp.close();
});

describe('sendMail', () => {
  it('keeps the message in the outbox only when no SMTP server is configured', async () => {
    delete process.env.SMTP_URL;
    const db = await createTestDb();
    expect(await sendMail(db, { to: 'a@example.org', subject: 'Hello', text: 'Body' })).toEqual({ transport: 'outbox', error: undefined });
    expect(await db.select().from(schema.mailMessage)).toMatchObject([{ to: 'a@example.org', transport: 'outbox' }]);
  });

  it('delivers through SMTP when SMTP_URL is set, and still keeps a copy', async () => {
    process.env.SMTP_URL = smtp.url;
    const db = await createTestDb();
    const p = await createProgramme(db);
    await inviteUser(db, await loadActor(db, p.coordinator.id), { email: 'invitee@example.org', organisationId: p.organisations.adopter.id, role: 'editor' }, { ip: '127.0.0.1', origin: 'https://portal.example' });
    const message = smtp.received.find((m) => m.to.includes('invitee@example.org'));
    expect(message).toBeDefined();
    expect(message!.raw).toMatch(/Subject: You are invited to the Integrated Care Transfer Portal/);
    expect(bodyOf(message!.raw)).toMatch(/https:\/\/portal\.example\/invitations\/[a-z0-9-]+\.[a-z2-7]{24}/);
    expect(await db.select().from(schema.mailMessage)).toMatchObject([{ to: 'invitee@example.org', transport: 'smtp', error: null }]);
  });

  it('records a failed delivery without failing the action that sent it', async () => {
    process.env.SMTP_URL = 'smtp://127.0.0.1:9';
    const db = await createTestDb();
    const result = await sendMail(db, { to: 'b@example.org', subject: 'S', text: 'T' });
    expect(result.transport).toBe('smtp');
    expect(result.error).toBeTruthy();
    expect((await db.select().from(schema.mailMessage))[0].error).toBeTruthy();
  });
});
