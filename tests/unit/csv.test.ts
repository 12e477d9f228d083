/** The one CSV writer every download uses (src/lib/server/csv.ts): the byte-order mark, quoting, streaming. */
import { describe, expect, it } from 'vitest';
import { csvLine, csvResponse, csvStream, textCell, utf8Bom } from '../../src/lib/server/csv.ts';

async function* chunks(texts: string[], read: string[] = []) {
  for (const t of texts) {
    read.push(t);
    yield t;
  }
}
const bytesOf = async (stream: ReadableStream<Uint8Array>) => new Uint8Array(await new Response(stream).arrayBuffer());

describe('csv writer', () => {
  it('quotes text cells, doubles their quotes, neutralises formulas, and ends lines in CRLF with the delimiter asked for', () => {
    expect(csvLine([textCell('a;b'), textCell('say "hi"'), textCell('=1+1'), '3'], ';')).toBe('"a;b";"say ""hi""";"\'=1+1";3\r\n');
    expect(csvLine([textCell('x'), ''])).toBe('"x",\r\n');
  });

  it('streams the chunks one per read, the UTF-8 byte-order mark first, and stops reading when the download stops', async () => {
    const bytes = await bytesOf(csvStream(chunks(['"a"\r\n', '"Évaluation"\r\n'])));
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toBe(`${utf8Bom}"a"\r\n"Évaluation"\r\n`);
    const read: string[] = [];
    const reader = csvStream(chunks(['1', '2', '3', '4'], read)).getReader();
    await reader.read();
    await reader.cancel();
    expect(read).toEqual(['1']);
    // An empty CSV is still one a spreadsheet opens as UTF-8.
    expect([...(await bytesOf(csvStream(chunks([]))))]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('answers a UTF-8 CSV attachment under the name given, with any further headers', () => {
    const response = csvResponse('x', 'plan-1.csv', { 'Cache-Control': 'no-store' });
    expect(Object.fromEntries(response.headers)).toMatchObject({ 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="plan-1.csv"', 'cache-control': 'no-store' });
  });
});
