/**
 * PDFs of a transfer, made with pdfmake on the server: pure JavaScript with its own fonts (Roboto, bundled in the
 * package), so the server needs no browser (see docs/decisions/0012-pdf.md). The document follows the print model
 * (model.ts): the print view's order and wording, the charts as SVG each followed by a table of the same facts.
 */
import { formats, t } from '../../../i18n/index.ts';
import { radarRows } from '../transfers/radar.ts';
import { timelineGeometry } from '../transfers/timeline.ts';
import { traceGapTitles } from '../transfers/trace.ts';
import { radarSvg, timelineSvg } from './chart-svg.ts';
import type { PrintModel, PrintRecord } from './model.ts';
import type { PdfDefinition } from './pdf-layout.ts';
import { createPdfRenderer, PdfUnavailable } from './pdf-renderer.ts';

type Node = Record<string, unknown> | string;

/** What the document says about itself: its heading, what it is, when it was made, and how to cite it. */
export type PdfMeta = {
  title: string;
  /** One line under the title (mentors, stage). */
  lines: string[];
  /** Written into the file as its creation date: a submission's date makes a version's PDF the same bytes every time. */
  created: Date;
  author: string;
  /** "Cite as" text, printed under the title and on every page's foot. */
  citation?: string;
  /** The document's language (BCP 47), written into the file for screen readers; none: not said. */
  language?: string;
};

/** A4 less 40 pt margins: what a chart may be wide. */
const contentWidth = 595.28 - 2 * 40;

/** The document definition (pdfmake's input, as plain data for the PDF worker) of a printed transfer or version. */
export function pdfDefinition(model: PrintModel, meta: PdfMeta, today?: string, { charts = true } = {}): PdfDefinition {
  const { shortDay, number } = formats();
  const content: Node[] = [{ text: meta.title, style: 'h1' }, ...meta.lines.map((l) => ({ text: l, style: 'meta' }))];
  if (meta.citation) content.push({ text: [{ text: t('print:pdf.citeAs'), bold: true }, meta.citation], style: 'citation' });
  if (model.decisions) {
    content.push({ text: t('print:coreFeatures'), style: 'h2' });
    content.push(table([t('print:coreFeature'), t('print:decision'), t('print:howOrWhy')], model.decisions.map((d) => [d.name, d.decision, d.note]), ['*', 'auto', '*']));
  }
  for (const form of model.forms) {
    content.push({ text: form.title, style: 'h2' });
    for (const section of form.sections) {
      if (form.shape === 'sections') content.push({ text: section.title, style: 'h3' });
      for (const group of section.groups) {
        if (group.title) content.push({ text: group.title, style: 'h4' });
        if (group.items.length === 0) content.push({ text: t('print:nothingRecorded'), style: 'meta' });
        for (const item of group.items)
          content.push({ stack: item.fields.map((f) => ({ text: [{ text: `${f.label}: `, bold: true }, f.text] })), margin: [0, 2, 0, 6], unbreakable: item.fields.length < 8 });
      }
      if (section.total > section.shown) content.push({ text: t('print:pdf.moreItems', { total: number(section.total), shown: number(section.shown) }), style: 'meta' });
      if (section.timeline) {
        const svg = timelineSvg(section.timeline, today);
        const g = timelineGeometry(section.timeline, 760, today);
        if (svg && charts) content.push({ text: t('print:pdf.timeline'), style: 'h4' }, { svg, width: contentWidth });
        if (g.bars.length)
          content.push(
            table(
              [t('print:pdf.action'), t('print:pdf.from'), t('print:pdf.to'), t('print:pdf.done')],
              g.bars.map((b) => [`${b.title}${b.overdue ? t('print:pdf.overdue') : b.atRisk ? t('print:pdf.atRisk') : ''}`, shortDay(b.s), shortDay(b.e - 86_400_000), `${number(b.done)} %`]),
              ['*', 'auto', 'auto', 'auto'],
            ),
          );
      }
    }
    if (form.radar) {
      content.push({ text: t('print:pdf.radar'), style: 'h3' });
      if (charts) content.push({ svg: radarSvg(form.radar), width: Math.min(contentWidth, 420), alignment: 'center' });
      const hasNeed = Object.values(form.radar.required).some((v) => v !== undefined);
      const series = [{ label: t('print:pdf.score'), values: form.radar.scores }, ...(hasNeed ? [{ label: t('print:pdf.needed'), values: form.radar.required }] : [])];
      if (charts) content.push({ text: `${t('print:pdf.filled')}${hasNeed ? t('print:pdf.dashed') : ''}`, style: 'meta' });
      content.push(table([t('print:pdf.dimension'), ...series.map((s) => s.label)], radarRows(form.radar.axes, series).map((r) => [r.name, ...r.values]), ['*', ...series.map(() => 'auto')]));
    }
  }
  if (model.trace) content.push(...traceContent(model));
  return {
    info: { title: meta.title, author: meta.author, subject: meta.citation ?? meta.lines.join(' '), creator: t('print:pdf.creator'), producer: 'pdfmake', creationDate: meta.created },
    ...(meta.language ? { language: meta.language } : {}),
    pageSize: 'A4',
    pageMargins: [40, 40, 40, 50],
    content,
    pageFooter: { prefix: meta.citation ? `${meta.citation} · ` : '', pages: t('print:pdf.page', { page: '{{page}}', pages: '{{pages}}' }), style: 'footer', margin: [40, 15, 40, 0] },
    defaultStyle: { font: 'Roboto', fontSize: 10, lineHeight: 1.2 },
    styles: {
      h1: { fontSize: 18, bold: true, margin: [0, 0, 0, 6] },
      h2: { fontSize: 14, bold: true, margin: [0, 14, 0, 6] },
      h3: { fontSize: 12, bold: true, margin: [0, 10, 0, 4] },
      h4: { fontSize: 10.5, bold: true, margin: [0, 6, 0, 2] },
      meta: { color: '#4a5562', margin: [0, 0, 0, 4] },
      citation: { margin: [0, 6, 0, 8], fontSize: 9 },
      footer: { fontSize: 7.5, color: '#4a5562' },
      th: { bold: true },
    },
  };
}

