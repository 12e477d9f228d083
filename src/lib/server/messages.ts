/**
 * Text written now and read later, by someone else, in their language: a notification, an activity line, an
 * e-mail. It is kept as a catalogue key and its values (`{ key, params }`), and rendered when it is read, in the
 * reader's language. A value may itself be a message (a stage's outcome, say), rendered in the same language.
 * The English rendering is also stored (`summary`), for logs and for rows written before languages.
 */
import type { TFunction } from 'i18next';
import { t as currentT, tIn } from '../../i18n/index.ts';

export type Message = { key: string; params?: Record<string, string | number | Message> };

const isMessage = (v: unknown): v is Message => typeof v === 'object' && v !== null && typeof (v as Message).key === 'string';

/** The message in the language of `tr` (the current request's by default). */
export function renderMessage(message: Message, tr: TFunction = currentT): string {
  const params = Object.fromEntries(Object.entries(message.params ?? {}).map(([k, v]) => [k, isMessage(v) ? renderMessage(v, tr) : v]));
  return (tr as unknown as (key: string, params: Record<string, unknown>) => string)(message.key, params);
}

/** As stored in English (`summary`). */
export const englishText = (message: Message) => renderMessage(message, tIn('en'));

/** A stored row's text for its reader: the message in the current language, or the English summary of an older row. */
export function storedText(row: { message: string | null; summary: string }): string {
  if (!row.message) return row.summary;
  try {
    const parsed: unknown = JSON.parse(row.message);
    return isMessage(parsed) ? renderMessage(parsed) : row.summary;
  } catch {
    return row.summary;
  }
}
