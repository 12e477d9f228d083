/**
 * The field list the /data/ page shows for each dataset, read from the dataset's JSON Schema (the one published
 * beside it), so the documentation cannot drift from the data: each field with its type and description, nested
 * fields one level down as `parent[].child` or `parent.child`.
 */
import { datasetJsonSchema } from './json-schema.ts';
import type { DatasetId } from './schemas.ts';

type Schema = { type?: string | string[]; enum?: unknown[]; const?: unknown; pattern?: string; format?: string; description?: string; properties?: Record<string, Schema>; items?: Schema; anyOf?: Schema[] };

export interface FieldDoc {
  name: string;
  type: string;
  description: string;
}

function typeOf(s: Schema): string {
  if (s.anyOf) return s.anyOf.map(typeOf).join(' or ');
  if (s.type === 'null') return 'null';
  if (s.enum) return `one of ${s.enum.filter((v) => v !== null).map((v) => `"${v}"`).join(', ')}${s.enum.includes(null) ? ' or null' : ''}`;
  const types = (Array.isArray(s.type) ? s.type : [s.type ?? 'any']).filter((x) => x !== 'null');
  const nullable = Array.isArray(s.type) && s.type.includes('null');
  const base = types
    .map((x) => (x === 'array' ? `list of ${s.items ? typeOf(s.items) : 'values'}` : x === 'object' ? 'object' : x === 'string' && s.format === 'date-time' ? 'date-time (UTC)' : x === 'string' && s.format === 'uri' ? 'URL' : x))
    .join(' or ');
  return nullable ? `${base} or null` : base;
}

const objectOf = (s: Schema): Schema | undefined => (s.properties ? s : s.items?.properties ? s.items : s.anyOf?.map(objectOf).find(Boolean));

export function datasetFields(id: DatasetId, site: URL): FieldDoc[] {
  const root = datasetJsonSchema(id, site) as Schema;
  const record = root.properties!.records!.items!;
  const rows: FieldDoc[] = [];
  for (const [name, field] of Object.entries(record.properties ?? {})) {
    rows.push({ name, type: typeOf(field), description: field.description ?? '' });
    const inner = objectOf(field);
    if (!inner) continue;
    const sep = field.items || field.anyOf?.some((a) => a.items) ? '[].' : '.';
    for (const [child, sub] of Object.entries(inner.properties ?? {})) rows.push({ name: `${name}${sep}${child}`, type: typeOf(sub), description: sub.description ?? '' });
  }
  return rows;
}
