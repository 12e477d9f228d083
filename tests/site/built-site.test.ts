import { strFromU8, unzipSync } from 'fflate';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { configuredLocales, pseudoLocale } from '../../src/i18n/locales';
import { splitLocale } from '../../src/lib/public/locale-routes';
import { clientDir, contentIds, countRunnableScripts, listFiles, readFrontmatter, requireBuild, resolveSitePath } from '../support/site';

beforeAll(requireBuild);

const htmlFiles = () => listFiles(clientDir, '.html').filter((f) => !f.includes('/pagefind/'));
const pagePath = (file: string) => `/${relative(clientDir, file)}`.replace(/index\.html$/, '').replace(/\.html$/, '');

describe('every content entry', () => {
  it.each(['practices', 'visits', 'templates', 'programmes', 'regions'])('in %s has its own page', (collection) => {
    const ids = contentIds(collection);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(resolveSitePath(`/${collection}/${id}/`), `${collection}/${id}`).toBeDefined();
  });

  it('visit dated to the day has a calendar file, and no other visit has one', () => {
    for (const id of contentIds('visits')) {
      const when = readFrontmatter('visits', id).when as { precision?: string };
      const ics = resolveSitePath(`/visits/${id}.ics`);
      if ((when.precision ?? 'day') === 'day') {
        expect(ics, id).toBeDefined();
        // Unfold RFC 5545 continuation lines before looking for the URL.
        const text = readFileSync(ics!, 'utf8').replace(/\r\n[ \t]/g, '');
        expect(text).toContain('BEGIN:VEVENT');
        expect(text).toContain(`/visits/${id}/`);
      } else expect(ics, id).toBeUndefined();
    }
  });

  it('template has a downloadable worksheet holding its title', () => {
    for (const id of contentIds('templates')) {
      const file = resolveSitePath(`/templates/${id}.md`);
      expect(file, id).toBeDefined();
      expect(readFileSync(file!, 'utf8')).toContain(`# ${readFrontmatter('templates', id).title}`);
    }
  });

  it('template has a Word worksheet: a zip whose document holds its title', () => {
    for (const id of contentIds('templates')) {
      const file = resolveSitePath(`/templates/${id}.docx`);
      expect(file, id).toBeDefined();
      const files = unzipSync(new Uint8Array(readFileSync(file!)));
      expect(strFromU8(files['word/document.xml']!).replace(/&amp;/g, '&')).toContain(String(readFrontmatter('templates', id).title));
    }
  });
});

describe('links in the built site', () => {
  it('every internal link and asset resolves to a built file', () => {
    const broken: string[] = [];
    for (const file of htmlFiles()) {
      const html = readFileSync(file, 'utf8');
      for (const [, url] of html.matchAll(/\s(?:href|src)="([^"]+)"/g)) {
        if (!url.startsWith('/') || url.startsWith('//')) continue;
        // The header's Sign in link opens the workspace's door, an on-demand page (tests/site/findable.test.ts), in the
        // page's language (`?lang=`).
        if (url === '/sign-in/' || url.startsWith('/sign-in/?lang=')) continue;
        if (!resolveSitePath(url)) broken.push(`${pagePath(file)} → ${url}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the sitemap lists every page, and the feed lists every visit', () => {
    const sitemap = readFileSync(join(clientDir, 'sitemap-0.xml'), 'utf8');
    for (const collection of ['practices', 'visits', 'templates', 'programmes', 'regions'])
      for (const id of contentIds(collection)) expect(sitemap).toContain(`/${collection}/${id}/`);
    const feed = readFileSync(join(clientDir, 'feed.xml'), 'utf8');
    for (const id of contentIds('visits')) expect(feed).toContain(`/visits/${id}/`);
  });
});

describe('public pages', () => {
  it('ship no JavaScript, except the search page (in every language)', () => {
    const withScripts = htmlFiles()
      .filter((f) => countRunnableScripts(readFileSync(f, 'utf8')) > 0)
      .map(pagePath);
    // Every language the build holds (the test build adds the pseudo-locale).
    const built = [...configuredLocales, pseudoLocale].map((l) => l.code).filter((code) => code !== 'en' && existsSync(join(clientDir, code, 'index.html')));
    expect(built.length).toBeGreaterThan(0);
    expect(withScripts.sort()).toEqual(['/search/', ...built.map((code) => `/${code}/search/`)].sort());
  });

  it('declare their language and a content security policy', () => {
    for (const file of htmlFiles()) {
      const html = readFileSync(file, 'utf8');
      expect(html, pagePath(file)).toMatch(`<html lang="${splitLocale(pagePath(file)).locale}"`);
      expect(html, pagePath(file)).toMatch(/http-equiv="content-security-policy"/i);
    }
  });
});
