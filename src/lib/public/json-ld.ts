/**
 * schema.org JSON-LD for the public pages, so that search engines and other sites read what a page is: a practice
 * or an adoption story is an Article, a visit an Event (dated no more precisely than the sources say), a region a
 * Place, a programme a Project, the open data a DataCatalog of Datasets; every detail page has its BreadcrumbList
 * (Home › section › page, as the navigation places it). Only what the page itself states goes in: an unknown
 * format gives no eventAttendanceMode, an unknown day no invented date. Pages pass the result to BaseLayout's
 * `structuredData`; src/components/JsonLd.astro writes it.
 */
import { useStrings } from '../../i18n/ui.ts';
import type { AdoptionStory } from '../../schemas/story.ts';
import type { Practice } from '../../schemas/practice.ts';
import type { Programme } from '../../schemas/programme.ts';
import type { Region } from '../../schemas/region.ts';
import type { Visit } from '../../schemas/visit.ts';
import { isoDay } from './dates.ts';
import { attribution, catalogueFile, datasetFiles, datasets, licence, openDataVersion } from './open-data/catalogue.ts';
import { schemaOrgSpan } from './open-data/partial-dates.ts';
import { publishedFormat } from './open-data/records.ts';
import { paths } from './paths.ts';

export type JsonLdNode = { '@type': string } & Record<string, unknown>;
type Entry<T> = { id: string; data: T };

const t = useStrings();
const absolute = (path: string, site: URL) => new URL(path, site).href;
const publisher = (site: URL): JsonLdNode => ({ '@type': 'Organization', name: t.site.name, url: absolute(paths.home(), site) });
const country = (code: string) => ({ '@type': 'PostalAddress', addressCountry: code });
const sources = (resources: { title: string; url: string }[], site: URL) => resources.map((r) => ({ '@type': 'CreativeWork', name: r.title, url: absolute(r.url, site) }));

/** Home › section › page: the trail a reader follows through the navigation to this page. */
export function breadcrumbJsonLd(trail: { name: string; path: string }[], site: URL): JsonLdNode {
  const items = [{ name: t.nav.home, path: paths.home() }, ...trail];
  return {
    '@type': 'BreadcrumbList',
    itemListElement: items.map((item, i) => ({ '@type': 'ListItem', position: i + 1, name: item.name, item: absolute(item.path, site) })),
  };
}

export function practiceJsonLd(practice: Entry<Practice>, region: Entry<Region>, site: URL): JsonLdNode[] {
  const { data } = practice;
  const url = absolute(paths.practice(practice.id), site);
  return [
    {
      '@type': 'Article',
      headline: data.title,
      description: data.summary,
      url,
      mainEntityOfPage: url,
      inLanguage: 'en',
      dateModified: isoDay(data.lastReviewed),
      publisher: publisher(site),
      keywords: data.themes.map((th) => t.labels.theme[th]).join(', '),
      spatialCoverage: { '@type': 'Place', name: region.data.name, url: absolute(paths.region(region.id), site), address: country(data.country) },
      isBasedOn: sources(data.resources, site),
    },
    breadcrumbJsonLd([{ name: t.nav.practices, path: paths.practices() }, { name: data.title, path: paths.practice(practice.id) }], site),
  ];
}

/** An adoption story's page: an Article about the practice it adopted (`practiceTitle` names it, as the page shows it). */
export function storyJsonLd(story: AdoptionStory, practiceTitle: string, site: URL): JsonLdNode[] {
  const url = absolute(paths.adoption(story.id), site);
  const practiceUrl = absolute(paths.practice(story.practice), site);
  return [
    {
      '@type': 'Article',
      headline: story.title,
      description: story.summary,
      url,
      mainEntityOfPage: url,
      inLanguage: 'en',
      datePublished: story.publishedAt,
      publisher: publisher(site),
      about: { '@type': 'CreativeWork', name: practiceTitle, url: practiceUrl },
      sourceOrganization: { '@type': 'Organization', name: story.organisation.name, ...(story.country ? { address: country(story.country) } : {}) },
      temporalCoverage: `${story.period.from}/${story.period.to}`,
    },
    breadcrumbJsonLd(
      [
        { name: t.nav.practices, path: paths.practices() },
        { name: practiceTitle, path: paths.practice(story.practice) },
        { name: story.title, path: paths.adoption(story.id) },
      ],
      site,
    ),
  ];
}