/** The traceability chain as nested lists, then what is not linked yet. */
function traceContent(model: PrintModel): Node[] {
  const trace = model.trace!;
  const names = (list: PrintRecord[]) => (list.length ? list.map(model.label).join('; ') : t('print:trace.noneYet'));
  const out: Node[] = [{ text: t('print:trace.title'), style: 'h2' }];
  if (trace.rows.length === 0) out.push({ text: t('print:trace.noNeeds'), style: 'meta' });
  for (const r of trace.rows)
    out.push({
      stack: [
        { text: [{ text: t('print:trace.need'), bold: true }, model.label(r.need)] },
        { text: [{ text: t('print:trace.swot'), bold: true }, r.swotItems.length ? r.swotItems.map((s) => `${model.label(s)} (${model.groupTitle(s)})`).join('; ') : t('print:trace.noneLinked')] },
        r.objectives.length === 0
          ? { text: [{ text: t('print:trace.objectives'), bold: true }, t('print:trace.noneYet')] }
          : { ul: r.objectives.map((o) => ({ stack: [{ text: [{ text: t('print:trace.objective'), bold: true }, model.label(o.objective)] }, { text: [{ text: t('print:trace.actions'), bold: true }, names(o.actions)] }, { text: [{ text: t('print:trace.indicators'), bold: true }, names(o.kpis)] }] })) },
      ],
      margin: [0, 0, 0, 8],
    });
  out.push({ text: t('print:trace.notLinked'), style: 'h3' });
  const gaps = traceGapTitles.filter(([k]) => trace.gaps[k].length > 0);
  if (gaps.length === 0) out.push(t('print:trace.allLinked'));
  for (const [k] of gaps) out.push({ text: [{ text: `${t(`print:trace.gap.${k}`)}: `, bold: true }, trace.gaps[k].map(model.label).join('; ')], margin: [0, 0, 0, 4] });
  return out;
}

const table = (head: string[], rows: string[][], widths: string[]): Node => ({
  table: { headerRows: 1, widths, body: [head.map((h) => ({ text: h, style: 'th' })), ...rows] },
  layout: 'lightHorizontalLines',
  margin: [0, 2, 0, 8],
});

// The server's one PDF worker, started by the first PDF (pdf-renderer.ts: how many may wait, how long one may take).
let renderer: ReturnType<typeof createPdfRenderer> | undefined;

/** The PDF's bytes, made in the PDF worker. `compress: false` leaves the page streams readable (tests read the text). */
export function renderPdf(definition: PdfDefinition, options: { compress?: boolean } = {}): Promise<Buffer> {
  renderer ??= createPdfRenderer();
  return renderer.render(definition, options.compress ?? true);
}

/**
 * The printed transfer or version as PDF bytes. Should pdfmake fail to draw a chart's SVG, the PDF is made without
 * the drawings: the table after each chart holds the same facts.
 */
export async function renderPrintPdf(model: PrintModel, meta: PdfMeta, today: string, options: { compress?: boolean } = {}): Promise<Buffer> {
  try {
    return await renderPdf(pdfDefinition(model, meta, today), options);
  } catch (error) {
    // Too busy or too slow: the same document without its drawings would be no better.
    if (error instanceof PdfUnavailable) throw error;
    console.warn('PDF charts could not be drawn; made without them', error);
    return renderPdf(pdfDefinition(model, meta, today, { charts: false }), options);
  }
}
