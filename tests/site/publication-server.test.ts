/**
 * The publication job inside the real production server (src/server/serve.ts), with a fast stand-in for the site
 * build: the coordinator's rebuild swaps the static files for the next request, while the on-demand pages (rendered
 * by dist/server, never swapped) and dist's hashed assets they link to keep answering.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/server.ts';
import { clientDir, requireBuild } from '../support/site.ts';

const fake = new URL('../support/fake-site-build.mjs', import.meta.url).pathname;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  requireBuild();
  server = await startServer({ PORTAL_PUBLICATION: 'on', PORTAL_PUBLICATION_BUILD: JSON.stringify([process.execPath, fake, '{outDir}', 'ok', '1000']) });
});
afterAll(() => server?.stop());

describe('the server with the publication job', () => {
  it('serves the rebuilt site after the swap, and the workspace and its assets keep working', async () => {
    expect(server.output()).toContain(`Static files from ${clientDir}`);
    const cookie = await server.signIn('coordinator@demo.example');
    const asked = await fetch(`${server.url}/admin/publication/`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(asked.status).toBe(303);
    expect(asked.headers.get('location')).toBe('/admin/publication/?done=queued');
    // While it builds, the old site answers.
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<html lang="en"');
    for (let i = 0; !/run 1 swapped in/.test(server.output()); i++) {
      expect(i, server.output()).toBeLessThan(100);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await (await fetch(`${server.url}/`)).text()).toContain('<h1>run-1</h1>');
    const signIn = await fetch(`${server.url}/sign-in/`);
    expect(signIn.status).toBe(200);
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(await signIn.text())?.[1] ?? `/_astro/${readdirSync(join(clientDir, '_astro')).find((f) => f.endsWith('.css'))}`;
    expect((await fetch(`${server.url}${css}`)).status).toBe(200);
    const page = await (await fetch(`${server.url}/admin/publication/`, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('Run 1: Published');
    expect(page).toMatch(/Last published: .*with 0 stories/);
  });
});
