/**
 * Who hears about what happens in review, in the app and by e-mail. Notifications and activity are written in the
 * same transaction as the change they report; e-mails go out after it commits (a slow or absent mail server never
 * undoes or blocks a decision), and only to people who have not opted out.
 */
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, Tx } from '../db.ts';
import { schema } from '../db.ts';
import { tIn } from '../../../i18n/index.ts';
import { sendMail, type Mail } from '../mail/mailer.ts';
import { englishText, renderMessage, type Message } from '../messages.ts';

/** `locale`: the language the person reads the portal in (null: English); their e-mails are written in it. */
export type Recipient = { id: string; email: string; name: string; emailNotifications: boolean; locale?: string | null };

export const recipientColumns = { id: schema.user.id, email: schema.user.email, name: schema.user.name, emailNotifications: schema.user.emailNotifications, locale: schema.user.locale };

/** The adopting team (editors and viewers) and the assigned mentors of a transfer, enabled accounts only. */
export async function participants(tx: Tx, transfer: { organisationId: string; mentorIds: string[] }): Promise<{ team: Recipient[]; mentors: Recipient[] }> {
  const team = await tx
    .select(recipientColumns)
    .from(schema.membership)
    .innerJoin(schema.user, eq(schema.user.id, schema.membership.userId))
    .where(and(eq(schema.membership.organisationId, transfer.organisationId), inArray(schema.membership.role, ['editor', 'viewer']), isNull(schema.user.disabledAt)));
  const mentors = transfer.mentorIds.length ? await tx.select(recipientColumns).from(schema.user).where(and(inArray(schema.user.id, transfer.mentorIds), isNull(schema.user.disabledAt))) : [];
  return { team, mentors };
}

export type Announcement = {
  transferId: string;
  /** Who did it; null for what the portal itself says (a reminder). */
  actorUserId: string | null;
  /** One line, as it reads in the feed and the notification list: "Ana submitted Action plan (version 2)"; rendered in each reader's language. */
  message: Message;
  /** Path inside the portal. */
  link: string;
  recipients: Recipient[];
  /** Set for events that also go by e-mail (submissions, decisions, replies). */
  mail?: { subject: Message; body: Array<Message | string> };
  /** Set when this tells other people, in other words, of an event already announced: its activity line is written once. */
  sameEvent?: boolean;
};

/** Writes the activity line and the notifications through the command's `tx`; returns the e-mails to send once it has committed. */
export async function announce(tx: Tx, a: Announcement, meta: { now: string; origin: string }): Promise<Mail[]> {
  const stored = { summary: englishText(a.message), message: JSON.stringify(a.message) };
  if (!a.sameEvent) await tx.insert(schema.activity).values({ transferId: a.transferId, actorUserId: a.actorUserId, ...stored, link: a.link, at: meta.now });
  const others = uniqueRecipients(a.recipients).filter((r) => r.id !== a.actorUserId);
  for (const r of others) await tx.insert(schema.notification).values({ userId: r.id, transferId: a.transferId, ...stored, link: a.link, createdAt: meta.now });
  if (!a.mail) return [];
  // Each e-mail in its recipient's language, whoever's action sent it.
  return others.filter((r) => r.emailNotifications).map((r) => ({ to: r.email, subject: renderMessage(a.mail!.subject, tIn(r.locale ?? 'en')), text: mailText(r, a, meta.origin) }));
}

function uniqueRecipients(list: Recipient[]): Recipient[] {
  return [...new Map(list.map((r) => [r.id, r])).values()];
}

function mailText(r: Recipient, a: Announcement, origin: string): string {
  const t = tIn(r.locale ?? 'en');
  return [
    t('mail:hello', { name: r.name }),
    '',
    a.mail!.body.map((part) => (typeof part === 'string' ? part : renderMessage(part, t))).join('\n\n'),
    '',
    t('mail:review.open', { url: `${origin}${a.link}` }),
    '',
    t('mail:review.why', { url: `${origin}/workspace/account/` }),
  ].join('\n');
}

/** Sends the e-mails one after the other, after the commit (with `db`, never a `tx`); the mail module keeps each one and never throws for a delivery failure. */
export async function deliver(db: Db, mails: Mail[]): Promise<void> {
  for (const mail of mails) await sendMail(db, mail);
}
