/**
 * Where publication builds live and which one is served. Each run builds into a folder of its own under the sites
 * folder (`<sites>/<run id>/out/client` is its static root); `<sites>/current` is a symbolic link to the one being
 * served, replaced by a rename (atomic), so a restart finds the last swapped build. dist/ is the build `npm start`
 * and `npm run build` make; both carry a build stamp (src/integrations/build-stamp.ts).
 *
 *   PORTAL_SITE_DIR   the sites folder (default: `site/` beside the database file, so a test database has its own)
 */
import { randomUUID } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { buildStampFile, type BuildStamp } from '../../../integrations/build-stamp.ts';
import { databasePath } from '../db.ts';

export const sitesFolder = () => resolve(process.env.PORTAL_SITE_DIR ?? join(dirname(databasePath()), 'site'));

const currentLink = 'current';
export const runFolderName = (runId: number) => `run-${runId}`;
/** A run's folder holds the stories file it built from and Astro's output. */
export const runPaths = (sites: string, runId: number) => {
  const dir = join(sites, runFolderName(runId));
  return { dir, storiesFile: join(dir, 'published-stories.json'), outDir: join(dir, 'out'), client: join(dir, 'out', 'client') };
};

/**
 * The build prerenders by importing its own server bundle from `<outDir>/server`, whose imports of packages are
 * resolved from there upwards: a sites folder outside the project (beside a database kept elsewhere, a test's
 * temporary folder) gets a link to the project's node_modules, or every build would fail to find its packages.
 */
export function linkPackages(sites: string, projectRoot: string): void {
  const fromProject = relative(projectRoot, sites);
  if (!fromProject.startsWith('..') && !isAbsolute(fromProject)) return;
  const link = join(sites, 'node_modules');
  try {
    if (lstatSync(link).isSymbolicLink() && resolve(sites, readlinkSync(link)) === resolve(projectRoot, 'node_modules')) return;
    rmSync(link, { recursive: true, force: true });
  } catch {
    // No link yet.
  }
  symlinkSync(resolve(projectRoot, 'node_modules'), link);
}

export function readStamp(outDir: string): BuildStamp | undefined {
  try {
    const stamp = JSON.parse(readFileSync(join(outDir, buildStampFile), 'utf8')) as BuildStamp;
    return typeof stamp.builtAt === 'string' && !Number.isNaN(Date.parse(stamp.builtAt)) ? stamp : undefined;
  } catch {
    return undefined;
  }
}

export type ServedBuild = { client: string; source: 'dist' | 'publication'; stamp?: BuildStamp };

/**
 * The static root to serve at start: the last swapped publication build when it was built after dist/, else
 * dist/client. `npm start` rebuilds dist with the current stories first, so dist wins there; a restart without a
 * build (`npm run serve`) keeps serving the last publication. A dist/ without a stamp (built before stamps) is
 * dated by its index.html.
 */
export function chooseStartBuild(distDir: string, sites: string): ServedBuild {
  const dist: ServedBuild = { client: join(distDir, 'client'), source: 'dist', stamp: readStamp(distDir) };
  const distTime = dist.stamp ? Date.parse(dist.stamp.builtAt) : mtime(join(distDir, 'client', 'index.html'));
  const current = currentBuild(sites);
  if (!current?.stamp) return dist;
  return Date.parse(current.stamp.builtAt) > distTime ? current : dist;
}

/** Where `<sites>/current` points (a run's folder name), or undefined when there is no link yet. */
export function currentLinkTarget(sites: string): string | undefined {
  try {
    return readlinkSync(join(sites, currentLink));
  } catch {
    return undefined;
  }
}

/** The build `<sites>/current` points at, when it is complete. */
export function currentBuild(sites: string): ServedBuild | undefined {
  const target = currentLinkTarget(sites);
  if (target === undefined) return undefined;
  const outDir = join(resolve(sites, target), 'out');
  if (!existsSync(join(outDir, 'client', 'index.html'))) return undefined;
  return { client: join(outDir, 'client'), source: 'publication', stamp: readStamp(outDir) };
}

/** Points `<sites>/current` at a run's folder: a new link under a temporary name, renamed over the old one. */
export function pointCurrentAt(sites: string, runId: number): void {
  const temporary = join(sites, `${currentLink}.${randomUUID()}.tmp`);
  symlinkSync(runFolderName(runId), temporary);
  try {
    renameSync(temporary, join(sites, currentLink));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes every run folder but those named in `keep` (the one now served and the one served before it, whose hashed
 * assets pages loaded before the swap still ask for), and any leftover temporary link.
 */
export function removeOldBuilds(sites: string, keep: string[]): string[] {
  const kept = new Set(keep.map((p) => resolve(p)));
  const removed: string[] = [];
  for (const name of readdirSync(sites)) {
    const path = join(sites, name);
    if (name === currentLink) continue;
    if (name.startsWith(`${currentLink}.`) || (name.startsWith('run-') && ![...kept].some((k) => k === path || k.startsWith(`${path}/`)))) {
      rmSync(path, { recursive: true, force: true });
      removed.push(name);
    }
  }
  return removed;
}

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}
