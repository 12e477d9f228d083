/**
 * Share cards: the 1200 × 630 PNG that link previews (Open Graph, Twitter cards) show for a page. Drawn as SVG and
 * rasterised with sharp (libvips and librsvg, already under Astro's image service) at build time, one per good
 * practice and one for the rest of the site. Text uses the system's DejaVu/Liberation fonts, as the site itself
 * uses system fonts; titles are wrapped here because SVG text does not wrap.
 */
import sharp from 'sharp';

export type ShareCard = { eyebrow: string; title: string; lines: string[]; footer: string };

const width = 1200;
const height = 630;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Greedy word wrap by character count (a fair proxy at these sizes); the last kept line ends with "…" if cut. */
export function wrapText(text: string, perLine: number, maxLines: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && (last + ' ' + word).length <= perLine) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1].replace(/[\s,;:.]+$/, '')}…`;
  return kept;
}

export function shareCardSvg(card: ShareCard): string {
  const title = wrapText(card.title, 30, 3);
  const titleTop = 230;
  const detailTop = titleTop + title.length * 68 + 24;
  const text = (x: number, y: number, size: number, weight: number, fill: string, s: string) =>
    `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="${fill}">${escapeXml(s)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Liberation Sans, sans-serif">
<rect width="${width}" height="${height}" fill="#0b5563"/>
<rect x="0" y="${height - 16}" width="${width}" height="16" fill="#eef5f6"/>
${text(80, 140, 34, 600, '#cfe7ea', card.eyebrow)}
${title.map((line, i) => text(80, titleTop + i * 68, 56, 700, '#ffffff', line)).join('\n')}
${card.lines.slice(0, 2).map((line, i) => text(80, detailTop + i * 46, 32, 400, '#ffffff', wrapText(line, 56, 1)[0])).join('\n')}
${text(80, height - 56, 28, 400, '#cfe7ea', card.footer)}
</svg>`;
}

export async function renderShareCard(card: ShareCard): Promise<Uint8Array<ArrayBuffer>> {
  // Plain PNG at the default compression: about 30 ms and 55 kB a card; palette quantisation would halve the bytes
  // but took about 1 s a card, which 50 practices would add to every build.
  return new Uint8Array(await sharp(Buffer.from(shareCardSvg(card))).png().toBuffer());
}
