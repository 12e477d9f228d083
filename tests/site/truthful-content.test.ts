/**
 * The public site states only what its cited sources state (issue 14, "a truthful public site"). Each test reads
 * the built pages and the frontmatter they come from, and fails on the content as it was before: evidence labels
 * no source gives, placeholder formats and dates shown as facts, invented feed days, pages without a source.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientDir, contentIds, listFiles, readFrontmatter, requireBuild, resolveSitePath } from '../support/site';

beforeAll(requireBuild);

const page = (path: string) => {
  const file = resolveSitePath(path);
  if (!file) throw new Error(`${path} is not in the built site`);
  return readFileSync(file, 'utf8');
};
const decode = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
/** What a reader sees of an HTML fragment: tags dropped, spaces collapsed. */
const text = (html: string) => decode(html.replace(/<(script|style)[\s\S]*?<\/\1>/g, '').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
const main = (html: string) => /<main[\s\S]*?<\/main>/.exec(html)![0];
/** The value shown beside a label in a page's facts list (`<dt>label</dt><dd>value</dd>`). */
const fact = (html: string, label: string) => {
  const match = new RegExp(`<dt>${label}</dt>\\s*<dd>([\\s\\S]*?)</dd>`).exec(html);
  return match ? text(match[1]) : undefined;
};
/** A section's text, from its h2 id to the end of its section. */
const section = (html: string, id: string) => {
  const match = new RegExp(`<h2 id="${id}">[\\s\\S]*?</section>`).exec(html);
  return match ? text(match[0]) : undefined;
};

const formatLabels: Record<string, string> = { 'on-site': 'On site', online: 'Online', hybrid: 'Hybrid', 'not-published': 'Not published' };
const evidenceLabels = ['Best practice', 'Promising practice', 'Emerging practice'];

describe('evidence levels', () => {
  it('no page shows an evidence level label unless a practice on it carries one with its cited evaluation', () => {
    const graded = contentIds('practices').filter((id) => (readFrontmatter('practices', id).evidence as { source?: string } | undefined)?.source);
    const offending: string[] = [];
    for (const file of listFiles(clientDir, '.html').filter((f) => !f.includes('/pagefind/'))) {
      const shown = text(main(readFileSync(file, 'utf8')));
      for (const label of evidenceLabels) if (shown.includes(label) && graded.length === 0) offending.push(`${file.slice(clientDir.length)}: ${label}`);
    }
    expect(offending).toEqual([]);
  });

  it('each practice page says what its source calls it, links that source, and gives no level no evaluation supports', () => {
    for (const id of contentIds('practices')) {
      const fm = readFrontmatter('practices', id) as { recognition: { label: string; source: string }; evidence?: unknown };
      const html = page(`/practices/${id}/`);
      expect(fact(html, 'Recognised as'), id).toContain(fm.recognition.label);
      expect(/<dt>Recognised as<\/dt>\s*<dd>[\s\S]*?<\/dd>/.exec(html)![0], id).toContain(`href="/sources/#${fm.recognition.source}"`);
      if (!fm.evidence) expect(fact(html, 'Evidence level'), id).toMatch(/^Not published/);
    }
  });

  it('the catalogue offers no evidence-level filter while no practice has a cited evaluation', () => {
    const nav = /<nav class="facets"[\s\S]*?<\/nav>/.exec(page('/practices/'))![0];
    expect(text(nav)).not.toMatch(/Evidence level/);
    expect(resolveSitePath('/practices/evidence/best/')).toBeUndefined();
  });
});

describe('visits show only what their frontmatter gives', () => {
  it('the format on each visit page and in the visit list is the frontmatter format, or "Not published"', () => {
    const list = main(page('/visits/'));
    for (const id of contentIds('visits')) {
      const fm = readFrontmatter('visits', id) as { format: string };
      expect(fact(page(`/visits/${id}/`), 'Format'), id).toBe(formatLabels[fm.format]);
      // The list's badge names a format only when one is published, never a placeholder.
      const item = new RegExp(`<li(?:(?!</li>)[\\s\\S])*?href="/visits/${id}/"(?:(?!</li>)[\\s\\S])*?</li>`).exec(list)?.[0];
      expect(item, id).toBeDefined();
      const badge = text(/<span class="badge">([\s\S]*?)<\/span>/.exec(item!)![1]);
      if (fm.format === 'not-published') expect(badge, id).not.toMatch(/·/);
      else expect(badge, id).toContain(formatLabels[fm.format]);
    }
  });

  it('objectives and cases a source does not publish are shown as "not published", not as likely themes', () => {
    for (const id of contentIds('visits')) {
      const fm = readFrontmatter('visits', id) as { learningObjectives?: string[]; cases?: string[] };
      const html = page(`/visits/${id}/`);
      if (!fm.learningObjectives?.length) expect(section(html, 'objectives'), id).toBe('Learning objectives Not published in our sources.');
      if (!fm.cases?.length) expect(section(html, 'cases'), id).toBe('Cases presented Not published in our sources.');
    }
  });

  it('a visit date carries, in its <time datetime>, no more precision than the frontmatter gives', () => {
    const expected: Record<string, (start: string) => string | undefined> = { day: (s) => s, month: (s) => s.slice(0, 7), 'half-year': (s) => s.slice(0, 4), 'not-published': () => undefined };
    for (const id of contentIds('visits')) {
      const when = readFrontmatter('visits', id).when as { start: Date | string; precision?: string };
      const start = new Date(when.start).toISOString().slice(0, 10);
      const dd = /<dt>When<\/dt>\s*<dd>([\s\S]*?)<\/dd>/.exec(page(`/visits/${id}/`))![1];
      const datetime = /<time datetime="([^"]+)"/.exec(dd)?.[1];
      expect(datetime, id).toBe(expected[when.precision ?? 'day'](start));
    }
  });
});

