/**
 * Walks the workspace as one person in the pseudo-locale and lists every English word left on every page reached
 * (tests/support/english-leftovers.ts). What people typed, names and content titles are data, not interface: they
 * are read from the database and the content folder and not counted.
 */
import { sql } from 'drizzle-orm';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rawRows, rawRun } from '../../src/lib/server/db.ts';
import { tableNames } from './db.ts';
import { englishLeftovers, type Leftover } from './english-leftovers.ts';
import { withServerDb } from './server-db.ts';

/** Every text value in the database (names, titles, what was typed), and every string of the content folder's frontmatter that is a name or title. */
export async function dataStrings(server: { database: string }): Promise<string[]> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string') {
      if (v.startsWith('{') || v.startsWith('[')) {
        try {
          return add(JSON.parse(v));
        } catch {
          /* plain text */
        }
      }
      if (v.length >= 3) out.add(v);
    } else if (Array.isArray(v)) v.forEach(add);
    else if (v && typeof v === 'object') Object.values(v).forEach(add);
  };
  await withServerDb(server, async (db) => {
    for (const name of await tableNames(db)) {
      if (['audit_event', 'mail_message', 'session', 'publication_run'].includes(name)) continue;
      for (const row of await rawRows<Record<string, unknown>>(db, sql.raw(`select * from "${name}" limit 5000`))) for (const v of Object.values(row)) add(v);
    }
  });
  // Content shown in the workspace in its original language (practice titles, core features): names of things.
  for (const folder of ['practices', 'programmes', 'regions']) {
    for (const file of readdirSync(join('content', folder))) {
      const front = readFileSync(join('content', folder, file), 'utf8').split('---')[1] ?? '';
      for (const m of front.matchAll(/^\s*(?:-\s*)?(?:title|name|acronym|label):\s*(.+)$/gm)) out.add(m[1].trim().replace(/^['"]|['"]$/g, ''));
    }
  }
  return [...out];
}

export type CrawlResult = { pages: number; leftovers: Map<string, Leftover[]> };

/** GETs the pages reachable from `start` by links under `within`, up to `limit`, and collects leftovers per page. */
export async function crawlLeftovers(base: string, cookie: string, data: string[], { start = ['/workspace/'], within = /^\/(workspace|admin)\//, limit = 120, skip = /\.(pdf|csv|docx|xlsx|ics|md|json|png)$|\/export|\/download|sign-out/ } = {}): Promise<CrawlResult> {
  const seen = new Set<string>();
  const queue = [...start];
  const leftovers = new Map<string, Leftover[]>();
  while (queue.length && seen.size < limit) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const res = await fetch(base + path, { headers: { Cookie: cookie }, redirect: 'manual' });
    if (res.status !== 200 || !res.headers.get('content-type')?.includes('text/html')) continue;
    const html = await res.text();
    const found = englishLeftovers(html, { data });
    if (found.length) leftovers.set(path, found);
    for (const m of html.matchAll(/href="([^"#?]+)(?:\?[^"#]*)?(?:#[^"]*)?"/g)) {
      const link = m[1].replace(/&amp;/g, '&');
      if (within.test(link) && !skip.test(link) && !seen.has(link)) queue.push(link);
    }
  }
  return { pages: seen.size, leftovers };
}

/** Gives a person the pseudo-locale, straight in the database of a test server. */
export async function usePseudoLocale(server: { database: string }, email: string, locale = 'qps') {
  await withServerDb(server, (db) => rawRun(db, sql`update "user" set locale = ${locale} where email = ${email}`));
}
