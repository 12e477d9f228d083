/**
 * What Pagefind reads of a built page. Pagefind ends a paragraph, heading or table cell with a full stop, but joins
 * a definition-list term to its description and a row header to its first cell with nothing between them, so an
 * excerpt read "LanguagesEnglishLast reviewed25 November 2026" or "FigureValueSourceVinnova funding". Before
 * indexing (the served page is not changed): a term or row header is followed by ": ", a description by ". "
 * unless it ends a sentence already, and a table's header row (labels, not content) is left out.
 */
export function separateLabels(html: string): string {
  return html
    .replace(/<thead\b/g, '<thead data-pagefind-ignore')
    .replace(/<\/dt>/g, '</dt>: ')
    .replace(/<\/th>(?=<td)/g, '</th>: ')
    .replace(/([.!?:;]?)<\/dd>/g, (_, end: string) => (end ? `${end}</dd> ` : '</dd>. '));
}