describe('the feed', () => {
  it('dates a visit only when its frontmatter gives the day, and then with that day', () => {
    const feed = page('/feed.xml');
    for (const id of contentIds('visits')) {
      const when = readFrontmatter('visits', id).when as { start: Date | string; precision?: string };
      const item = new RegExp(`<item>(?:(?!</item>)[\\s\\S])*?/visits/${id}/(?:(?!</item>)[\\s\\S])*?</item>`).exec(feed)?.[0];
      expect(item, id).toBeDefined();
      const pubDate = /<pubDate>([^<]+)<\/pubDate>/.exec(item!)?.[1];
      if ((when.precision ?? 'day') === 'day') expect(new Date(pubDate!).toISOString().slice(0, 10), id).toBe(new Date(when.start).toISOString().slice(0, 10));
      else expect(pubDate, id).toBeUndefined();
    }
  });
});

describe('every page cites its source', () => {
  const sourcesPage = () => page('/sources/');
  it.each(['practices', 'visits', 'programmes', 'regions'])('each page in %s has a Source line linking every source its frontmatter cites, to an entry on /sources/', (collection) => {
    const anchors = new Set([...sourcesPage().matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]));
    for (const id of contentIds(collection)) {
      const cited = readFrontmatter(collection, id).sources as string[];
      expect(cited?.length, `${collection}/${id} cites no source`).toBeGreaterThan(0);
      const line = /<p class="source-line"[\s\S]*?<\/p>/.exec(page(`/${collection}/${id}/`))?.[0];
      expect(line, `${collection}/${id} has no Source line`).toBeDefined();
      expect(text(line!)).toMatch(/^Sources?: /);
      for (const source of cited) {
        expect(line, `${collection}/${id} → ${source}`).toContain(`href="/sources/#${source}"`);
        expect(anchors.has(source), `/sources/#${source}`).toBe(true);
      }
    }
  });

  it('the sources page gives an address only where the source document itself gives one', () => {
    for (const id of contentIds('sources')) {
      const fm = readFrontmatter('sources', id) as { url?: string };
      const entry = new RegExp(`<section id="${id}"[\\s\\S]*?</section>`).exec(sourcesPage())![0];
      expect(fact(entry, 'Address'), id).toBe(fm.url ?? 'Not published in our copy of the document');
    }
  });
});

describe('a practice page', () => {
  it('has a table of contents whose links each resolve to an id on the page and that lists every section', () => {
    for (const id of contentIds('practices')) {
      const html = page(`/practices/${id}/`);
      const toc = /<nav class="toc"[\s\S]*?<\/nav>/.exec(html)?.[0];
      expect(toc, id).toBeDefined();
      const targets = [...toc!.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
      const ids = new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]));
      for (const target of targets) expect(ids.has(target), `${id}: #${target}`).toBe(true);
      const sections = [...main(html).matchAll(/<h2 id="([^"]+)"/g)].map((m) => m[1]).filter((h) => h !== 'toc-title');
      expect(targets, id).toEqual(sections);
    }
  });

  it('has one section on transfer, one on what an adopter needs and one on evaluation, not a second that restates it', () => {
    for (const id of contentIds('practices')) {
      const headings = [...main(page(`/practices/${id}/`)).matchAll(/<h2[^>]*>([\s\S]*?)<\/h2>/g)].map((m) => text(m[1]));
      expect(headings.filter((h) => /transfer/i.test(h)), id).toEqual(['Transferring the practice']);
      expect(headings.filter((h) => /adopter needs|adoption checklist/i.test(h)), id).toEqual(['What an adopter needs']);
      expect(headings.filter((h) => /evaluation/i.test(h)), id).toEqual(['Evaluation']);
    }
  });

  it('says, before core features that show maturity levels, that those levels are an editorial estimate', () => {
    for (const id of contentIds('practices')) {
      const features = readFrontmatter('practices', id).coreFeatures as { requiredMaturity?: unknown[] }[];
      if (!features.some((f) => f.requiredMaturity?.length)) continue;
      const html = page(`/practices/${id}/`);
      const before = text(html.slice(html.indexOf('id="core-features"'), html.indexOf('class="feature"')));
      expect(before, id).toMatch(/editorial estimate/);
    }
  });

  it('puts the caveat on core features before them, where the core features are not from a cited source', () => {
    for (const id of contentIds('practices')) {
      const note = readFrontmatter('practices', id).coreFeaturesNote as string | undefined;
      if (!note) continue;
      const html = page(`/practices/${id}/`);
      const at = html.indexOf(decode(note).replace(/'/g, '&#39;'));
      expect(at, id).toBeGreaterThan(html.indexOf('id="core-features"'));
      expect(at, id).toBeLessThan(html.indexOf('class="feature"'));
    }
  });
});

