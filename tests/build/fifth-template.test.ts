/**
 * A fifth kind of workspace form is one new template file: the template registry finds it, and its page, form,
 * validation, review stage, print view and exports work with no code naming it. Built in a scratch copy of the
 * project with the file added, then used through the real server as a team and its mentor would.
 */
import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchProject } from '../support/scratch-project.ts';
import { startServer } from '../support/server.ts';

const run = promisify(execFile);

// A made-up template for the test only: a "lessons learned" log reviewed as a stage of its own.
const lessonsTemplate = `---
title: Lessons learned log
summary: >-
  A scratch template for a test: what the adopting team learned while implementing, one lesson at a time, with
  what it means for the next region.
kind: lessons
workspace:
  title: Lessons learned
  order: 7
  review:
    stage: lessons
    title: Lessons learned review
    rubric:
      - { id: usefulness, label: Usefulness to the next region }
stage: post-implementation
sections:
  - id: lessons
    title: Lessons
    fields:
      - id: lesson
        label: Lesson
        type: textarea
        required: true
      - id: advice
        label: Advice to the next region
        type: text
lastReviewed: 2026-12-02
---

Written by a test.
`;

let project: ReturnType<typeof createScratchProject>;
let server: Awaited<ReturnType<typeof startServer>>;
let editor: string;
let mentor: string;
let transferId: string;
const base = () => `/workspace/transfers/${transferId}`;
const get = (path: string, cookie = editor) => fetch(`${server.url}${path}`, { redirect: 'manual', headers: { Cookie: cookie } });
const post = (path: string, fields: Record<string, string>, cookie = editor) =>
  fetch(`${server.url}${path}`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url, 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields) });

beforeAll(async () => {
  project = createScratchProject('portal-fifth-kind-');
  writeFileSync(join(project.contentDir, 'templates/lessons-learned.mdx'), lessonsTemplate);
  await run('npx', ['astro', 'build'], { cwd: project.dir, maxBuffer: 64 * 1024 * 1024 });
  server = await startServer({}, { cwd: project.dir });
  editor = await server.signIn('editor@demo.example');
  mentor = await server.signIn('mentor@demo.example');
  const db = new Database(server.databasePath, { readonly: true });
  transferId = (db.prepare("select t.id from transfer t join organisation o on o.id = t.organisation_id where o.name = 'Demo: Northland Health Region'").get() as { id: string }).id;
  db.close();
}, 180_000);
afterAll(async () => {
  await server?.stop();
  project?.remove();
});

describe('a fifth template kind, added as one file', () => {
  it('has its page, linked from the transfer’s navigation after the other forms', async () => {
    const page = await (await get(`${base()}/lessons/`)).text();
    expect(page).toContain('<h1>Lessons learned</h1>');
    expect(page).toContain('name="f.lesson"');
    const nav = page.slice(page.indexOf('aria-label="This transfer"'));
    expect(nav.indexOf(`${base()}/progress-report/`)).toBeLessThan(nav.indexOf(`${base()}/lessons/`));
  });

  it('refuses a record without its required field, keeping what was typed, and saves a complete one', async () => {
    const bad = await post(`${base()}/lessons/`, { intent: 'save', section: 'lessons', grouping: '', entryId: '', version: '0', 'f.lesson': '', 'f.advice': 'Keep this advice' });
    expect(bad.status).toBe(400);
    const badPage = await bad.text();
    expect(badPage).toContain('Lesson is required.');
    expect(badPage).toContain('Keep this advice');

    const good = await post(`${base()}/lessons/`, { intent: 'save', section: 'lessons', grouping: '', entryId: '', version: '0', 'f.lesson': 'Start with one municipality', 'f.advice': 'Agree the data flows first' });
    expect(good.status).toBe(303);
    expect(await (await get(good.headers.get('location')!)).text()).toContain('Start with one municipality');
  });

  it('is submitted as its own review stage, which the mentor reviews', async () => {
    const overview = await (await get(`${base()}/review/`)).text();
    expect(overview).toContain('Lessons learned review');
    const submit = await post(`${base()}/review/`, { stage: 'lessons', note: 'Our lessons so far' });
    expect(submit.status).toBe(303);
    const stage = await get(`${base()}/review/lessons/`, mentor);
    expect(stage.status).toBe(200);
    const page = await stage.text();
    expect(page).toContain('<h1>Lessons learned review</h1>');
    expect(page).toContain('Start with one municipality');
    expect(page).toContain('Lessons learned: Lessons');
  });

  it('prints after the action plan and is in the JSON export', async () => {
    const print = await (await get(`${base()}/print/`)).text();
    expect(print).toContain('<h2 id="p-lessons">Lessons learned</h2>');
    expect(print.indexOf('id="p-action-plan"')).toBeLessThan(print.indexOf('id="p-lessons"'));
    expect(print).toContain('Agree the data flows first');
    const exported = await (await get(`${base()}/export.json`)).json();
    expect(JSON.stringify(exported)).toContain('Start with one municipality');
  });

  it('has its public template page', async () => {
    const page = await fetch(`${server.url}/templates/lessons-learned/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Lessons learned log');
  });
});
