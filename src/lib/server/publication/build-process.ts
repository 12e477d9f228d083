/**
 * Runs one site build as a child process: Astro's own CLI with `--outDir` pointing at a fresh folder, reading the
 * stories from the file named in PORTAL_STORIES_FILE, at low CPU priority so that requests stay fast while it runs,
 * with a time limit, and keeping only the end of its output (what a coordinator needs to see why it failed).
 *
 *   PORTAL_PUBLICATION_BUILD   a different command, as a JSON array, `{outDir}` replaced (tests use a fast fake)
 */
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { resolve } from 'node:path';

export type BuildOutcome = { ok: true; output: string; ms: number } | { ok: false; output: string; ms: number; why: string };
export type BuildOptions = { cwd: string; outDir: string; storiesFile: string; timeoutMs?: number; command?: string[]; env?: Record<string, string> };

/** Astro's CLI, run by the same Node binary as the server (Node 24 from node_modules, whatever `node` is on the PATH). */
export const astroBuildCommand = (cwd: string) => [process.execPath, resolve(cwd, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', '{outDir}'];

export function buildCommand(cwd: string): string[] {
  const custom = process.env.PORTAL_PUBLICATION_BUILD;
  return custom ? (JSON.parse(custom) as string[]) : astroBuildCommand(cwd);
}

/** Output kept from a build: its last 64 KiB (a build prints a line per page). */
const outputLimit = 64 * 1024;
const defaultTimeout = 5 * 60_000;

export function runBuild(options: BuildOptions): Promise<BuildOutcome> {
  const started = performance.now();
  const [program, ...args] = (options.command ?? buildCommand(options.cwd)).map((part) => part.replaceAll('{outDir}', options.outDir));
  return new Promise((done) => {
    let output = '';
    let settled = false;
    const keep = (chunk: string) => {
      output += chunk;
      if (output.length > outputLimit * 2) output = output.slice(-outputLimit);
    };
    const finish = (why?: string) => {
      if (settled) return;
      settled = true;
      const tail = output.slice(-outputLimit);
      const ms = performance.now() - started;
      done(why ? { ok: false, output: tail, ms, why } : { ok: true, output: tail, ms });
    };
    // In the server's process group (not detached): whatever ends the server's group (Ctrl-C, a supervisor, a test
    // runner) ends the build with it. The server's own stop, and a timeout, end it by its pid.
    const child = spawn(program!, args, {
      cwd: options.cwd,
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', ...options.env, PORTAL_STORIES_FILE: options.storiesFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid) running.add(child.pid);
    try {
      // Low priority (niceness 15 of 19): the build takes the CPU that requests leave.
      if (child.pid) setPriority(child.pid, 15);
    } catch {
      // Not permitted on this system: the build runs at normal priority.
    }
    child.stdout!.setEncoding('utf8').on('data', keep);
    child.stderr!.setEncoding('utf8').on('data', keep);
    const timeoutMs = options.timeoutMs ?? defaultTimeout;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stop(child.pid);
      // One that ignores SIGTERM is killed 10 s later.
      setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill('SIGKILL'), 10_000).unref();
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      if (child.pid) running.delete(child.pid);
      finish(`The build could not start: ${error.message}`);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (child.pid) running.delete(child.pid);
      if (timedOut) return finish(`The build took longer than ${Math.round(timeoutMs / 1000)} s and was stopped.`);
      if (code === 0) return finish();
      finish(signal ? `The build was stopped (${signal}).` : `The build failed (exit code ${code}).`);
    });
  });
}

const running = new Set<number>();

function stop(pid: number | undefined) {
  if (!pid) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

/** Ends every build this process started (the server is stopping). */
export function stopBuilds(): void {
  for (const pid of running) stop(pid);
}
