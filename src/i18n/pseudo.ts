/**
 * The pseudo-locale's strings: each English string with every Latin letter accented and the whole bracketed
 * ("Save" → "[Šàṽé]"), placeholders ({{name}}, {n}) and markup left as they are. No plain ASCII word survives, so a
 * page rendered in it shows at a glance (and to a test) every string that did not come from the catalogue.
 */
const accents: Record<string, string> = Object.fromEntries(
  [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c, i) => [c, [...'àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ'][i]]),
);

/** Accents letters outside {{…}}, {…}, <…> and &…; runs. */
export function pseudoString(text: string): string {
  const parts = text.split(/(\{\{[^}]*\}\}|\{[^}]*\}|<[^>]*>|&[a-z]+;|\$t\([^)]*\))/);
  const body = parts.map((p, i) => (i % 2 ? p : [...p].map((c) => accents[c] ?? c).join(''))).join('');
  return `[${body}]`;
}

/** A pseudo text for any value of a catalogue: strings accented, objects and arrays walked. */
export function pseudoValue(value: unknown): unknown {
  if (typeof value === 'string') return pseudoString(value);
  if (Array.isArray(value)) return value.map(pseudoValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, pseudoValue(v)]));
  return value;
}

/** Formatted dates and numbers in the pseudo-locale: English formats, accented, so month names are caught too. */
export const pseudoFormatted = (text: string) => [...text].map((c) => accents[c] ?? c).join('');
