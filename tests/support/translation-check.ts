/**
 * Compares a content translation (`content/<folder>/<id>.<locale>.mdx`) with its original: the same frontmatter
 * shape, every value that is not prose identical, the same numbers inside the prose, and the same headings. A
 * translation may change words, never facts: a number, an id, an address or a code that differs is a mistake.
 */
import { parse } from 'yaml';

export type Mdx = { data: Record<string, unknown>; body: string };

/** Frontmatter (parsed with the YAML 1.2 core schema, so dates stay strings) and body of an MDX file. */
export function splitMdx(text: string): Mdx {
  const m = text.replace(/^\uFEFF/, '').match(/^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/);
  if (!m) throw new Error('no frontmatter');
  return { data: (parse(m[1]) ?? {}) as Record<string, unknown>, body: m[2] };
}

/** Fields that hold ids, addresses or codes whatever their value looks like. */
const codeKeys = new Set(['id', 'url', 'href', 'sources', 'source', 'kind', 'language', 'languages', 'country', 'region', 'programme', 'programmes', 'practices', 'themes', 'dimension', 'mastDomains', 'format', 'precision', 'timeZone']);
const alwaysKeys = new Set(['id', 'url', 'href', 'sources']);

/**
 * A string is a code (left as it is) when it has no space and is not a plain word: ids, slugs, dates, addresses,
 * "SAM:BO", "4". A plain word ("Inhabitants", "hospital") may be text to translate, except in a code field.
 */
function isCode(key: string, value: string): boolean {
  if (/\s/.test(value)) return false;
  return !/^\p{L}+$/u.test(value) || codeKeys.has(key);
}

/** The numbers in a text, with thousands and decimal separators dropped ("1.2" and "1,2" are both "12"). */
export function numbersIn(text: string): string[] {
  return [...text.matchAll(/\d(?:[.,]?\d)*/g)].map((m) => m[0].replace(/[.,]/g, '')).sort();
}

function compare(original: unknown, translated: unknown, path: string, key: string, problems: string[]): void {
  const at = path || '(frontmatter)';
  if (Array.isArray(original)) {
    if (!Array.isArray(translated)) return void problems.push(`${at}: expected a list`);
    if (translated.length !== original.length) return void problems.push(`${at}: ${translated.length} items, original has ${original.length}`);
    original.forEach((v, i) => compare(v, translated[i], `${path}[${i}]`, key, problems));
  } else if (original && typeof original === 'object') {
    if (!translated || typeof translated !== 'object' || Array.isArray(translated)) return void problems.push(`${at}: expected an object`);
    const a = Object.keys(original).sort().join(',');
    const b = Object.keys(translated).filter((k) => !(path === '' && k === 'translation')).sort().join(',');
    if (a !== b) return void problems.push(`${at}: keys ${b}, original has ${a}`);
    for (const [k, v] of Object.entries(original)) compare(v, (translated as Record<string, unknown>)[k], path ? `${path}.${k}` : k, k, problems);
  } else if (typeof original === 'string' && typeof translated === 'string') {
    if (alwaysKeys.has(key) || isCode(key, original)) {
      if (translated !== original) problems.push(`${at}: "${translated}" differs from the original "${original}"`);
    } else if (numbersIn(translated).join(' ') !== numbersIn(original).join(' ')) {
      problems.push(`${at}: numbers ${numbersIn(translated).join(' ') || 'none'}, original has ${numbersIn(original).join(' ') || 'none'}`);
    }
  } else if (original !== translated) {
    problems.push(`${at}: ${JSON.stringify(translated)} differs from the original ${JSON.stringify(original)}`);
  }
}

/** Heading levels in order, outside code fences: "2 2 3" for ##, ##, ###. */
export function headingLevels(body: string): string {
  let fenced = false;
  const levels: number[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced) {
      const m = line.match(/^(#{1,6})\s/);
      if (m) levels.push(m[1].length);
    }
  }
  return levels.join(' ');
}

const imports = (body: string) => body.split(/\r?\n/).filter((l) => /^import\s/.test(l)).join('\n');
const components = (body: string) => [...body.matchAll(/<([A-Z][\w.]*)/g)].map((m) => m[1]).join(' ');

/** What differs between a translation and its original other than the wording; empty when it is faithful. */
export function translationProblems(original: Mdx, translated: Mdx): string[] {
  const problems: string[] = [];
  compare(original.data, translated.data, '', '', problems);
  if (headingLevels(translated.body) !== headingLevels(original.body)) problems.push(`body: headings ${headingLevels(translated.body)}, original has ${headingLevels(original.body)}`);
  if (imports(translated.body) !== imports(original.body)) problems.push('body: imports differ from the original');
  if (components(translated.body) !== components(original.body)) problems.push(`body: components ${components(translated.body)}, original has ${components(original.body)}`);
  if (numbersIn(translated.body).join(' ') !== numbersIn(original.body).join(' ')) problems.push(`body: numbers ${numbersIn(translated.body).join(' ')}, original has ${numbersIn(original.body).join(' ')}`);
  return problems;
}
