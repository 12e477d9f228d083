/**
 * Writing CSV, for every download the portal offers (the action plan, one section, one indicator, the audit log), so
 * that they agree on what a spreadsheet needs: UTF-8 with a byte-order mark (without it Excel in a European locale
 * reads "Évaluation" as "Ã‰valuation"), CRLF line ends, text cells quoted with their quotes doubled (RFC 4180), and
 * text that a spreadsheet would run as a formula neutralised. Which values are bare and which quoted, and the
 * delimiter, stay each export's choice.
 */

/** The UTF-8 byte-order mark every CSV starts with. */
export const utf8Bom = '\uFEFF';

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV injection": a cell starting with =, +, -, @, tab or CR)
 * gets a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
 */
export const neutraliseFormula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/** A text cell: neutralised, quoted, its quotes doubled; delimiters and line breaks stay inside it. */
export const textCell = (text: string) => `"${neutraliseFormula(text).replace(/"/g, '""')}"`;

/** One line of cells already written (see textCell), joined by the delimiter, ending in CRLF. */
export const csvLine = (cells: readonly string[], delimiter = ',') => `${cells.join(delimiter)}\r\n`;

/**
 * A CSV as a stream of the text chunks given, the byte-order mark first. One chunk is made per pull (a page or batch
 * of rows read from the database), and none before the client asks for it, so a download of any size costs one chunk
 * of memory, starts at once, and lets other requests be served between chunks (the database driver is synchronous:
 * one long loop would hold the process). A download stopped halfway stops the reading.
 */
export function csvStream(chunks: AsyncIterator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let started = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const bom = started ? '' : utf8Bom;
        started = true;
        const next = await chunks.next();
        if (next.done) {
          if (bom) controller.enqueue(encoder.encode(bom));
          controller.close();
        } else controller.enqueue(encoder.encode(bom + next.value));
      },
      async cancel() {
        await chunks.return?.(undefined);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A CSV download: the text or stream as a UTF-8 CSV attachment named `filename`, with any further headers. */
export function csvResponse(body: string | ReadableStream<Uint8Array>, filename: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${filename}"`, ...headers } });
}
