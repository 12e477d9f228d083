/**
 * Every workspace and administration page, as each role, in the pseudo-locale: no English word may be left that is
 * not what people typed, a name, or content marked with its own language. A string that does not come from the
 * catalogue fails here, with the page and the words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLeftovers } from '../support/english-leftovers.ts';
import { crawlLeftovers, dataStrings, usePseudoLocale } from '../support/pseudo-crawl.ts';
import { requireBuild } from '../support/site.ts';
import { startServer } from '../support/server.ts';

const people = ['coordinator@demo.example', 'mentor@demo.example', 'editor@demo.example', 'editor.coastal@demo.example', 'editor.lakeside@demo.example', 'viewer@demo.example'];

describe('the workspace in the pseudo-locale', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let data: string[];
  beforeAll(async () => {
    requireBuild();
    server = await startServer({ PORTAL_PSEUDO_LOCALE: '1' });
    for (const p of people) await usePseudoLocale(server, p);
    data = await dataStrings(server);
  });
  afterAll(async () => server?.stop());

  for (const person of people) {
    it(`leaves no English on any page ${person} reaches`, async () => {
      const cookie = await server.signIn(person);
      const { pages, leftovers } = await crawlLeftovers(server.url, cookie, data, { limit: Number(process.env.PSEUDO_CRAWL_LIMIT ?? 150) });
      expect(pages).toBeGreaterThan(3);
      const report = [...leftovers].map(([path, found]) => `${path}\n${describeLeftovers(found, 8)}`).join('\n\n');
      expect(report, report).toBe('');
    }, 240_000);
  }
});
