/**
 * An indicator's page in the reader's language: a Swedish editor sees Swedish labels, values written with a decimal
 * comma, and the charts' text alternatives (SVG title and description) in Swedish; English stays as it was.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePseudoLocale } from '../support/pseudo-crawl.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { withServerDb } from '../support/server-db.ts';
import { rawRows, rawRun } from '../../src/lib/server/db.ts';

let editor = '';

describe('an indicator page in Swedish', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let page: string;
  beforeAll(async () => {
    requireBuild();
    server = await startServer();
    // An indicator with measurements, an editor of the organisation adopting it, and a value that has decimals.
    const row = await withServerDb(server, async (db) => {
      const [found] = await rawRows<{ id: string; transferId: string; kpiId: string; email: string }>(
        db,
        sql`select m.id, m.transfer_id as "transferId", m.kpi_id as "kpiId", u.email from kpi_measurement m
         join transfer t on t.id = m.transfer_id
         join membership s on s.organisation_id = t.organisation_id and s.role = 'editor'
         join "user" u on u.id = s.user_id
         order by u.email, m.period_start limit 1`,
      );
      await rawRun(db, sql`update kpi_measurement set value = 41.5 where id = ${found.id}`);
      return found;
    });
    editor = row.email;
    page = `/workspace/transfers/${row.transferId}/kpis/${row.kpiId}/`;
  });
  afterAll(async () => server?.stop());

  const get = async (cookie: string) => {
    const res = await fetch(`${server.url}${page}`, { headers: { Cookie: cookie } });
    expect(res.status).toBe(200);
    return res.text();
  };

  it('shows Swedish words, a decimal comma and a Swedish text alternative of the charts', async () => {
    await usePseudoLocale(server, editor, 'sv');
    const html = await get(await server.signIn(editor));
    expect(html).toContain('<h2 id="h-measurements">Mätningar</h2>');
    expect(html).toContain('Lägg till en mätning');
    expect(html).toMatch(/<summary[^>]*>Datatabell<\/summary>/);
    expect(html).toMatch(/<th scope="col"[^>]*>Glidande variationsbredd<\/th>/);
    // The value as Swedish writes it, in the data table and in the measurements table.
    expect(html).toContain('41,5');
    expect(html).not.toMatch(/>41\.5</);
    // The SVG's title and description, read by screen readers, are Swedish.
    expect(html).toMatch(/<title id="[^"]+-run-title">Seriediagram för [^<]+<\/title>/);
    expect(html).toMatch(/<desc id="[^"]+-run-desc"[^>]*>\d+ punkter; median [^<]*; \d+ signal(er)? \((IHI|Anhøj)-regler\)\. Signalerna och en tabell med siffrorna följer efter diagrammet\.<\/desc>/);
    expect(html).toMatch(/<title id="[^"]+-xmr-title">XmR-diagram för /);
    // Month labels in Swedish (the periods are months in the demo data).
    expect(html).toMatch(/(januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}/);
    expect(html).not.toContain('Run chart of');
  });

  it('keeps English as it was for an English reader', async () => {
    await usePseudoLocale(server, editor, 'en');
    const html = await get(await server.signIn(editor));
    expect(html).toContain('<h2 id="h-measurements">Measurements</h2>');
    expect(html).toContain('>41.5<');
    expect(html).toMatch(/<title id="[^"]+-run-title">Run chart of [^<]+<\/title>/);
    expect(html).toContain('The signals and a table of the numbers follow the chart.</desc>');
    expect(html).toMatch(/<desc id="[^"]+-run-desc"[^>]*>\d+ points; median [^<]*; \d+ signals? \((IHI|Anhøj) rules\)\. The signals/);
  });
});
