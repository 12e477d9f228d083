/**
 * What the open data holds, in one place: the /data/ page, the catalogue file (/data/v1/index.json) and the
 * DataCatalog JSON-LD are all written from this list, so they cannot disagree about a dataset or a file.
 */
import { paths } from '../paths.ts';
import { csvTables } from './csv-tables.ts';
import type { DatasetId } from './schemas.ts';

export const openDataVersion = '1';

/**
 * The portal's own text is CC BY 4.0 (docs/decisions/0019-open-data.md): free to reuse with attribution. It
 * summarises public sources, each cited in the record; facts and figures come from them, and their wording and
 * files keep their own terms.
 */
export const licence = { name: 'Creative Commons Attribution 4.0 International (CC BY 4.0)', url: 'https://creativecommons.org/licenses/by/4.0/' } as const;
export const attribution =
  'Integrated Care Transfer Portal, open data v1, CC BY 4.0. The records summarise the public documents each cites (its sources, resources and materials); credit those documents for their facts and figures, whose own terms apply.';

export interface DatasetInfo {
  id: DatasetId;
  title: string;
  description: string;
}

export const datasets: DatasetInfo[] = [
  { id: 'practices', title: 'Good practices', description: 'Every good practice on the portal with its core features (the unit of transfer), outcomes as reported by the cited sources, evaluation, transferability and sources.' },
  { id: 'adoptions', title: 'Adoptions', description: 'The published adoption stories: how a region adopted a practice, what it kept, adapted or dropped of each core feature, its results, barriers and facilitators by CFIR domain, and its lessons. Only stories both the adopter and a mentor consented to publish; a withdrawn story leaves at the next publication.' },
  { id: 'visits', title: 'Study visits and events', description: 'Study visits, seminars and events where practices were shown to other regions, dated no more precisely than the sources say.' },
  { id: 'programmes', title: 'Programmes', description: 'The funded programmes and joint actions in which practices were developed or transferred: period, funding, partners the sources name and work packages.' },
  { id: 'regions', title: 'Regions', description: 'Region profiles: role in the transfer programmes, key figures with their sources, sectors of care and organisations.' },
  { id: 'sources', title: 'Sources', description: 'The public documents every other record is written from, each with its publisher, what in the portal rests on it and what to weigh before relying on it; records cite them by id.' },
];

/** The files of one dataset, as site paths. */
export function datasetFiles(id: DatasetId) {
  return {
    json: paths.openDataFile(`${id}.json`),
    schema: paths.openDataFile(`${id}.schema.json`),
    csv: csvTables.filter((t) => t.dataset === id).map((t) => ({ path: paths.openDataFile(t.file), file: t.file, row: t.row })),
  };
}

export const catalogueFile = paths.openDataFile('index.json');
export const catalogueSchemaFile = paths.openDataFile('index.schema.json');
