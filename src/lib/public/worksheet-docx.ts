/**
 * A template as a Word worksheet (DOCX) to print or fill in offline, built at build time from the same frontmatter
 * as the page, the Markdown worksheet and the workspace forms. What the Markdown gives as prose, it gives as tables
 * with room to write: each section's fields with their help beside an empty answer cell, the maturity dimensions
 * with a score and a note to fill in, a few blank lines per SWOT quadrant.
 */
import { Document, HeadingLevel, HeightRule, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { useStrings } from '../../i18n/ui';
import type { Template } from '../../schemas/template';
import { groupQuestions, type QuestionGroup } from './template-questions';

type Block = Paragraph | Table;

const heading = (text: string, level: (typeof HeadingLevel)[keyof typeof HeadingLevel]) => new Paragraph({ text, heading: level, keepNext: true });
const text = (t: string) => new Paragraph({ text: t });
const bullet = (t: string) => new Paragraph({ text: t, bullet: { level: 0 } });

/** A cell of a worksheet table; an empty one has a blank paragraph, since Word refuses a cell with none. */
const cell = (content: Paragraph[] = [new Paragraph('')], width?: number) => new TableCell({ children: content, width: width ? { size: width, type: WidthType.PERCENTAGE } : undefined });
const bold = (t: string) => new Paragraph({ children: [new TextRun({ text: t, bold: true })] });

/** A table the width of the page, its first row a header repeated on every page it spans. */
function table(headers: string[], rows: TableRow[], widths: number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [new TableRow({ tableHeader: true, children: headers.map((h, i) => cell([bold(h)], widths[i])) }), ...rows],
  });
}

/** A row with room to write in: at least three lines high. */
const writingRow = (cells: TableCell[]) => new TableRow({ height: { value: 900, rule: HeightRule.ATLEAST }, cantSplit: true, children: cells });

export async function buildWorksheetDocx(template: Template, pageUrl: string): Promise<Buffer> {
  const t = useStrings();
  const who = (s: QuestionGroup['stakeholder']) => (s === 'everyone' ? t.templates.forEveryone : t.labels.stakeholder[s]);
  const questions = (groups: QuestionGroup[]): Block[] => groups.flatMap((g) => [heading(who(g.stakeholder), HeadingLevel.HEADING_3), ...g.questions.map(bullet)]);

  const blocks: Block[] = [heading(template.title, HeadingLevel.TITLE), text(template.summary), text(`Source: ${pageUrl}`)];
  if (template.basedOn.length > 0) blocks.push(text(`${t.templates.basedOn}: ${template.basedOn.join('; ')}`));

  for (const q of template.quadrants) {
    blocks.push(heading(`${q.title} (${q.origin})`, HeadingLevel.HEADING_1), text(q.description), ...questions(groupQuestions(q.guidingQuestions)));
    blocks.push(heading(`${q.title}: items`, HeadingLevel.HEADING_3), table(['#', 'Item'], [1, 2, 3, 4, 5].map((n) => writingRow([cell([text(String(n))], 6), cell(undefined, 94)])), [6, 94]));
  }

  if (template.dimensions.length > 0) {
    const { min = 0, max = 5 } = template.scale ?? {};
    blocks.push(heading(t.templates.dimensions, HeadingLevel.HEADING_1), text(t.templates.scale(min, max)));
    blocks.push(
      table(
        ['Dimension', `Score (${min}–${max})`, 'Note'],
        template.dimensions.map((d) => writingRow([cell([bold(d.name), text(d.description)], 45), cell(undefined, 15), cell(undefined, 40)])),
        [45, 15, 40],
      ),
    );
  }

  for (const section of template.sections) {
    blocks.push(heading(section.title, HeadingLevel.HEADING_1));
    if (section.description) blocks.push(text(section.description));
    blocks.push(...questions(groupQuestions(section.guidingQuestions)));
    if (section.fields.length === 0) continue;
    blocks.push(heading(section.repeatable ? `${t.templates.fields} (copy the table for each item)` : t.templates.fields, HeadingLevel.HEADING_3));
    const rows = section.fields.map((f) => {
      const about = [bold(`${f.label}${f.required ? ` (${t.templates.required})` : ''}`), ...(f.help ? [text(f.help)] : [])];
      return writingRow([cell(about, 40), cell(f.options ? [text(`Choose one: ${f.options.join(' / ')}`)] : undefined, 60)]);
    });
    blocks.push(table(['Field', 'Answer'], rows, [40, 60]));
  }

  const doc = new Document({ title: template.title, description: template.summary, creator: 'Integrated care transfer portal', sections: [{ children: blocks }] });
  return Packer.toBuffer(doc);
}
