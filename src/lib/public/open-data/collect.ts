/**
 * Reads every public record from the content collections (never the database: adoptions come from the published
 * stories file through the `stories` collection) and maps it to open data, in the order the site lists them.
 */
import { getCollection } from 'astro:content';
import { getPractices, getProgrammes, getRegions, getStories, getVisits } from '../content.ts';
import { adoptionRecord, practiceRecord, programmeRecord, regionRecord, sourceRecord, visitRecord } from './records.ts';
import type { DatasetId, RecordOf } from './schemas.ts';

export type OpenData = { [D in DatasetId]: RecordOf<D>[] };

// Content does not change during a build, and every file of /data/v1/ needs the same records: read them once.
const cache = new Map<string, Promise<OpenData>>();

export function collectOpenData(site: URL): Promise<OpenData> {
  if (!cache.has(site.href)) cache.set(site.href, readOpenData(site));
  return cache.get(site.href)!;
}

async function readOpenData(site: URL): Promise<OpenData> {
  return {
    practices: (await getPractices()).map((e) => practiceRecord(e, site)),
    adoptions: (await getStories()).map((s) => adoptionRecord(s, site)),
    visits: (await getVisits()).map((e) => visitRecord(e, site)),
    programmes: (await getProgrammes()).map((e) => programmeRecord(e, site)),
    regions: (await getRegions()).map((e) => regionRecord(e, site)),
    sources: (await getCollection('sources')).sort((a, b) => a.id.localeCompare(b.id)).map((e) => sourceRecord(e, site)),
  };
}
