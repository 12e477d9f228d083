/**
 * Text in server-drawn SVG charts: the server cannot measure text, so the charts lay their labels out with an
 * estimate of its width, and the geometry tests check the same estimate (no label overlaps another or leaves the
 * viewBox). The estimate errs wide, so a label the tests pass has room in any common sans-serif.
 */

/**
 * Average advance of a character, in ems. Sans-serif system fonts set mixed text at about 0.5 em a character
 * (Helvetica/Arial ≈ 0.52, Segoe UI and Roboto ≈ 0.5, DejaVu Sans ≈ 0.55); 0.6 leaves room for capitals and digits.
 */
export const charWidthFactor = 0.6;

/** A coordinate to a tenth of a unit: finer is invisible, and every digit is repeated in each drawing of the page. */
export const round1 = (n: number) => Math.round(n * 10) / 10;

export type Box = { x: number; y: number; width: number; height: number };
export type Anchor = 'start' | 'middle' | 'end';

/** Estimated width of a line of text at a font size (user units). */
export const textWidth = (text: string, fontSize: number) => [...text].length * fontSize * charWidthFactor;

/**
 * Words wrapped into lines no wider than `maxWidth`; a word longer than a line is broken, so no line ever exceeds it
 * and nothing is cut off.
 */
export function wrapText(text: string, maxWidth: number, fontSize: number): string[] {
  const perLine = Math.max(1, Math.floor(maxWidth / (fontSize * charWidthFactor)));
  const lines: string[] = [];
  let line: string[] = [];
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const chars = [...word];
    const candidate = line.length === 0 ? chars : [...line, ' ', ...chars];
    if (candidate.length <= perLine) {
      line = candidate;
      continue;
    }
    if (line.length > 0) lines.push(line.join(''));
    // A word longer than a whole line (a URL, a long compound) is broken where the line ends.
    for (line = chars; line.length > perLine; line = line.slice(perLine)) lines.push(line.slice(0, perLine).join(''));
  }
  if (line.length > 0 || lines.length === 0) lines.push(line.join(''));
  return lines;
}

/**
 * The box a block of lines takes when the first baseline is at `y`: from an ascent above the first baseline to a
 * descent below the last (the font size itself above, a quarter of it below, both generous).
 */
export function textBox(x: number, y: number, lines: string[], fontSize: number, anchor: Anchor = 'start', lineHeight = fontSize * 1.25): Box {
  const width = Math.max(0, ...lines.map((l) => textWidth(l, fontSize)));
  const left = anchor === 'start' ? x : anchor === 'end' ? x - width : x - width / 2;
  return { x: left, y: y - fontSize, width, height: fontSize + (lines.length - 1) * lineHeight + fontSize / 4 };
}

/** A label as a chart model places it: its lines (first baseline at `y`), font size, anchor and line height. */
export type ChartLabel = { lines: string[]; x: number; y: number; fontSize: number; anchor: Anchor; lineHeight: number };

/** A label of `text` wrapped to `maxWidth` (one line when no width is given). */
export const chartLabel = (text: string, x: number, y: number, fontSize: number, anchor: Anchor = 'start', maxWidth?: number): ChartLabel => ({
  lines: maxWidth === undefined ? [text] : wrapText(text, maxWidth, fontSize),
  x,
  y,
  fontSize,
  anchor,
  lineHeight: Math.round(fontSize * 1.25),
});

export const labelBox = (l: ChartLabel) => textBox(l.x, l.y, l.lines, l.fontSize, l.anchor, l.lineHeight);

export const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export const within = (inner: Box, outer: Box) =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
