/**
 * A stand-in for `astro build` in the publication job's unit tests: writes what the job looks for (client/index.html
 * naming the stories it read, a hashed asset, and the build stamp the real build's integration writes) in a few
 * milliseconds, or fails, or hangs, as told.
 *
 *   node tests/support/fake-site-build.mjs <outDir> [ok|fail|slow|empty] [delay ms]
 * While it runs it holds <outDir>/../../building.lock, and fails if another build holds it (one at a time).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [outDir, mode = 'ok', delay = '50'] = process.argv.slice(2);
const lock = join(dirname(dirname(outDir)), 'building.lock');
try {
  writeFileSync(lock, String(process.pid), { flag: 'wx' });
} catch {
  console.error('another build is running at the same time');
  process.exit(3);
}
const release = () => rmSync(lock, { force: true });
await new Promise((r) => setTimeout(r, mode === 'slow' ? 60_000 : Number(delay)));
release();
if (mode === 'fail') {
  console.log('building pages…\n'.repeat(200));
  console.error('[ERROR] stories: something went wrong at the end of the build');
  process.exit(1);
}
const stories = JSON.parse(readFileSync(process.env.PORTAL_STORIES_FILE, 'utf8')).stories;
mkdirSync(join(outDir, 'client', '_astro'), { recursive: true });
mkdirSync(join(outDir, 'server'), { recursive: true });
const name = outDir.split('/').at(-2);
if (mode !== 'empty') writeFileSync(join(outDir, 'client', 'index.html'), `<h1>${name}</h1><p>${stories.length} stories: ${stories.map((s) => s.id).join(' ')}</p>`);
writeFileSync(join(outDir, 'client', '_astro', `${name}.css`), `/* ${name} */`);
const digest = createHash('sha256').update(JSON.stringify(stories)).digest('hex');
writeFileSync(join(outDir, 'build-stamp.json'), JSON.stringify({ builtAt: new Date().toISOString(), stories: stories.length, storiesDigest: digest }));
console.log(`built ${name}`);