describe('placeholders found when the pages were checked against the sources', () => {
  it.each(['belgium', 'czech', 'spain', 'sweden'])('the EHDS %s presidency event shows no "Hybrid" format', (country) => {
    const html = page(`/visits/ehds-presidency-event-${country}/`);
    expect(fact(html, 'Format')).toBe('Not published');
    expect(text(main(html))).not.toMatch(/hybrid/i);
  });

  it('the Östergötland seminar shows no "September 2019" date and no "on site" format', () => {
    const html = page('/visits/2019-ostergotland-knowledge-seminar/');
    expect(fact(html, 'When')).toBe('Date not published (within November 2018 – September 2019)');
    expect(fact(html, 'Format')).toBe('Not published');
    expect(text(main(html))).not.toMatch(/on[- ]site/i);
  });

  it('the 2022 study visit lists no cases and no objectives the source does not publish', () => {
    const html = page('/visits/2022-05-11-southern-denmark-online-study-visit/');
    expect(section(html, 'cases')).toBe('Cases presented Not published in our sources.');
    expect(section(html, 'objectives')).toBe('Learning objectives Not published in our sources.');
    expect(text(main(html))).not.toMatch(/likely themes/i);
  });

  it('the EHDS programme gives its partners as the source words them, not "7 countries", and no exact days', () => {
    const html = page('/programmes/ehds-joint-action-plan/');
    expect(fact(html, 'Partners')).toMatch(/^Clusters and networks representing seven case-study innovation ecosystems/);
    expect(text(main(html))).not.toMatch(/\b7 countries\b/);
    expect(fact(html, 'Countries of the seven case-study ecosystems')).toBe('Bulgaria, Belgium, Czechia, Hungary, Portugal, Spain, Sweden');
    expect(fact(html, 'Coordinator')).toBe('Not published');
    expect(text(main(html))).not.toMatch(/\b(1 July 2022|30 June 2024|2022-07-01|2024-06-30)\b/);
  });

  it('the EHDS presidency events are not dated in the feed by the first day of their half-year', () => {
    const feed = page('/feed.xml');
    for (const country of ['belgium', 'czech', 'spain', 'sweden']) {
      const item = new RegExp(`<item>(?:(?!</item>)[\\s\\S])*?/visits/ehds-presidency-event-${country}/(?:(?!</item>)[\\s\\S])*?</item>`).exec(feed)![0];
      expect(item).not.toContain('<pubDate>');
    }
  });

  it('"Countries" on the SmartCare and JADECARE pages says what it lists', () => {
    expect(fact(page('/programmes/jadecare/'), 'Countries of the coordinator and of the four original good practices \\(not all 17\\)')).toBe('Spain, Germany, Denmark');
    expect(fact(page('/programmes/smartcare/'), 'Country of the pilot region described here \\(our source does not list the others\\)')).toBe('Denmark');
    for (const id of contentIds('programmes')) expect(page(`/programmes/${id}/`), id).not.toContain('<dt>Countries</dt>');
  });

  it('planned duties are not reported as done', () => {
    // The source gives the Health Innovation Centre's WP8 tasks as "are going to"; these done-tense phrasings were on the pages.
    const done = [/For each region it defined needs and scope/, /It then supported implementation/, /each good practice\s+invited the participating/, /It helps eight next-adopter/, /They passed their knowledge on/];
    for (const path of ['/practices/southern-denmark-digital-roadmap/', '/programmes/jadecare/', '/visits/2022-05-11-southern-denmark-online-study-visit/']) {
      const shown = text(main(page(path)));
      for (const phrase of done) expect(shown, `${path}: ${phrase}`).not.toMatch(phrase);
    }
  });
});
