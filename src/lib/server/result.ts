/** What every command returns: success with its data, or field errors a form can show next to the inputs. */
import type { z } from 'astro/zod';

export type FieldErrors = Record<string, string[]>;
export type Result<T extends object = object> = ({ ok: true } & T) | { ok: false; errors: FieldErrors; status?: number };

/** A save that met a newer version: what is stored now, for the person to compare with what they typed. */
export type ConflictResult<T> = { ok: false; status: 409; errors: FieldErrors; conflict: { theirs: T; version: number } };

/** The one shape of a conflict: what is stored now and its version, with what to tell the person. */
export const conflict = <T>(theirs: T, version: number, message = 'Someone else saved this after you opened it. Compare the two versions below and choose which to keep.'): ConflictResult<T> => ({
  ok: false,
  status: 409,
  errors: { '': [message] },
  conflict: { theirs, version },
});

export const fail = (errors: FieldErrors, status = 400): { ok: false; errors: FieldErrors; status: number } => ({ ok: false, errors, status });

/** Field errors from a failed zod parse, keyed by the dotted path of each field ("" for the whole form). */
export function zodErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) (errors[issue.path.join('.')] ??= []).push(issue.message);
  return errors;
}

/**
 * Parses input with a schema into a Result. Errors on `hidden` fields (ids and versions the page put in the form)
 * are form-level: there is no input to mark next to them.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, hidden: string[] = []): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors; status: number } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors = zodErrors(parsed.error);
  for (const key of hidden) if (errors[key]) ((errors[''] ??= []).push(...errors[key]), delete errors[key]);
  return fail(errors);
}
