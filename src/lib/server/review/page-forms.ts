/**
 * The review page has many small forms (comment, reply, answer, edit, decide). Each posts a "form" key; when one
 * fails, the page re-renders that form, open, with what the person typed and the errors next to the fields.
 */
import type { FieldErrors } from '../result.ts';

/** `theirs`: the comment's current text when an edit met a newer version of it. */
export type FailedForm = { key: string; values: Record<string, string>; errors: FieldErrors; status: number; theirs?: { body: string; version: number } };

/**
 * A refusal (403, 404, 409) usually means the state moved on and the form is no longer on the page (someone else decided,
 * answered or submitted first): its message and the text typed are then shown at the top instead of in the form.
 */
export const isRefusal = (failed: FailedForm | undefined) =>
  // An edit that met a newer text of the same comment stays in its form, with that text beside it.
  !!failed && (failed.status === 403 || failed.status === 404 || (failed.status === 409 && !failed.theirs));

/** What the person wrote in the failed form, to give back when the form itself is gone. */
export function typedText(failed: FailedForm): string {
  // The comment, answer or note, and a decision's notes on each rubric criterion.
  const keys = ['body', 'answer', 'note', ...Object.keys(failed.values).filter((k) => k.startsWith('note.'))];
  return keys.map((k) => failed.values[k]?.trim()).filter(Boolean).join('\n\n');
}

// The `lang` of what people typed: one rule, beside the working language it reads.
export { typedLang } from '../transfers/working-language.ts';
