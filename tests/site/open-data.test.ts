/**
 * The open data of the built site (/data/v1/): each file validates against the JSON Schema published beside it,
 * the CSV tables hold what the JSON holds, dates keep their real precision, and nothing from the workspace is in it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientDir, contentIds, listFiles, readFrontmatter, requireBuild, resolveSitePath } from '../support/site';
import { readCsv, readJson, schemaValidator, validateAgainstOwnSchema } from '../support/open-data';

beforeAll(requireBuild);

type Catalogue = { datasets: { id: string; records: number; json: string; schema: string; csv: { url: string; rows: number }[] }[] };
type DatasetDoc = { records: Record<string, unknown>[] };
const catalogue = () => readJson<Catalogue>(clientDir, 'index.json');
const fileOf = (url: string) => new URL(url).pathname.split('/').pop()!;
const datasetIds = ['practices', 'adoptions', 'visits', 'programmes', 'regions', 'sources'];

describe('the open data catalogue', () => {
  it('lists the six datasets, each with its JSON, its JSON Schema and its CSV files, all published', () => {
    const { datasets } = catalogue();
    expect(datasets.map((d) => d.id)).toEqual(datasetIds);
    for (const d of datasets)
      for (const url of [d.json, d.schema, ...d.csv.map((c) => c.url)]) expect(resolveSitePath(new URL(url).pathname), url).toBeDefined();
  });

  it('validates against its own published schema', () => {
    expect(validateAgainstOwnSchema(clientDir, 'index.json')).toEqual([]);
  });
});

describe('each dataset', () => {
  it.each(datasetIds)('%s validates against the JSON Schema published beside it', (id) => {
    expect(validateAgainstOwnSchema(clientDir, `${id}.json`)).toEqual([]);
  });

  it('schema rejects a record with a field the version does not define, or a placeholder date', () => {
    const validate = schemaValidator().compile(readJson(clientDir, 'visits.schema.json'));
    const doc = readJson<DatasetDoc>(clientDir, 'visits.json');
    const visit = doc.records[0] as { when: { start: string } };
    expect(validate({ ...doc, records: [{ ...visit, organiserEmail: 'someone@example.org' }] })).toBe(false);
    expect(validate({ ...doc, records: [{ ...visit, when: { ...visit.when, start: 'September 2019' } }] })).toBe(false);
  });

  it('holds every content entry once, linking to its page', () => {
    for (const id of ['practices', 'visits', 'programmes', 'regions', 'sources']) {
      const records = readJson<DatasetDoc>(clientDir, `${id}.json`).records;
      expect(records.map((r) => r.id).sort()).toEqual(contentIds(id).sort());
      for (const r of records) expect(resolveSitePath(new URL(String(r.url)).pathname), String(r.url)).toBeDefined();
    }
  });

  it('counts in the catalogue what the files hold', () => {
    for (const d of catalogue().datasets) {
      expect(readJson<DatasetDoc>(clientDir, fileOf(d.json)).records, d.id).toHaveLength(d.records);
      for (const c of d.csv) expect(readCsv(clientDir, fileOf(c.url)).rows, c.url).toHaveLength(c.rows);
    }
  });
});

describe('the CSV tables', () => {
  it('have a row per record, and per core feature and per outcome, as the JSON has them', () => {
    const practices = readJson<{ records: { id: string; coreFeatures: { id: string }[]; outcomes: unknown[] }[] }>(clientDir, 'practices.json').records;
    expect(readCsv(clientDir, 'practices.csv').rows.map((r) => r.id)).toEqual(practices.map((p) => p.id));
    expect(readCsv(clientDir, 'core-features.csv').rows.map((r) => `${r.practice}/${r.id}`)).toEqual(practices.flatMap((p) => p.coreFeatures.map((f) => `${p.id}/${f.id}`)));
    expect(readCsv(clientDir, 'outcomes.csv').rows).toHaveLength(practices.reduce((n, p) => n + p.outcomes.length, 0));
    for (const id of ['visits', 'programmes', 'regions', 'sources', 'adoptions'])
      expect(readCsv(clientDir, `${id}.csv`).rows.map((r) => r.id), id).toEqual(readJson<DatasetDoc>(clientDir, `${id}.json`).records.map((r) => r.id));
  });

  it('start with a byte-order mark and end each line with CRLF', () => {
    for (const file of listFiles(join(clientDir, 'data/v1'), '.csv')) {
      const { bom, text } = readCsv(clientDir, file.split('/').pop()!);
      expect(bom, file).toBe(true);
      expect(text.replace(/"[^"]*"/g, '').split('\n').slice(0, -1).every((line) => line.endsWith('\r')), file).toBe(true);
    }
  });
});

describe('dates in the open data', () => {
  it('are as precise as the source and no more: a visit known to the month is YYYY-MM, one known to the day YYYY-MM-DD', () => {
    const visits = readJson<{ records: { id: string; when: { precision: string; start: string | null; end: string | null } }[] }>(clientDir, 'visits.json').records;
    for (const v of visits) {
      if (v.when.precision === 'not-published') expect([v.when.start, v.when.end], v.id).toEqual([null, null]);
      else expect(v.when.start, v.id).toMatch({ day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/, 'half-year': /^\d{4}-(01|07)$/ }[v.when.precision]!);
      expect((readFrontmatter('visits', v.id).when as { precision?: string }).precision ?? 'day').toBe(v.when.precision);
    }
  });

  it('give a programme’s period at the precision its content states, a half-year as its first and last month', () => {
    const programmes = readJson<{ records: { id: string; period: { precision: string; start: string | null } }[] }>(clientDir, 'programmes.json').records;
    for (const p of programmes) {
      expect((readFrontmatter('programmes', p.id).period as { precision: string }).precision, p.id).toBe(p.period.precision);
      const pattern = { day: /^\d{4}-\d{2}-\d{2}$/, month: /^\d{4}-\d{2}$/, 'half-year': /^\d{4}-(01|07)$/, year: /^\d{4}$/ }[p.period.precision];
      if (pattern) expect(p.period.start, p.id).toMatch(pattern);
      else expect(p.period.start, p.id).toBeNull();
    }
  });
});

describe('nothing from the workspace', () => {
  it('is in any file under /data/ or on the /data/ page: no e-mail address, no person, no workspace link', () => {
    const files = [...listFiles(join(clientDir, 'data/v1')), join(clientDir, 'data/index.html')];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(text.match(/[\w.+-]+@[\w-]+\.[\w.-]+/g) ?? [], file).toEqual([]);
      expect(text, file).not.toMatch(/Demo (Coordinator|Mentor|Editor|Viewer)|\/workspace\/|\/admin\//);
    }
  });
});
