/**
 * The public site as crawlers, link previews and readers without JavaScript find it (issue 14, "Findable"): the
 * sitemap lists only prerendered public pages, robots.txt points to it, every public page carries Open Graph and
 * a Twitter card, the 404 page has no canonical, the header offers sign-in, and the search page's structure.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useStrings } from '../../src/i18n/ui';
import { foreignNames } from '../../src/lib/public/foreign-names';
import { privatePrefixes } from '../../src/lib/public/indexable';
import { splitLocale } from '../../src/lib/public/locale-routes';
import { clientDir, listFiles, requireBuild, resolveSitePath } from '../support/site';

beforeAll(requireBuild);

const t = useStrings();
const read = (path: string) => readFileSync(resolveSitePath(path)!, 'utf8');
const errorPages = ['/404/', '/500/'];
const publicPages = () =>
  listFiles(clientDir, '.html')
    .filter((f) => !f.includes('/pagefind/'))
    .map((f) => `/${relative(clientDir, f)}`.replace(/index\.html$/, '').replace(/\.html$/, '/'))
    .filter((p) => !errorPages.includes(p));
const head = (html: string) => html.slice(0, html.indexOf('</head>'));
const meta = (html: string, key: string) => new RegExp(`<meta (?:property|name)="${key}" content="([^"]*)"`).exec(head(html))?.[1];
const canonicalOf = (html: string) => /<link rel="canonical" href="([^"]+)"/.exec(html)?.[1];
// The address the site was built for, as the home page's canonical link gives it.
const site = () => new URL(canonicalOf(read('/'))!);

describe('the sitemap', () => {
  const urls = () => [...readFileSync(join(clientDir, 'sitemap-0.xml'), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);

  it('lists no private URL: nothing of the workspace, administration, sign-in or error pages', () => {
    const listed = urls().map((u) => new URL(u).pathname);
    expect(listed.length).toBeGreaterThan(20);
    expect(listed.filter((p) => privatePrefixes.some((prefix) => p.startsWith(prefix)) || p.startsWith('/sign-in'))).toEqual([]);
  });

  it('lists only pages that are built as static public pages, at the address the site was built for', () => {
    for (const url of urls()) {
      expect(new URL(url).origin, url).toBe(site().origin);
      expect(resolveSitePath(new URL(url).pathname), url).toMatch(/\.html$/);
    }
  });

  it('the sitemap index points to it with the same absolute address', () => {
    expect(readFileSync(join(clientDir, 'sitemap-index.xml'), 'utf8')).toContain(`<loc>${new URL('/sitemap-0.xml', site()).href}</loc>`);
  });
});

describe('robots.txt', () => {
  it('gives the absolute sitemap URL and disallows the administration and the workspace', () => {
    const robots = read('/robots.txt');
    expect(robots).toContain(`Sitemap: ${new URL('/sitemap-index.xml', site()).href}`);
    expect(robots).toMatch(/^Disallow: \/admin\/$/m);
    expect(robots).toMatch(/^Disallow: \/workspace\/$/m);
    expect(robots).not.toMatch(/^Disallow: \/$/m);
  });
});

describe('every public page', () => {
  it('has a canonical link, Open Graph (type, title, description, url, image) and a Twitter card', () => {
    const pages = publicPages();
    expect(pages.length).toBeGreaterThan(40);
    for (const path of pages) {
      const html = read(path);
      expect(canonicalOf(html), path).toBe(new URL(path, site()).href);
      for (const key of ['og:type', 'og:title', 'og:description']) expect(meta(html, key), `${path} ${key}`).toBeTruthy();
      expect(meta(html, 'og:url'), path).toBe(canonicalOf(html));
      expect(meta(html, 'twitter:card'), path).toBe('summary_large_image');
      const image = new URL(meta(html, 'og:image')!);
      expect(image.origin, path).toBe(site().origin);
      expect(readFileSync(resolveSitePath(image.pathname)!).subarray(1, 4).toString(), `${path} og:image is a PNG`).toBe('PNG');
    }
  });

  it('a practice page is an article with its own card', () => {
    const html = read('/practices/shared-care-platform/');
    expect(meta(html, 'og:type')).toBe('article');
    expect(meta(html, 'og:image')).toMatch(/\/cards\/practices\/shared-care-platform\.png$/);
  });

  it('offers mentors and teams a Sign in link in the header', () => {
    for (const path of publicPages()) {
      const header = /<header class="site-header">([\s\S]*?)<\/header>/.exec(read(path))?.[1] ?? '';
      // In the page's language: the sign-in page takes it from `?lang=`.
      const { locale } = splitLocale(path);
      const query = locale === 'en' ? '' : `?lang=${locale}`;
      expect(header, path).toMatch(new RegExp(`<a class="sign-in" href="/sign-in/${query.replace('?', '\\?')}">[^<]+</a>`));
      if (locale === 'en') expect(header, path).toContain(`<a class="sign-in" href="/sign-in/">${t.site.signIn}</a>`);
    }
  });

  it('marks names in other languages with their language', () => {
    expect(read('/regions/basque-country/')).toContain('<span lang="eu">Kronikgune</span>');
    expect(read('/regions/north-denmark/')).toContain('<span lang="da">Region Nordjylland</span>');
    for (const path of publicPages()) {
      const body = read(path).split('<body')[1].replace(/<script[\s\S]*?<\/script>/g, '');
      const text = body.replace(/<span lang="[a-z]+">[^<]*<\/span>/g, '').replace(/<[^>]*>/g, ' ');
      // A Danish name on a Danish page is in the page's own language.
      const { locale } = splitLocale(path);
      for (const [name, lang] of foreignNames) if (lang !== locale) expect(text, `${path}: ${name} unmarked`).not.toContain(name);
    }
  });
});

describe('the error pages', () => {
  it.each(['/404.html', '/500.html'])('%s has no canonical link and is not indexed', (file) => {
    const html = read(file);
    expect(canonicalOf(html)).toBeUndefined();
    expect(meta(html, 'og:url')).toBeUndefined();
    expect(html).toContain('<meta name="robots" content="noindex">');
  });
});

describe('the feed', () => {
  it('is titled for what it holds, and links to pages at the address the site was built for', () => {
    const feed = read('/feed.xml');
    expect(feed).toContain(`<title>${t.feed.title}</title>`);
    expect(t.feed.title).toMatch(/visits.*events.*good practices/);
    expect(feed).toContain(`<link>${new URL('/visits/', site()).origin}`);
  });
});

describe('the search page', () => {
  const html = () => read('/search/');

  it('puts the results before the filters in reading order, and the filters in a collapsible panel', () => {
    const page = html();
    const results = page.indexOf('class="search-results"');
    const filters = page.indexOf('<details class="search-filters"');
    expect(results).toBeGreaterThan(0);
    expect(filters).toBeGreaterThan(results);
    expect(page).toMatch(/<details class="search-filters"[^>]*><summary>Filters<\/summary>/);
  });

  it('without JavaScript says so and points to the catalogue, last in the results area (removing it moves nothing)', () => {
    const results = /<div class="search-results">([\s\S]*?)<\/div><details/.exec(html())?.[1] ?? '';
    expect(results).toMatch(new RegExp(`<p class="panel" id="search-fallback">${t.search.noscript} <a href="/practices/">[^<]+</a></p>$`));
  });

  it('keeps room for the results from the first paint, so arriving results shift nothing', () => {
    const css = [...html().matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((m) => read(m[1])).join('');
    expect(css).toMatch(/\.search-results\{min-height:100vh\}/);
    expect(css).toMatch(/\.search-status\{min-height:1\.55em/);
  });
});

describe('the share cards', () => {
  it('exist for the site and each practice', () => {
    expect(existsSync(join(clientDir, 'cards/site.png'))).toBe(true);
    for (const f of listFiles(join(clientDir, 'practices'), '.html').filter((f) => /practices\/[^/]+\/index\.html$/.test(f) && !/\/(page|country|theme|evidence|programme)\//.test(f)))
      expect(existsSync(join(clientDir, 'cards/practices', `${f.split('/').at(-2)}.png`)), f).toBe(true);
  });
});
