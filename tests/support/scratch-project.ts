/**
 * A throw-away copy of the project (config, src, content) whose node_modules links to the real packages, so
 * a test or benchmark can build other content without touching this checkout's .astro/, caches or dist/.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root } from './site.ts';

export function createScratchProject(prefix = 'portal-scratch-'): { dir: string; contentDir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of ['astro.config.mjs', 'tsconfig.json', 'package.json', 'src', 'db', 'public', 'content'])
    cpSync(join(root, entry), join(dir, entry), { recursive: true });
  // Link every package but the caches Astro and Vite keep in node_modules, so runs stay independent.
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (name === '.astro' || name === '.vite' || name === '.cache') continue;
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  }
  return { dir, contentDir: join(dir, 'content'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
