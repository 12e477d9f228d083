/**
 * The published JSON Schemas (draft 2020-12), generated from the zod schemas in schemas.ts with zod's own
 * z.toJSONSchema, so the files readers validate against are the ones the build checked its output with.
 */
import { z } from 'astro/zod';
import { attribution, catalogueSchemaFile, datasetFiles, datasets, licence, openDataVersion } from './catalogue.ts';
import { datasetFile, recordSchemas, type DatasetId } from './schemas.ts';

export const catalogueSchema = z.object({
  $schema: z.url(),
  title: z.string(),
  version: z.literal(openDataVersion),
  generatedAt: z.iso.datetime(),
  licence: z.object({ name: z.string(), url: z.url() }),
  attribution: z.string(),
  documentation: z.url().meta({ description: 'The page that explains the datasets.' }),
  datasets: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      description: z.string(),
      records: z.number().int().min(0).meta({ description: 'How many records the dataset holds.' }),
      json: z.url(),
      schema: z.url(),
      csv: z.array(z.object({ url: z.url(), row: z.string().meta({ description: 'What one row is.' }), rows: z.number().int().min(0) })),
    }),
  ),
});

const asJsonSchema = (schema: z.ZodType, id: string, title: string) => ({
  ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }),
  $id: id,
  title,
});

export function datasetJsonSchema(id: DatasetId, site: URL) {
  const info = datasets.find((d) => d.id === id)!;
  return { ...asJsonSchema(datasetFile(recordSchemas[id]), new URL(datasetFiles(id).schema, site).href, `${info.title} (open data v${openDataVersion})`), description: info.description };
}

export function catalogueJsonSchema(site: URL) {
  return asJsonSchema(catalogueSchema, new URL(catalogueSchemaFile, site).href, `Catalogue of the open data v${openDataVersion}`);
}

/** The dataset file: validated against its own schema before it is written, so a build never publishes a file that breaks it. */
export function datasetDocument<D extends DatasetId>(id: D, records: unknown[], site: URL, generatedAt: string) {
  const doc = { $schema: new URL(datasetFiles(id).schema, site).href, dataset: id, version: openDataVersion, generatedAt, licence, attribution, records };
  const parsed = datasetFile(recordSchemas[id]).safeParse(doc);
  if (!parsed.success) throw new Error(`open data: ${id} does not match its schema: ${z.prettifyError(parsed.error)}`);
  return doc;
}
