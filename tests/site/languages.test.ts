/**
 * The public site in every language (issue 15): each page type at `/<code>/…` (English at the root), its language
 * declared, its other languages announced (hreflang, x-default → English) and offered (the language switcher), the
 * language of its content said and marked, and, in the pseudo-locale, no word that does not come from the catalogue.
 * Pagefind keeps one index per language: a page is found in its own language's index only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formats } from '../../src/i18n';
import { configuredLocales, pseudoLocale } from '../../src/i18n/locales';
import { pseudoFormatted, pseudoString } from '../../src/i18n/pseudo';
import siteEn from '../../src/i18n/messages/en/site.json';
import { splitLocale } from '../../src/lib/public/locale-routes';
import { inLocale } from '../../src/lib/public/paths';
import { describeLeftovers, englishLeftovers } from '../support/english-leftovers';
import { practicePageBudget, pageWeight } from '../support/page-weight';
import { pagefindIn, urlsFound } from '../support/pagefind';
import { clientDir, contentDir, contentIds, listFiles, readFrontmatter, requireBuild, resolveSitePath, serveClient } from '../support/site';

beforeAll(requireBuild);

const pagePath = (file: string) => `/${relative(clientDir, file)}`.replace(/index\.html$/, '').replace(/\.html$/, '/');
const errorPages = ['/404/', '/500/'];
/** Pages that exist once, in English: the open data's description (its files and schemas are English too). */
const englishOnly = ['/data/'];
const allPages = () => listFiles(clientDir, '.html').filter((f) => !f.includes('/pagefind/')).map(pagePath).filter((p) => !errorPages.includes(p));
const read = (path: string) => readFileSync(resolveSitePath(path)!, 'utf8');
// The languages the build holds (the test build adds the pseudo-locale), in the order the site lists them.
const builtLocales = () => [...configuredLocales, pseudoLocale].map((l) => l.code).filter((code) => code === 'en' || existsSync(join(clientDir, code, 'index.html')));
const localeCodes = builtLocales();
const prefixedLocales = () => localeCodes.filter((c) => c !== 'en');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];

describe('every public page type', () => {
  it('is built in every language, English at the root and the others under /<code>/', () => {
    expect(localeCodes).toContain(pseudoLocale.code);
    const english = allPages().filter((p) => splitLocale(p).locale === 'en' && !englishOnly.includes(p));
    expect(english.length).toBeGreaterThan(30);
    const missing = english.flatMap((p) => prefixedLocales().filter((code) => !resolveSitePath(`/${code}${p}`)).map((code) => `/${code}${p}`));
    expect(missing).toEqual([]);
  });

  it('declares its language, lists every language with hreflang and x-default → English, and offers the switcher', () => {
    const problems: string[] = [];
    for (const path of allPages()) {
      const html = read(path);
      const { locale, path: base } = splitLocale(path);
      // The pseudo-locale's pages exist, but it is offered to no one (it is no language).
      const languages = englishOnly.includes(base) ? ['en'] : localeCodes.filter((c) => c !== pseudoLocale.code);
      if (!html.includes(`<html lang="${locale}"`)) problems.push(`${path}: html lang is not ${locale}`);
      const canonical = /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
      const site = new URL(canonical!);
      const alternates = [...html.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"/g)].map(([, lang, href]) => [lang, href]);
      const expected = languages.length > 1 ? [...languages.map((code) => [code, new URL(inLocale(base, code), site).href]), ['x-default', new URL(base, site).href]] : [];
      if (JSON.stringify(alternates) !== JSON.stringify(expected)) problems.push(`${path}: alternates ${JSON.stringify(alternates)}`);
      const nav = /<nav class="languages[^"]*"[^>]*>([\s\S]*?)<\/nav>/.exec(html)?.[1];
      if (languages.length === 1) {
        if (nav) problems.push(`${path}: a switcher on a page that exists in English only`);
        continue;
      }
      const links = [...(nav ?? '').matchAll(/<a\s[^>]*>/g)].map(([tag]) => tag);
      const wanted = languages.map((code) => inLocale(base, code));
      if (JSON.stringify(links.map((l) => attr(l, 'href'))) !== JSON.stringify(wanted)) problems.push(`${path}: switcher links ${links.map((l) => attr(l, 'href'))}`);
      for (const [i, link] of links.entries()) {
        if (attr(link, 'lang') !== languages[i] || attr(link, 'hreflang') !== languages[i]) problems.push(`${path}: switcher link ${i} lacks lang/hreflang ${languages[i]}`);
        if ((attr(link, 'aria-current') === 'true') !== (languages[i] === locale)) problems.push(`${path}: aria-current wrong on ${languages[i]}`);
      }
    }
    expect(problems.slice(0, 20)).toEqual([]);
  });
});

describe('the sitemap', () => {
  it('lists each page in every language, with its other languages as alternates', () => {
    const sitemap = readFileSync(join(clientDir, 'sitemap-0.xml'), 'utf8');
    const entry = /<url><loc>[^<]*\/da\/practices\/shared-care-platform\/<\/loc>(.*?)<\/url>/.exec(sitemap)?.[1] ?? '';
    for (const code of localeCodes.filter((c) => c !== pseudoLocale.code))
      expect(entry, code).toMatch(new RegExp(`hreflang="${code}" href="[^"]*${inLocale('/practices/shared-care-platform/', code)}"`));
  });
});