const attendance = { 'on-site': 'https://schema.org/OfflineEventAttendanceMode', online: 'https://schema.org/OnlineEventAttendanceMode', hybrid: 'https://schema.org/MixedEventAttendanceMode' } as const;

/**
 * schema.org dates accept ISO 8601 at reduced precision: a half-year, which ISO 8601-1 cannot write, is given as its
 * year, and an event no source dates has no date.
 */
export function eventDates(when: Visit['when']): { startDate?: string; endDate?: string } {
  return schemaOrgSpan(when.start, when.end, when.precision);
}

export function visitJsonLd(visit: Entry<Visit>, site: URL): JsonLdNode[] {
  const { data } = visit;
  const format = publishedFormat(data);
  const place = data.location || data.country ? { location: { '@type': 'Place', ...(data.location ? { name: data.location } : {}), ...(data.country ? { address: country(data.country) } : {}) } } : {};
  return [
    {
      '@type': 'Event',
      name: data.title,
      description: data.summary,
      url: absolute(paths.visit(visit.id), site),
      ...eventDates(data.when),
      ...(format ? { eventAttendanceMode: attendance[format] } : {}),
      ...place,
      organizer: { '@type': 'Organization', name: data.host },
    },
    breadcrumbJsonLd([{ name: t.nav.visits, path: paths.visits() }, { name: data.title, path: paths.visit(visit.id) }], site),
  ];
}

export function regionJsonLd(region: Entry<Region>, site: URL): JsonLdNode[] {
  const { data } = region;
  return [
    { '@type': 'Place', name: data.name, description: data.summary, url: absolute(paths.region(region.id), site), address: country(data.country) },
    breadcrumbJsonLd([{ name: t.nav.regions, path: paths.regions() }, { name: data.name, path: paths.region(region.id) }], site),
  ];
}

export function programmeJsonLd(programme: Entry<Programme>, site: URL): JsonLdNode[] {
  const { data } = programme;
  const { startDate, endDate } = schemaOrgSpan(data.period.start, data.period.end, data.period.precision);
  return [
    {
      '@type': 'Project',
      name: data.title,
      alternateName: data.acronym,
      description: data.summary,
      url: absolute(paths.programme(programme.id), site),
      ...(startDate ? { foundingDate: startDate } : {}),
      ...(endDate ? { dissolutionDate: endDate } : {}),
      funder: { '@type': 'Organization', name: data.funding.funder },
    },
    breadcrumbJsonLd([{ name: t.nav.programmes, path: paths.programmes() }, { name: data.title, path: paths.programme(programme.id) }], site),
  ];
}

/** The /data/ page: the catalogue and each dataset with its downloads (Google's Dataset search reads these). */
export function openDataJsonLd(site: URL, name: string, description: string): JsonLdNode[] {
  const page = absolute(paths.openData(), site);
  const download = (path: string, encodingFormat: string) => ({ '@type': 'DataDownload', encodingFormat, contentUrl: absolute(path, site) });
  return [
    {
      '@type': 'DataCatalog',
      name,
      description,
      url: page,
      inLanguage: 'en',
      license: licence.url,
      publisher: publisher(site),
      dataset: datasets.map((d) => {
        const files = datasetFiles(d.id);
        return {
          '@type': 'Dataset',
          name: `${d.title} (${t.site.name})`,
          description: d.description,
          url: `${page}#${d.id}`,
          version: openDataVersion,
          license: licence.url,
          creditText: attribution,
          isAccessibleForFree: true,
          creator: publisher(site),
          distribution: [download(files.json, 'application/json'), ...files.csv.map((c) => download(c.path, 'text/csv'))],
          subjectOf: { '@type': 'CreativeWork', name: 'JSON Schema', url: absolute(files.schema, site) },
        };
      }),
      hasPart: { '@type': 'CreativeWork', name: 'Catalogue (JSON)', url: absolute(catalogueFile, site) },
    },
    breadcrumbJsonLd([{ name, path: paths.openData() }], site),
  ];
}
