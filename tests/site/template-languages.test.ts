/**
 * A workspace form in its reader's language, over the real server: labels, help and guiding questions come from the
 * template's translation (content/templates/<id>.<locale>.mdx) while the options a form sends stay the English ones
 * records store (src/lib/server/templates/localize.ts).
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usePseudoLocale } from '../support/pseudo-crawl.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';
import { serverRow } from '../support/server-db.ts';

const editor = 'editor@demo.example';

describe('a workspace form in Danish', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let swotPage: string;
  beforeAll(async () => {
    requireBuild();
    server = await startServer();
    const { id } = (await serverRow<{ id: string }>(server, sql`select t.id from transfer t join membership m on m.organisation_id = t.organisation_id join "user" u on u.id = m.user_id where u.email = ${editor} limit 1`))!;
    swotPage = `/workspace/transfers/${id}/swot/`;
  }, 180_000);
  afterAll(async () => server?.stop());

  const page = async (cookie: string) => (await fetch(`${server.url}${swotPage}`, { headers: { Cookie: cookie } })).text();

  it('shows the SWOT form with the Danish labels and questions, its options still the stored English values', async () => {
    await usePseudoLocale(server, editor, 'da');
    const html = await page(await server.signIn(editor));
    expect(html).toContain('Styrker');
    expect(html).toContain('Rejst af');
    expect(html).toContain('Hvilke eksisterende tilbud, aftaler eller it-systemer');
    expect(html).toContain('<option value="Hospital"');
    expect(html).not.toContain('Raised by');
  });

  it('shows it in English to a reader who keeps English', async () => {
    await usePseudoLocale(server, editor, 'en');
    const html = await page(await server.signIn(editor));
    expect(html).toContain('Raised by');
    expect(html).not.toContain('Rejst af');
  });
});