describe('in the pseudo-locale', () => {
  // Names and titles of the content (which is English here, and marked so in the body) also appear in <title> and
  // the meta description, which cannot carry a language of their own.
  // Currency codes, as Intl writes them beside amounts.
  const currencies = ['EUR', 'SEK', 'DKK'];
  const names = () =>
    ['practices', 'visits', 'templates', 'programmes', 'regions', 'sources'].flatMap((c) => contentIds(c).flatMap((id) => {
      const fm = readFrontmatter(c, id);
      // As the parser reads them: an apostrophe is written &#39; and counted as a space.
      return [fm.title, fm.name, fm.summary].filter((v): v is string => typeof v === 'string').flatMap((v) => [v, v.replace(/'/g, ' ')]);
    }).concat(currencies));

  it('every public page has no English left outside content marked as English', () => {
    const pages = allPages().filter((p) => splitLocale(p).locale === pseudoLocale.code);
    expect(pages.length).toBeGreaterThan(30);
    const data = names();
    const found = pages.flatMap((p) => englishLeftovers(read(p), { data }).map((l) => ({ ...l, where: `${p} ${l.where}` })));
    expect(found, describeLeftovers(found)).toEqual([]);
  });

  it('says that the content is shown in its original language, and marks it English', () => {
    const html = read('/qps/practices/shared-care-platform/');
    const notice = /<p class="note content-notice" data-content-status="untranslated"[^>]*>([^<]*)<\/p>/.exec(html)?.[1];
    const expected = pseudoString(siteEn.language.untranslated).replace('{{language}}', pseudoLocale.name).replace('{{original}}', pseudoFormatted(formats('en').language('en')));
    expect(notice).toBe(expected);
    expect(html).toMatch(/<h1 lang="en">/);
    expect(html).toMatch(/<div lang="en">/);
    // The interface is a machine translation: the footer says so; the English original does not.
    expect(html).toMatch(/data-interface-note/);
    expect(read('/practices/shared-care-platform/')).not.toMatch(/data-interface-note|content-notice/);
  });
});

describe('the practice pages in every language', () => {
  it('ship no JavaScript and stay within the weight budget', () => {
    for (const code of localeCodes)
      for (const id of contentIds('practices')) {
        const file = resolveSitePath(inLocale(`/practices/${id}/`, code));
        expect(file, `${code} ${id}`).toBeDefined();
        const w = pageWeight(clientDir, file!);
        expect(w.scripts, `${code} ${id}`).toBe(0);
        expect(w.html + w.css, `${code} ${id}`).toBeLessThanOrEqual(practicePageBudget);
      }
  });
});

describe('search in each language', () => {
  let server: Awaited<ReturnType<typeof serveClient>>;
  beforeAll(async () => {
    server = await serveClient();
  });
  afterAll(async () => server?.close());

  const bodyWord = () => {
    const [, frontmatter, body] = readFileSync(join(contentDir, 'practices/shared-care-platform.mdx'), 'utf8').split(/^---$/m);
    // As tests/site/search-index.test.ts chooses it: a word of the body found on no other page.
    const others = listFiles(contentDir, '.mdx').filter((f) => !f.endsWith('shared-care-platform.mdx') && !/\.[a-z]{2,3}\.mdx$/.test(f)).map((f) => readFileSync(f, 'utf8').toLowerCase());
    return [...new Set(body.match(/\b[A-Za-z]{7,}\b/g) ?? [])].find((w) => !frontmatter.toLowerCase().includes(w.toLowerCase()) && !others.some((o) => o.includes(w.slice(0, 6).toLowerCase())))!;
  };

  it('finds a page in its own language’s index, and only there', async () => {
    const word = bodyWord();
    const pseudo = await urlsFound(await pagefindIn(pseudoLocale.code, server.url, clientDir), word);
    expect(pseudo[0]).toBe('/qps/practices/shared-care-platform/');
    expect(pseudo.every((u) => u.startsWith('/qps/'))).toBe(true);
    const english = await urlsFound(await pagefindIn('en', server.url, clientDir), word);
    expect(english[0]).toBe('/practices/shared-care-platform/');
    expect(english.some((u) => u.startsWith('/qps/') || u.startsWith('/da/'))).toBe(false);
  });

  // Enabled by itself once the Danish translation of the Shared Care Platform is in content/.
  const danish = join(contentDir, 'practices/shared-care-platform.da.mdx');
  it.skipIf(!existsSync(danish))('Danish: a word of the Danish translation finds the Danish page in the Danish index', async () => {
    const english = listFiles(contentDir, '.mdx').filter((f) => !/\.[a-z]{2,3}\.mdx$/.test(f)).map((f) => readFileSync(f, 'utf8').toLowerCase()).join('\n');
    const body = readFileSync(danish, 'utf8').split(/^---$/m)[2];
    const word = body.toLowerCase().includes('hjertepatienter') ? 'hjertepatienter' : [...new Set(body.match(/\p{L}{10,}/gu) ?? [])].find((w) => !english.includes(w.toLowerCase().slice(0, 8)))!;
    const urls = await urlsFound(await pagefindIn('da', server.url, clientDir), word);
    expect(urls[0]).toBe('/da/practices/shared-care-platform/');
    expect(urls.every((u) => u.startsWith('/da/'))).toBe(true);
  });
});
