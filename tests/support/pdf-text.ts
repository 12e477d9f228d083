/**
 * The text of a PDF pdfmake wrote with `compress: false`, for tests: each font's ToUnicode map turns the glyph codes
 * of the page streams back into characters. Enough for pdfkit's output (Tf, Tj, TJ with hex strings), not a parser.
 */
export function pdfText(pdf: Buffer): string {
  const source = pdf.toString('latin1');
  const objects = new Map<string, string>();
  for (const m of source.matchAll(/(\d+) 0 obj([\s\S]*?)endobj/g)) objects.set(m[1]!, m[2]!);
  const cmaps = new Map<string, Map<string, string>>();
  for (const [id, body] of objects) {
    const unicode = /\/ToUnicode (\d+) 0 R/.exec(body);
    if (unicode) cmaps.set(id, cmap(objects.get(unicode[1]!) ?? ''));
  }
  const fontByName = new Map<string, string>();
  for (const body of objects.values()) for (const m of body.matchAll(/\/(F\d+) (\d+) 0 R/g)) fontByName.set(m[1]!, m[2]!);
  let text = '';
  for (const body of objects.values()) {
    const stream = /stream\r?\n([\s\S]*?)endstream/.exec(body)?.[1];
    if (!stream || !/ T[Jj]\b/.test(stream)) continue;
    let map = new Map<string, string>();
    for (const op of stream.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\] TJ|<([0-9a-fA-F]*)> Tj/g)) {
      if (op[1]) map = cmaps.get(fontByName.get(op[1]) ?? '') ?? new Map();
      const hex = op[2] !== undefined ? [...op[2].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]!).join('') : op[3];
      if (hex !== undefined) text += hex.match(/.{4}/g)?.map((code) => map.get(code.toLowerCase()) ?? '') .join('') ?? '';
      if (op[2] !== undefined || op[3] !== undefined) text += '\n';
    }
  }
  return text;
}

/** A ToUnicode CMap's code → text, from its bfchar and bfrange entries. */
function cmap(body: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const block of body.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(m[1]!.toLowerCase().padStart(4, '0'), utf16(m[2]!));
  for (const block of body.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      // A ligature's target holds several code units, written with spaces between: <0066 0069> is "fi".
      const [from, to] = [parseInt(m[1]!, 16), parseInt(m[2]!, 16)];
      const targets = m[3]!.startsWith('[') ? [...m[3]!.matchAll(/<([0-9a-fA-F\s]+)>/g)].map((t) => utf16(t[1]!.replace(/\s/g, ''))) : undefined;
      const base = targets ? 0 : parseInt(m[3]!.slice(1, -1), 16);
      for (let code = from; code <= to; code++) map.set(code.toString(16).padStart(4, '0'), targets ? targets[code - from]! : String.fromCharCode(base + code - from));
    }
  return map;
}

/** Text with all white space removed: a line wrapped in the PDF still matches the sentence it came from. */
export const compact = (s: string) => s.replace(/\s+/g, '');
