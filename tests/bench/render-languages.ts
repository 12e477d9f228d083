/**
 * What translation costs a workspace page, uncached (PORTAL_PAGE_CACHE=off: every request renders): the same demo
 * pages, read one request at a time, from a baseline checkout's build (before languages) and from this one, in
 * English and in Danish, alternated round by round so that drift falls on all three alike. Medians and p90 in ms.
 *
 *   npm run build && (cd <baseline checkout> && npm run build) && node tests/bench/render-languages.ts <baseline dir> [rounds=5] [requests per page per round=24]
 */
import Database from 'better-sqlite3';
import { startServer } from '../support/server.ts';
import { requireBuild } from '../support/site.ts';

requireBuild();
const [baselineDir, roundsArg = '5', perRoundArg = '24'] = process.argv.slice(2);
if (!baselineDir) throw new Error('Give the folder of a baseline checkout with its own build (dist/).');
const rounds = Number(roundsArg);
const perRound = Number(perRoundArg);

const env = { PORTAL_PAGE_CACHE: 'off', PORTAL_PSEUDO_LOCALE: '' };
const old = await startServer(env, { cwd: baselineDir });
const now = await startServer(env);
try {
  const transferOf = (path: string, org: string) => (new Database(path, { readonly: true }).prepare('select t.id from transfer t join organisation o on o.id = t.organisation_id where o.name = ?').get(org) as { id: string }).id;
  const setDanish = (path: string) => new Database(path).prepare("update user set locale = 'da' where email = 'editor.coastal@demo.example'").run();
  const pages = (id: string) => ({ home: '/workspace/', overview: `/workspace/transfers/${id}/`, swot: `/workspace/transfers/${id}/swot/`, plan: `/workspace/transfers/${id}/action-plan/`, print: `/workspace/transfers/${id}/print/`, implementation: `/workspace/transfers/${id}/monitoring/` });
  const oldCookie = await old.signIn('editor.coastal@demo.example');
  const nowCookie = await now.signIn('editor.coastal@demo.example');
  // A second account on the new server reads in Danish: the same pages, the same data.
  const variants = [
    { name: 'before languages', base: old.url, cookie: oldCookie, paths: pages(transferOf(old.databasePath, 'Demo: Coastal Hospital Trust')) },
    { name: 'now, English', base: now.url, cookie: nowCookie, paths: pages(transferOf(now.databasePath, 'Demo: Coastal Hospital Trust')) },
  ];
  setDanish(now.databasePath);
  variants.push({ name: 'now, Danish', base: now.url, cookie: nowCookie, paths: variants[1].paths });
  // The Danish setting is read per request; the English variant of the new server reads as another person would.
  const times = new Map<string, number[]>();
  const get = async (v: (typeof variants)[number], page: string) => {
    const started = performance.now();
    const res = await fetch(v.base + v.paths[page as keyof typeof v.paths], { headers: { Cookie: v.cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${v.name} ${page}: ${res.status}`);
    return performance.now() - started;
  };
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      // The new server's English and Danish share one account: switch it for the variant.
      if (v.base === now.url) new Database(now.databasePath).prepare('update user set locale = ? where email = ?').run(v.name.endsWith('Danish') ? 'da' : null, 'editor.coastal@demo.example');
      for (const page of Object.keys(v.paths)) {
        for (let i = 0; i < perRound; i++) {
          const key = `${v.name}|${page}`;
          const ms = await get(v, page);
          if (i >= 2) (times.get(key) ?? times.set(key, []).get(key)!).push(ms);
        }
      }
    }
  }
  const stat = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return { median: s[Math.floor(s.length / 2)], p90: s[Math.floor(s.length * 0.9)] };
  };
  console.log(`Uncached workspace pages, sequential GETs, ${rounds} alternated rounds × ${perRound - 2} timed (ms, median / p90)`);
  console.log(`${'page'.padEnd(16)}${variants.map((v) => v.name.padStart(20)).join('')}`);
  for (const page of Object.keys(variants[0].paths)) {
    console.log(`${page.padEnd(16)}${variants.map((v) => { const s = stat(times.get(`${v.name}|${page}`)!); return `${s.median.toFixed(1)} / ${s.p90.toFixed(1)}`.padStart(20); }).join('')}`);
  }
} finally {
  await old.stop();
  await now.stop();
}
