/**
 * Every file under /data/v1/, by name: the catalogue and its schema, and per dataset its JSON, its JSON Schema
 * and its CSV tables. The endpoint (src/pages/data/v1/[file].ts) only lists these and returns them.
 */
import { attribution, catalogueFile, catalogueSchemaFile, datasetFiles, datasets, licence, openDataVersion } from './catalogue.ts';
import { collectOpenData, type OpenData } from './collect.ts';
import { csvTables, writeCsvTable } from './csv-tables.ts';
import { catalogueJsonSchema, catalogueSchema, datasetDocument, datasetJsonSchema } from './json-schema.ts';
import { paths } from '../paths.ts';

export interface OpenDataFile {
  body: string;
  type: string;
}

const json = (value: unknown): OpenDataFile => ({ body: `${JSON.stringify(value, null, 2)}\n`, type: 'application/json; charset=utf-8' });
const schemaJson = (value: unknown): OpenDataFile => ({ ...json(value), type: 'application/schema+json; charset=utf-8' });
const fileName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

// One time for every file of a build, so the files of one publication say the same.
const generatedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The names of every file, for getStaticPaths. */
export function openDataFileNames(): string[] {
  return [fileName(catalogueFile), fileName(catalogueSchemaFile), ...datasets.flatMap((d) => [`${d.id}.json`, `${d.id}.schema.json`]), ...csvTables.map((t) => t.file)];
}

function catalogue(data: OpenData, site: URL) {
  const url = (path: string) => new URL(path, site).href;
  const doc = {
    $schema: url(catalogueSchemaFile),
    title: 'Integrated Care Transfer Portal: open data',
    version: openDataVersion,
    generatedAt,
    licence,
    attribution,
    documentation: url(paths.openData()),
    datasets: datasets.map((d) => {
      const files = datasetFiles(d.id);
      return {
        id: d.id,
        title: d.title,
        description: d.description,
        records: data[d.id].length,
        json: url(files.json),
        schema: url(files.schema),
        csv: csvTables.filter((t) => t.dataset === d.id).map((t) => ({ url: url(paths.openDataFile(t.file)), row: t.row, rows: t.rows(data[d.id] as never).length })),
      };
    }),
  };
  catalogueSchema.parse(doc);
  return doc;
}

export async function openDataFile(name: string, site: URL): Promise<OpenDataFile> {
  if (name === fileName(catalogueSchemaFile)) return schemaJson(catalogueJsonSchema(site));
  const dataset = datasets.find((d) => name === `${d.id}.json` || name === `${d.id}.schema.json`);
  if (dataset && name.endsWith('.schema.json')) return schemaJson(datasetJsonSchema(dataset.id, site));
  const data = await collectOpenData(site);
  if (name === fileName(catalogueFile)) return json(catalogue(data, site));
  if (dataset) return json(datasetDocument(dataset.id, data[dataset.id], site, generatedAt));
  const table = csvTables.find((t) => t.file === name);
  if (table) return { body: writeCsvTable(table, data[table.dataset]), type: 'text/csv; charset=utf-8' };
  throw new Error(`open data: no file named ${name}`);
}
