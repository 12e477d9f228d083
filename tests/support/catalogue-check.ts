/** Compares a language's catalogue with English: what is missing, extra, empty, or has other placeholders. */
type Tree = Record<string, unknown>;

const pluralSuffix = /_(zero|one|two|few|many|other)$/;

function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree === 'string') out.set(prefix, tree);
  else if (Array.isArray(tree)) tree.forEach((v, i) => leaves(v, `${prefix}.${i}`).forEach((s, k) => out.set(k, s)));
  else if (tree && typeof tree === 'object') for (const [k, v] of Object.entries(tree)) leaves(v, prefix ? `${prefix}${prefix.includes(':') ? '.' : ':'}${k}` : k).forEach((s, key) => out.set(key, s));
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}|\{(\w+)\}/g)].map((m) => m[1] ?? m[2]).sort().join(',');

/**
 * Plural keys (`x_one`, `x_other`) must exist for every category the language has (Intl.PluralRules), whatever
 * English has; other keys must match English one for one.
 */
export function catalogueProblems(english: Tree, other: Tree, locale: string): string[] {
  const en = leaves(english);
  const them = leaves(other);
  const problems: string[] = [];
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  const expected = new Map<string, string>();
  for (const [key, value] of en) {
    const m = key.match(pluralSuffix);
    if (!m) expected.set(key, value);
    else {
      const base = key.slice(0, -m[0].length);
      for (const c of categories) if (!expected.has(`${base}_${c}`)) expected.set(`${base}_${c}`, en.get(`${base}_${c}`) ?? en.get(`${base}_other`) ?? value);
    }
  }
  for (const [key, value] of expected) {
    const theirs = them.get(key);
    if (theirs === undefined) problems.push(`missing ${key}`);
    else if (!theirs.trim()) problems.push(`empty ${key}`);
    else if (!pluralSuffix.test(key) && placeholders(theirs) !== placeholders(value)) problems.push(`placeholders differ in ${key}: ${placeholders(value)} vs ${placeholders(theirs)}`);
  }
  for (const key of them.keys()) if (!expected.has(key) && !(pluralSuffix.test(key) && expected.has(key.replace(pluralSuffix, '_other')))) problems.push(`extra ${key}`);
  return problems;
}
