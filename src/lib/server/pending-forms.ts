/**
 * Work typed into a workspace form whose session expired meanwhile. Instead of losing it at the sign-in
 * redirect, the submitted fields are kept here (in memory, 30 minutes, read once) under an unguessable id that
 * only the person's browser receives; after signing in they get the same fields back in a form to send again.
 */
const lifetimeMs = 30 * 60_000;
const maxEntries = 5_000;
type Pending = { target: string; fields: [string, string][]; expiresAt: number };
const store = new Map<string, Pending>();

export function keepPendingForm(target: string, form: Iterable<[string, FormDataEntryValue]>, now = Date.now()): string {
  for (const [id, p] of store) if (p.expiresAt <= now) store.delete(id);
  if (store.size >= maxEntries) store.delete(store.keys().next().value!);
  const id = crypto.randomUUID();
  const fields = [...form].filter((e): e is [string, string] => typeof e[1] === 'string');
  store.set(id, { target, fields, expiresAt: now + lifetimeMs });
  return id;
}

/** The kept form, once: a second read finds nothing. */
export function takePendingForm(id: string, now = Date.now()): Omit<Pending, 'expiresAt'> | undefined {
  const p = store.get(id);
  store.delete(id);
  return p && p.expiresAt > now ? { target: p.target, fields: p.fields } : undefined;
}
