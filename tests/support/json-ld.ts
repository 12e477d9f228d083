/**
 * A small schema.org checker for the JSON-LD the site writes: for each type we use, the properties it must have
 * (schema.org itself requires none; these are what the type is for, and what Google's rich results read), and
 * the form of their values. Hand-written because the tools that check against the whole vocabulary need the
 * network or a browser (Google's Rich Results Test, the Schema Markup Validator) or are unmaintained; the types
 * we publish are few and this list says exactly what we promise for each.
 */
const absoluteUrl = /^https?:\/\/[^\s]+$/;
/** ISO 8601 at reduced precision: YYYY, YYYY-MM or YYYY-MM-DD (schema.org Date accepts each). */
const partialDate = /^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$/;
const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const attendanceModes = ['Offline', 'Online', 'Mixed'].map((m) => `https://schema.org/${m}EventAttendanceMode`);

type Node = Record<string, unknown>;
type Check = (node: Node, at: string, problems: string[]) => void;

const text = (key: string): Check => (n, at, p) => void (typeof n[key] === 'string' && (n[key] as string).trim() !== '' ? 0 : p.push(`${at}: ${key} must be non-empty text`));
const url = (key: string): Check => (n, at, p) => void (typeof n[key] === 'string' && absoluteUrl.test(n[key] as string) ? 0 : p.push(`${at}: ${key} must be an absolute URL, got ${JSON.stringify(n[key])}`));
const date = (key: string, optional = false): Check => (n, at, p) => {
  if (optional && n[key] === undefined) return;
  const v = n[key];
  if (typeof v !== 'string' || !(partialDate.test(v) || dateTime.test(v))) p.push(`${at}: ${key} must be an ISO 8601 date or date-time, got ${JSON.stringify(v)}`);
};
const typed = (key: string, types: string[], optional = false): Check => (n, at, p) => {
  const v = n[key];
  if (optional && v === undefined) return;
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0 || list.some((x) => !x || typeof x !== 'object' || !types.includes((x as Node)['@type'] as string))) p.push(`${at}: ${key} must be ${types.join(' or ')}`);
  else list.forEach((x, i) => validateNode(x as Node, `${at}.${key}${Array.isArray(v) ? `[${i}]` : ''}`, p));
};
const oneOf = (key: string, values: string[], optional = false): Check => (n, at, p) => void ((optional && n[key] === undefined) || values.includes(n[key] as string) ? 0 : p.push(`${at}: ${key} must be one of ${values.join(', ')}`));
const either = (...keys: string[]): Check => (n, at, p) => void (keys.some((k) => n[k] !== undefined) ? 0 : p.push(`${at}: needs one of ${keys.join(', ')}`));

/** Per type: what a node of it must carry. Nested nodes are checked by their own type. */
export const requirements: Record<string, Check[]> = {
  Article: [
    text('headline'), text('description'), url('url'), text('inLanguage'), typed('publisher', ['Organization']), either('datePublished', 'dateModified'), date('datePublished', true), date('dateModified', true),
    typed('about', ['CreativeWork'], true), typed('isBasedOn', ['CreativeWork'], true), typed('spatialCoverage', ['Place'], true), typed('sourceOrganization', ['Organization'], true)],
  // startDate only when a source dates the event: a made-up date would be worse than none.
  Event: [text('name'), text('description'), url('url'), date('startDate', true), date('endDate', true), oneOf('eventAttendanceMode', attendanceModes, true), typed('location', ['Place', 'VirtualLocation'], true), typed('organizer', ['Organization'])],
  Place: [either('name', 'address'), typed('address', ['PostalAddress'], true)],
  PostalAddress: [text('addressCountry')],
  Organization: [text('name'), typed('address', ['PostalAddress'], true)],
  Project: [text('name'), text('description'), url('url'), date('foundingDate', true), date('dissolutionDate', true), typed('funder', ['Organization'], true)],
  CreativeWork: [text('name'), url('url')],
  BreadcrumbList: [
    (n, at, p) => {
      const items = n.itemListElement as Node[] | undefined;
      if (!Array.isArray(items) || items.length < 2) return void p.push(`${at}: itemListElement must list at least two ListItems`);
      items.forEach((item, i) => {
        if (item['@type'] !== 'ListItem' || item.position !== i + 1 || typeof item.name !== 'string' || !absoluteUrl.test(String(item.item))) p.push(`${at}: item ${i + 1} must be a ListItem with position ${i + 1}, a name and an absolute URL`);
      });
    },
  ],
  DataCatalog: [text('name'), text('description'), url('url'), url('license'), typed('dataset', ['Dataset'])],
  Dataset: [
    text('name'),
    (n, at, p) => void (typeof n.description === 'string' && n.description.length >= 50 && n.description.length <= 5000 ? 0 : p.push(`${at}: description must be 50–5000 characters`)),
    url('url'),
    url('license'),
    typed('distribution', ['DataDownload']),
    typed('creator', ['Organization'], true),
    typed('subjectOf', ['CreativeWork'], true),
  ],
  DataDownload: [url('contentUrl'), text('encodingFormat')],
};

export function validateNode(node: Node, at: string, problems: string[]): void {
  const type = node['@type'];
  if (typeof type !== 'string' || !requirements[type]) return void problems.push(`${at}: unknown or missing @type ${JSON.stringify(type)}`);
  for (const check of requirements[type]) check(node, `${at} (${type})`, problems);
}

/** The JSON-LD blocks of an HTML page, parsed; a block that does not parse is reported, not thrown. */
export function jsonLdBlocks(html: string): { raw: string; value?: Node; error?: string }[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(([, raw]) => {
    try {
      return { raw, value: JSON.parse(raw) as Node };
    } catch (error) {
      return { raw, error: String(error) };
    }
  });
}

/** Every problem with one parsed block: its context, its @graph, each node's requirements. */
export function validateJsonLd(doc: Node, at = 'json-ld'): string[] {
  const problems: string[] = [];
  if (doc['@context'] !== 'https://schema.org') problems.push(`${at}: @context must be https://schema.org`);
  const graph = doc['@graph'];
  if (!Array.isArray(graph) || graph.length === 0) return [...problems, `${at}: @graph must be a non-empty list`];
  graph.forEach((node, i) => validateNode(node as Node, `${at}[${i}]`, problems));
  return problems;
}
