/** What every command returns: success with its data, or field errors a form can show next to the inputs. */
import type { z } from 'astro/zod';

export type FieldErrors = Record<string, string[]>;
export type Result<T extends object = object> = ({ ok: true } & T) | { ok: false; errors: FieldErrors; status?: number };

export const fail = (errors: FieldErrors, status = 400): { ok: false; errors: FieldErrors; status: number } => ({ ok: false, errors, status });

/** Field errors from a failed zod parse, keyed by the dotted path of each field ("" for the whole form). */
export function zodErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) (errors[issue.path.join('.')] ??= []).push(issue.message);
  return errors;
}

/** Parses input with a schema into a Result. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): { ok: true; data: z.infer<S> } | { ok: false; errors: FieldErrors; status: number } {
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, data: parsed.data } : fail(zodErrors(parsed.error));
}
