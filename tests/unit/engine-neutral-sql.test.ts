/**
 * Application code is written once for SQLite and PostgreSQL (docs/decisions/0023-postgresql.md): what differs
 * between the engines lives in src/lib/server/db.ts and src/lib/server/sql-dialect.ts only. This test reads every
 * source file under src/ and names, by file and line, each use of one engine's own API or SQL elsewhere, so that a
 * query that works on SQLite alone cannot come back unnoticed (the PostgreSQL run would catch it only where a test
 * happens to execute it).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

type Rule = { name: string; pattern: RegExp; instead: string; sample: string };

/** Each rule with a doctored line it must catch. */
const rules: Rule[] = [
  { name: '.get()', pattern: /\.get\(\s*\)/, instead: 'await first(query.limit(1)) (db.ts); a prepared statement without parameters: .get({})', sample: 'const row = await db.select().from(t).where(eq(t.id, id)).get();' },
  { name: '.all()', pattern: /\.all\(\s*\)/, instead: 'await the query itself; a prepared statement without parameters: .all({})', sample: 'const rows = db.select().from(t).all();' },
  { name: '.run()', pattern: /\.run\(\s*\)/, instead: 'await the query itself; affectedRows(result) for the count', sample: 'db.update(t).set({ n: 1 }).run();' },
  { name: '.prepare()', pattern: /\.prepare\(/, instead: 'prepared(db, name, (d) => builder) (db.ts)', sample: "const statement = client.prepare('select 1');" },
  { name: 'json_each', pattern: /\bjson_each\b/i, instead: 'inJsonList (sql-dialect.ts)', sample: 'sql`${t.id} in (select value from json_each(${ids}))`' },
  { name: 'json_extract', pattern: /\bjson_extract\b/i, instead: 'jsonTextAt with jsonPath (sql-dialect.ts)', sample: "sql`json_extract(${t.data}, '$.end')`" },
  { name: 'json_valid', pattern: /\bjson_valid\b/i, instead: 'jsonTextIfValid (sql-dialect.ts)', sample: 'sql`case when json_valid(${t.detail}) then 1 end`' },
  { name: 'instr(', pattern: /\binstr\s*\(/i, instead: 'containsText (sql-dialect.ts)', sample: 'sql`instr(${t.title}, ${text}) > 0`' },
  { name: 'strftime(', pattern: /\bstrftime\s*\(/i, instead: 'isoNowSql (sql-dialect.ts), or the time computed in code', sample: "sql`strftime('%Y-%m-%dT%H:%M:%fZ','now')`" },
  { name: '$client', pattern: /\$client\b/, instead: 'the helpers of db.ts (the client is a better-sqlite3 database or a pg pool)', sample: "db.$client.pragma('wal_checkpoint(TRUNCATE)');" },
  { name: 'sqlite_ names', pattern: /\bsqlite_\w+/i, instead: "the drizzle schema, or a helper of db.ts (PostgreSQL has no sqlite_master)", sample: "sql`select name from sqlite_master where type = 'table'`" },
];

/** Where each engine's own code belongs. */
const dataLayer = new Set(['src/lib/server/db.ts', 'src/lib/server/sql-dialect.ts']);

/** A line that is only a comment: comments may name what they replace. */
const commentOnly = /^\s*(\/\/|\/\*|\*)/;

/** `file:line: what (use instead)` for each rule a line of `text` breaks. */
function offences(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (commentOnly.test(line)) return;
    for (const rule of rules) if (rule.pattern.test(line)) found.push(`${file}:${i + 1}: ${rule.name} (use ${rule.instead})`);
  });
  return found;
}

/** Server code, pages and the components that query (TypeScript and Astro files), outside the data layer. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|astro)$/.test(e.name) ? [relative(process.cwd(), path).split('\\').join('/')] : [];
  });
}

describe('engine-neutral SQL', () => {
  it('no file under src uses one engine’s own API or SQL outside db.ts and sql-dialect.ts', () => {
    const files = sourceFiles(join(process.cwd(), 'src')).filter((f) => !dataLayer.has(f));
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => offences(f, readFileSync(f, 'utf8')));
    expect(found, `\n${found.join('\n')}\n`).toEqual([]);
  });

  it.each(rules)('the scanner catches $name, naming the file and line', (rule) => {
    expect(offences('src/lib/server/doctored.ts', `const ok = 1;\n${rule.sample}\n`)).toEqual([`src/lib/server/doctored.ts:2: ${rule.name} (use ${rule.instead})`]);
  });

  it('the scanner passes engine-neutral code and comments that name what they replace', () => {
    const neutral = [
      '// drizzle’s SQLite `.get()`, json_each and strftime( are replaced by the helpers below',
      ' * (SQLite’s json_extract, instr() and sqlite_master)',
      'const row = await first(db.select().from(t).where(eq(t.id, id)).limit(1));',
      'const rows = await prepared(db, "x", (d) => d.select().from(t)).all({});',
      'const value = map.get(key) ?? params.get("q");',
      'const kept = await prepared(db, "y", build).get({ id });',
      "import { alias } from 'drizzle-orm/sqlite-core';",
    ].join('\n');
    expect(offences('src/lib/server/neutral.ts', neutral)).toEqual([]);
  });
});
