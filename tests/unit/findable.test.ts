import { describe, expect, it } from 'vitest';
import { useStrings } from '../../src/i18n/ui';
import { markForeignNames } from '../../src/lib/public/foreign-names';
import { isPublicPage, robotsTxt } from '../../src/lib/public/indexable';
import { noResultsAdvice } from '../../src/lib/search/no-results';
import { separateLabels } from '../../src/lib/search/index-text';
import { siteUrl } from '../../src/lib/site-url';

describe('siteUrl', () => {
  it('is PUBLIC_SITE_URL when set', () => {
    expect(siteUrl({ PUBLIC_SITE_URL: 'https://example.org/', PORT: '8080' })).toBe('https://example.org/');
  });
  it('is where npm start listens otherwise, not a fixed port', () => {
    expect(siteUrl({})).toBe('http://localhost:4321');
    expect(siteUrl({ PORT: '8080' })).toBe('http://localhost:8080');
    expect(siteUrl({ HOST: '127.0.0.1', PORT: '4681' })).toBe('http://127.0.0.1:4681');
  });
});

describe('isPublicPage', () => {
  it('keeps the public site in the sitemap', () => {
    for (const url of ['https://example.org/', 'https://example.org/practices/shared-care-platform/', 'https://example.org/search/'])
      expect(isPublicPage(url), url).toBe(true);
  });
  it('leaves out the workspace, administration, sign-in and error pages', () => {
    for (const url of ['https://example.org/admin/', 'https://example.org/admin/users/', 'https://example.org/workspace/', 'https://example.org/sign-in/', 'https://example.org/sign-in/second-factor/', 'https://example.org/forgot-password/', 'https://example.org/forbidden/', 'https://example.org/404/', 'https://example.org/500'])
      expect(isPublicPage(url), url).toBe(false);
  });
});

describe('robotsTxt', () => {
  it('gives the sitemap as an absolute URL and keeps crawlers out of the signed-in halves', () => {
    const text = robotsTxt(new URL('https://example.org/'));
    expect(text).toContain('Sitemap: https://example.org/sitemap-index.xml');
    expect(text).toMatch(/^Disallow: \/admin\/$/m);
    expect(text).toMatch(/^Disallow: \/workspace\/$/m);
  });
});

describe('noResultsAdvice', () => {
  const labels = useStrings().search.labels;
  it('does not mention filters when none is chosen', () => {
    expect(noResultsAdvice('telecare', 0, labels)).not.toMatch(/filter/i);
    expect(noResultsAdvice('remote telecare pilot', 0, labels)).not.toMatch(/filter/i);
  });
  it('suggests fewer words for several words, and spelling or another word for one', () => {
    expect(noResultsAdvice('remote telecare pilot', 0, labels)).toMatch(/fewer words/);
    expect(noResultsAdvice('telecare', 0, labels)).toMatch(/spelling/);
    expect(noResultsAdvice('telecare', 0, labels)).not.toMatch(/fewer words/);
  });
  it('names the query, and a filter only when one is chosen', () => {
    expect(noResultsAdvice('  telecare ', 1, labels)).toContain('“telecare”');
    expect(noResultsAdvice('telecare', 2, labels)).toMatch(/clear a filter/i);
    expect(noResultsAdvice('', 2, labels)).toMatch(/filters chosen/);
  });
});

describe('separateLabels', () => {
  it('keeps a term apart from its description and a row header from its cell', () => {
    const html = separateLabels('<dl><dt>Languages</dt><dd>English</dd><dt>Last reviewed</dt><dd>25 November 2026.</dd></dl><table><thead><tr><th>Figure</th><th>Value</th></tr></thead><tbody><tr><th scope="row">Funding</th><td>SEK 1</td></tr></tbody></table>');
    const text = html.replace(/<thead[\s\S]*<\/thead>/, '').replace(/<[^>]+>/g, '');
    expect(text).toContain('Languages: English. Last reviewed: 25 November 2026.');
    expect(text).not.toContain('2026..');
    expect(text).toContain('Funding: SEK 1');
    expect(html).toContain('<thead data-pagefind-ignore');
  });
});

describe('markForeignNames', () => {
  it('marks a name in page text with its language', () => {
    expect(markForeignNames('<html lang="en"><body><p>Osakidetza, the Basque health service</p></body></html>')).toContain('<p><span lang="eu">Osakidetza</span>, the Basque');
  });
  it('leaves the head, attributes, scripts and names already marked alone', () => {
    const html = '<html lang="en"><head><title>Osakidetza</title></head><body><a title="Osakidetza" href="/x">x</a><script>"Osakidetza"</script><span lang="eu">Osakidetza</span></body></html>';
    expect(markForeignNames(html)).toBe(html);
  });
  it('matches whole names only', () => {
    expect(markForeignNames('<body><p>Syddanmarks</p></body>')).toBe('<body><p>Syddanmarks</p></body>');
  });
});
