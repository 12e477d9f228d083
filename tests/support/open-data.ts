/** Reading and checking the open data of a built site (dist/client/data/v1/): shared by the site and build tests. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'csv-parse/sync';

export const dataDir = (client: string) => join(client, 'data/v1');

export function readJson<T = Record<string, unknown>>(client: string, name: string): T {
  return JSON.parse(readFileSync(join(dataDir(client), name), 'utf8')) as T;
}

/** A CSV file as its header and rows (after checking the byte-order mark). */
export function readCsv(client: string, name: string): { bom: boolean; header: string[]; rows: Record<string, string>[]; text: string } {
  const text = readFileSync(join(dataDir(client), name), 'utf8');
  const records = parse(text, { bom: true, relax_column_count: false }) as string[][];
  const [header, ...rest] = records;
  return { bom: text.startsWith('\uFEFF'), header, rows: rest.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))), text };
}

/**
 * Ajv (the most used JSON Schema validator, draft 2020-12), strict. The two formats our schemas use are
 * defined here rather than pulling in ajv-formats: a URL the WHATWG parser accepts, and an ISO date-time.
 */
export function schemaValidator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addFormat('date-time', (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/.test(s) && !Number.isNaN(Date.parse(s)));
  return ajv;
}

/** Validates a published file against the published schema it names; returns the problems, none when valid. */
export function validateAgainstOwnSchema(client: string, name: string): string[] {
  const doc = readJson(client, name);
  const schemaName = new URL(String(doc.$schema)).pathname.split('/').pop()!;
  const path = join(dataDir(client), schemaName);
  if (!existsSync(path)) return [`${name}: its $schema ${schemaName} is not published`];
  const validate = schemaValidator().compile(JSON.parse(readFileSync(path, 'utf8')));
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${name}${e.instancePath}: ${e.message}`);
}
