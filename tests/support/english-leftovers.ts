/**
 * English left on a page rendered in the pseudo-locale (`qps`): every catalogue string there is accented
 * ("[Šàṽé]"), so a plain ASCII word of three letters or more is a string that did not come from the catalogue.
 * Not counted: text inside an element whose `lang` is another language (content shown in its original language,
 * correctly marked), `translate="no"` (names, codes), <script>, <style>, <svg> <desc>/<title> are counted (charts'
 * text alternatives must be translated), and the data a test passes in `data` (what people typed, names of people
 * and organisations, practice titles).
 */
import { parse, type HTMLElement, type Node } from 'node-html-parser';

const skipTags = new Set(['script', 'style', 'noscript', 'template']);
const attributes = ['title', 'aria-label', 'alt', 'placeholder', 'aria-description', 'aria-roledescription'];
/** Words that are the same in every language or are not words: units, codes, abbreviations of the field. */
const neutral = new Set(['pdf', 'csv', 'docx', 'xlsx', 'ics', 'rss', 'svg', 'png', 'json', 'utc', 'url', 'swot', 'pdsa', 'kpi', 'kpis', 'xmr', 'spc', 'cfir', 'mast', 'squire', 'ihi', 'eu', 'ehds', 'jadecare', 'smartcare', 'scirocco', 'who', 'ict', 'totp', 'http', 'https', 'www', 'ucl', 'lcl', 'cl']);

export type Leftover = { text: string; where: string };

const words = (text: string) => (text.match(/(?<![\p{L}\d_@./-])[A-Za-z]{3,}(?![\p{L}\d_@-])/gu) ?? []).filter((w) => !neutral.has(w.toLowerCase()));

function strip(text: string, data: string[]): string {
  let out = text;
  for (const d of data) if (d.length >= 3) out = out.split(d).join(' ');
  // Bracketed pseudo strings, URLs, e-mail addresses and file names are not English prose.
  return out.replace(/\[[^\]]*\]/g, ' ').replace(/\b[\w.+-]+@[\w.-]+\b/g, ' ').replace(/https?:\/\/\S+/g, ' ').replace(/\/[\w/.-]+/g, ' ');
}

export function englishLeftovers(html: string, { data = [] as string[], pageLang = 'qps' } = {}): Leftover[] {
  const root = parse(html, { comment: false, blockTextElements: { script: false, style: false, noscript: false, pre: true } });
  const sortedData = [...new Set(data.filter(Boolean))].sort((a, b) => b.length - a.length);
  const found: Leftover[] = [];
  const visit = (node: Node, lang: string, path: string) => {
    if (node.nodeType === 3) {
      if (lang !== pageLang) return;
      for (const w of words(strip(node.rawText.replace(/&[a-z#\d]+;/gi, ' '), sortedData))) found.push({ text: w, where: `${path}: “${node.rawText.trim().slice(0, 80)}”` });
      return;
    }
    const el = node as HTMLElement;
    const tag = el.rawTagName?.toLowerCase();
    if (tag && skipTags.has(tag)) return;
    if (el.getAttribute?.('translate') === 'no' || el.getAttribute?.('aria-hidden') === 'true' && tag === 'svg') return;
    const own = el.getAttribute?.('lang');
    const here = own ?? lang;
    const at = tag ? `${path} > ${tag}${el.id ? `#${el.id}` : ''}` : path;
    if (tag && here === pageLang) {
      for (const a of attributes) {
        const v = el.getAttribute(a);
        if (v) for (const w of words(strip(v, sortedData))) found.push({ text: w, where: `${at}[${a}]: “${v.slice(0, 80)}”` });
      }
      // A button's or input's visible value.
      if ((tag === 'input' && ['submit', 'button'].includes(el.getAttribute('type') ?? '')) && el.getAttribute('value')) for (const w of words(strip(el.getAttribute('value')!, sortedData))) found.push({ text: w, where: `${at}[value]` });
    }
    for (const child of el.childNodes) visit(child, here, at);
  };
  const htmlEl = root.querySelector('html');
  visit(htmlEl ?? root, htmlEl?.getAttribute('lang') ?? pageLang, '');
  return found;
}

/** Summary for an assertion message: the first leftovers, one per line. */
export const describeLeftovers = (found: Leftover[], max = 25) => found.slice(0, max).map((f) => `${f.text} — ${f.where}`).join('\n');
