/**
 * Names on the public pages that are not English — organisations, networks and regions named in their own
 * language — with that language (BCP 47), so that a screen reader pronounces them as their speakers do and a
 * translator leaves them alone (WCAG 3.1.2, language of parts). One list for every page: content files keep the
 * names as the sources write them, and the build marks each occurrence in page text (src/integrations/lang-marks.ts).
 * Longer names come first, so "Region Nordjylland" wins over a shorter name inside it.
 */
export const foreignNames: ReadonlyArray<readonly [name: string, lang: string]> = [
  ['Ehälsonätverket i Östergötland', 'sv'],
  ['Norrköpings kommun', 'sv'],
  ['Region Nordjylland', 'da'],
  ['Syddanmark', 'da'],
  ['Gesundes Kinzigtal', 'de'],
  ['Osakidetza', 'eu'],
  ['Kronikgune', 'eu'],
];

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = new RegExp(`(?<!\\p{L})(${foreignNames.map(([name]) => escapeRegExp(name)).join('|')})(?!\\p{L})`, 'gu');
const langOf = new Map(foreignNames);

/**
 * Wraps each listed name in the text of a built page in <span lang="…">. Only text between tags is touched, never
 * a tag or attribute (titles and meta descriptions stay plain, as they must), nor what is in <head>, <script>,
 * <style> or an element that already says its language for that name.
 */
export function markForeignNames(html: string): string {
  const bodyStart = html.search(/<body\b/);
  if (bodyStart < 0) return html;
  let skipping: string | undefined;
  const parts = html.slice(bodyStart).split(/(<[^>]*>)/);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part.startsWith('<')) {
      const open = /^<(script|style|textarea)\b/i.exec(part);
      if (open) skipping = open[1].toLowerCase();
      else if (skipping && part.toLowerCase() === `</${skipping}>`) skipping = undefined;
      continue;
    }
    if (skipping || !part) continue;
    // A name right inside an element already in its language (<span lang="da">Syddanmark</span>) is left as it is;
    // inside content marked as English on a page in another language (<p lang="en">… Syddanmark …</p>) it is marked.
    const around = /\blang="([^"]*)"/.exec(parts[i - 1] ?? '')?.[1];
    parts[i] = part.replace(pattern, (name) => (langOf.get(name) === around ? name : `<span lang="${langOf.get(name)}">${name}</span>`));
  }
  return html.slice(0, bodyStart) + parts.join('');
}
