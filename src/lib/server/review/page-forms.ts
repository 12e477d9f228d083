/**
 * The review page has many small forms (comment, reply, answer, edit, decide). Each posts a "form" key; when one
 * fails, the page re-renders that form, open, with what the person typed and the errors next to the fields.
 */
import type { FieldErrors } from '../result.ts';

export type FailedForm = { key: string; values: Record<string, string>; errors: FieldErrors };
