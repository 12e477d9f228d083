/**
 * The one way the portal sends e-mail. With SMTP_URL set (e.g. smtp://user:pass@host:587) messages go to that
 * server through nodemailer; every message is also kept in mail_message, which coordinators read in the
 * workspace, and without SMTP it is printed to the console, so a demo works offline.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '../db.ts';
import { schema, writeTransaction } from '../db.ts';

export type Mail = { to: string; subject: string; text: string };

let transporter: Transporter | undefined;
let transporterUrl: string | undefined;

function smtp(): Transporter | undefined {
  const url = process.env.SMTP_URL;
  if (!url) return undefined;
  if (!transporter || transporterUrl !== url) {
    transporter = nodemailer.createTransport(url);
    transporterUrl = url;
  }
  return transporter;
}

export const mailFrom = () => process.env.MAIL_FROM ?? 'Integrated Care Transfer Portal <no-reply@localhost>';

export async function sendMail(db: Db, mail: Mail): Promise<{ transport: 'smtp' | 'outbox'; error?: string }> {
  const transport = smtp();
  let error: string | undefined;
  if (transport) {
    try {
      await transport.sendMail({ from: mailFrom(), to: mail.to, subject: mail.subject, text: mail.text });
    } catch (e) {
      // The message stays readable in the outbox; the action that sent it must not fail for a mail server.
      error = e instanceof Error ? e.message : String(e);
      console.error(`[mail] SMTP delivery to ${mail.to} failed: ${error}`);
    }
  } else {
    console.log(`[mail] To: ${mail.to}\n[mail] Subject: ${mail.subject}\n${mail.text.replace(/^/gm, '[mail] ')}`);
  }
  // Its own transaction (after the network, never during it): see recordAudit for why a bare write is not enough.
  await writeTransaction(db, async (tx) => {
    await tx.insert(schema.mailMessage).values({ ...mail, transport: transport ? 'smtp' : 'outbox', error: error ?? null });
  });
  return { transport: transport ? 'smtp' : 'outbox', error };
}
