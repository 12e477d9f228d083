/**
 * Runs the real content loader (`astro sync`) over a copy of content/ with one file broken, and checks that
 * the failure names the file and the field, so an editor can fix it without reading code.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createScratchProject } from '../support/scratch-project';

const run = promisify(execFile);
let project: ReturnType<typeof createScratchProject> | undefined;
afterEach(() => project?.remove());

/** Copies the project, applies `edit` to one content file, runs `astro sync` (or a full build); returns exit status and output. */
async function syncWith(file: string, edit: (text: string) => string, command: 'sync' | 'build' = 'sync') {
  project = createScratchProject('portal-schema-');
  const target = join(project.contentDir, file);
  writeFileSync(target, edit(readFileSync(target, 'utf8')));
  try {
    const { stdout, stderr } = await run('npx', ['astro', command], { cwd: project.dir, env: { ...process.env, FORCE_COLOR: '0' } });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout: string; stderr: string };
    return { ok: false, output: e.stdout + e.stderr };
  }
}

describe('content schemas', () => {
  it('accept the content as committed', async () => {
    const result = await syncWith('practices/shared-care-platform.mdx', (t) => t);
    expect(result.output).not.toMatch(/InvalidContentEntryDataError/);
    expect(result.ok).toBe(true);
  });

  it('reject a practice with an evidence level but no cited evaluation source, naming the file and the field', async () => {
    const result = await syncWith('practices/shared-care-platform.mdx', (t) => t.replace(/^sources: /m, 'evidence:\n  level: best\n  evaluation: "Assessed by the portal"\nsources: '));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('shared-care-platform');
    expect(result.output).toMatch(/evidence\.source/);
  });

  it('reject a practice with an unknown evidence level, naming the file and the field', async () => {
    const result = await syncWith('practices/shared-care-platform.mdx', (t) =>
      t.replace(/^sources: /m, 'evidence:\n  level: excellent\n  evaluation: "MAST evaluation"\n  source: smartcare-shared-care-platform\nsources: '),
    );
    expect(result.ok).toBe(false);
    expect(result.output).toContain('shared-care-platform');
    expect(result.output).toMatch(/evidence\.level/);
  });

  it('reject a visit that cites no source, naming the file and the field', async () => {
    const result = await syncWith('visits/ehds-presidency-event-czech.mdx', (t) => t.replace(/^sources: .*\n/m, ''));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('ehds-presidency-event-czech');
    expect(result.output).toMatch(/sources/);
  });

  it('reject a core feature without a name, naming the feature', async () => {
    const result = await syncWith('practices/shared-care-platform.mdx', (t) => t.replace(/(coreFeatures:\n\s*- id: [^\n]+\n)\s*name: [^\n]+\n/, '$1'));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('shared-care-platform');
    expect(result.output).toMatch(/coreFeatures\.0\.name/);
  });

  it('reject a maturity template that lacks one of the 12 dimensions', async () => {
    const result = await syncWith('templates/maturity-self-assessment.mdx', (t) => t.replace(/\n  - id: capacity-building[\s\S]*?(?=\n  - id: |\n[a-zA-Z]|\n---)/, ''));
    expect(result.ok).toBe(false);
    expect(result.output).toContain('maturity-self-assessment');
    expect(result.output).toMatch(/capacity-building/);
  });

  it('fail the build on a reference to a region that does not exist, naming the file and the field', async () => {
    const result = await syncWith('practices/shared-care-platform.mdx', (t) => t.replace(/^region: .*$/m, 'region: atlantis'), 'build');
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/practices\/shared-care-platform\.mdx: field "region" refers to regions\/atlantis/);
  });
});
