/**
 * "Fill in from the adaptation log and the indicators": the post-implementation report's first draft, as one
 * command an editor asks for (never on page load). It adds a core-feature record (section role pir-core-features)
 * for each decision of the adaptation log, and a result record (pir-results) for each objective and indicator of the
 * action plan, with the indicator's unit, baseline, target and latest measurement. What already has a record (a
 * record linking to that core feature, objective or indicator) is left alone, so pressing it twice adds nothing and
 * nothing the team wrote is overwritten. Every section and field is found by role or by what it links to.
 */
import { t } from '../../../i18n/index.ts';
import { and, asc, desc, eq, inArray, max, sql } from 'drizzle-orm';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { schema, writeTransaction, type Db, type Tx } from '../db.ts';
import { canFillInReport, type Actor, type TransferAccess } from '../permissions.ts';
import { fail, type Result } from '../result.ts';
import { coreFeatures, fieldLinkingTo, fieldWithRole, optionWithMeaning, sectionKey, type Field, type Section } from '../templates/registry.ts';
import type { MonitoringTemplates, SectionAt } from '../monitoring/sections.ts';
import { activeOnly, requireActiveTransfer } from '../transfers/active.ts';
import { entryLabel, entrySchema, recordsPerSection, type EntryData } from '../transfers/entry-schema.ts';
import { bumpRevision } from '../transfers/revision.ts';

type Meta = { ip: string; now?: Date };
export type PrefillOutcome = { features: number; results: number };

/** The report's sections this command fills, and the plan's sections it reads, or why it cannot run. */
function sectionsOf(templates: MonitoringTemplates) {
  const features = templates.sectionWithRole('pir-core-features');
  const results = templates.sectionWithRole('pir-results');
  return { features, results, objectives: templates.sectionWithRole('objectives'), kpis: templates.sectionWithRole('kpis') };
}

/** Whether the templates have a report section this command can fill: pages show its button only then. */
export const canPrefillWith = (templates: MonitoringTemplates) => {
  const { features, results } = sectionsOf(templates);
  return !!(features && fieldWithRole(features.section, 'core-feature')) || !!results;
};

const put = (data: EntryData, field: Field | undefined, value: string | number | string[] | undefined) => {
  if (field && value !== undefined && value !== '') data[field.id] = value;
};

/**
 * Keeps what the section's own validation accepts: a value it would refuse (a unit longer than a text field
 * takes, a number outside its bounds) is left for the team to write, rather than failing the whole command.
 */
function valid(section: Section, data: EntryData): EntryData | undefined {
  let attempt = { ...data };
  for (let i = 0; i < 2; i++) {
    const parsed = entrySchema(section).safeParse(attempt);
    if (parsed.success) return Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined)) as EntryData;
    for (const issue of parsed.error.issues) delete attempt[String(issue.path[0])];
    attempt = { ...attempt };
  }
  return undefined;
}

/** The ids a section's records already link to through a field (a core feature, an objective, an indicator). */
const linkedIds = (rows: { data: EntryData }[], field: Field | undefined) => new Set(field ? rows.flatMap((r) => (Array.isArray(r.data[field.id]) ? (r.data[field.id] as string[]) : [])) : []);

async function rowsOf(tx: Tx, transferId: string, at: SectionAt) {
  const rows = await tx.select({ id: schema.entry.id, data: schema.entry.data, position: schema.entry.position }).from(schema.entry).where(and(eq(schema.entry.transferId, transferId), eq(schema.entry.template, at.kind), eq(schema.entry.section, at.section.id))).orderBy(asc(schema.entry.position));
  return rows.map((r) => ({ ...r, data: JSON.parse(r.data) as EntryData }));
}

/** The records to add, worked out inside the transaction from what is there at that instant. */
async function draftRecords(tx: Tx, transferId: string, templates: MonitoringTemplates): Promise<{ at: SectionAt; records: EntryData[] }[]> {
  const { features, results, objectives, kpis } = sectionsOf(templates);
  const out: { at: SectionAt; records: EntryData[] }[] = [];
  if (features) {
    const s = features.section;
    const link = fieldWithRole(s, 'core-feature') ?? fieldLinkingTo(s, coreFeatures);
    const covered = linkedIds(await rowsOf(tx, transferId, features), link);
    const log = await tx.select().from(schema.featureChoice).where(eq(schema.featureChoice.transferId, transferId)).orderBy(asc(schema.featureChoice.featureId));
    const records = link
      ? log
          .filter((c) => !covered.has(c.featureId))
          .map((c) => {
            const data: EntryData = {};
            put(data, link, [c.featureId]);
            put(data, fieldWithRole(s, 'feature-decision'), optionWithMeaning(fieldWithRole(s, 'feature-decision'), c.decision));
            put(data, fieldWithRole(s, 'adaptation'), c.note);
            return data;
          })
      : [];
    out.push({ at: features, records });
  }
  if (results) {
    const s = results.section;
    const rows = await rowsOf(tx, transferId, results);
    const records: EntryData[] = [];
    const title = fieldWithRole(s, 'title');
    if (objectives) {
      const link = fieldLinkingTo(s, sectionKey(objectives.kind, objectives.section.id));
      const covered = linkedIds(rows, link);
      if (link)
        for (const o of await rowsOf(tx, transferId, objectives)) {
          if (covered.has(o.id)) continue;
          const data: EntryData = {};
          put(data, title, entryLabel(objectives.section, o.data, Infinity));
          put(data, link, [o.id]);
          records.push(data);
        }
    }
    if (kpis) {
      const link = fieldLinkingTo(s, sectionKey(kpis.kind, kpis.section.id));
      const covered = linkedIds(rows, link);
      const open = link ? (await rowsOf(tx, transferId, kpis)).filter((k) => !covered.has(k.id)) : [];
      const latest = await latestMeasurements(tx, transferId, open.map((k) => k.id));
      for (const k of open) {
        const from = (role: 'unit' | 'baseline' | 'target') => {
          const f = fieldWithRole(kpis.section, role);
          return f ? k.data[f.id] : undefined;
        };
        const data: EntryData = {};
        put(data, title, entryLabel(kpis.section, k.data, Infinity));
        put(data, link, [k.id]);
        put(data, fieldWithRole(s, 'unit'), from('unit') as string | undefined);
        put(data, fieldWithRole(s, 'baseline'), from('baseline') as number | undefined);
        put(data, fieldWithRole(s, 'target'), from('target') as number | undefined);
        const m = latest.get(k.id);
        if (m) put(data, fieldWithRole(s, 'latest'), m.value), put(data, fieldWithRole(s, 'latest-period'), m.periodStart);
        records.push(data);
      }
    }
    out.push({ at: results, records });
  }
  return out.map(({ at, records }) => ({ at, records: records.map((r) => valid(at.section, r)).filter((r): r is EntryData => r !== undefined) }));
}

/** Each indicator's latest measurement (by the first day of its period). */
async function latestMeasurements(tx: Tx, transferId: string, kpiIds: string[]): Promise<Map<string, { value: number; periodStart: string }>> {
  if (kpiIds.length === 0) return new Map();
  const m = schema.kpiMeasurement;
  const rows = await tx.select({ kpiId: m.kpiId, value: m.value, periodStart: m.periodStart }).from(m).where(and(eq(m.transferId, transferId), inArray(m.kpiId, kpiIds))).orderBy(asc(m.kpiId), desc(m.periodStart));
  const latest = new Map<string, { value: number; periodStart: string }>();
  for (const r of rows) if (!latest.has(r.kpiId)) latest.set(r.kpiId, { value: r.value, periodStart: r.periodStart });
  return latest;
}

/**
 * Adds the missing records in one transaction with its audit line. Refused in a transfer that is not active
 * (activeOnly) and to anyone but the organisation's editors. Says how many records of each kind it added; a
 * section that is full (recordsPerSection) takes what fits.
 */
export const prefillReport = activeOnly(async function prefillReport(db: Db, actor: Actor, transfer: TransferAccess & { id: string }, templates: MonitoringTemplates, meta: Meta): Promise<Result<{ added: PrefillOutcome }>> {
  if (!canFillInReport(actor, transfer))
    return denied(db, { action: 'report.prefill', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip }, t('stories:prefill.onlyEditors'));
  if (!canPrefillWith(templates)) return fail({ '': [t('stories:prefill.noTemplate')] }, 404);
  const now = isoNow(meta.now);
  const added = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    const counts: PrefillOutcome = { features: 0, results: 0 };
    for (const { at, records } of await draftRecords(tx, transfer.id, templates)) {
      const where = and(eq(schema.entry.transferId, transfer.id), eq(schema.entry.template, at.kind), eq(schema.entry.section, at.section.id));
      const [{ n, last }] = await tx.select({ n: sql<number>`count(*)`, last: max(schema.entry.position) }).from(schema.entry).where(where);
      const fitting = records.slice(0, Math.max(0, recordsPerSection - n));
      for (const [i, data] of fitting.entries())
        await tx.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: transfer.id, template: at.kind, section: at.section.id, grouping: '', position: (last ?? 0) + 1 + i, data: JSON.stringify(data), createdBy: actor.userId, updatedBy: actor.userId, createdAt: now, updatedAt: now });
      if (at.section.role === 'pir-core-features') counts.features += fitting.length;
      else counts.results += fitting.length;
    }
    // Nothing added: nothing changed, so the pages' caches stay valid; the request is still on the record.
    if (counts.features + counts.results > 0) await bumpRevision(tx, transfer.id);
    await recordAuditInTx(tx, { action: 'report.prefill', outcome: 'success', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip, detail: counts });
    return counts;
  });
  return { ok: true, added };
});

/** What the page says after the command, in words. */
export function prefillNotice(added: PrefillOutcome): string {
  if (added.features + added.results === 0) return t('stories:prefill.nothing');
  return t('stories:prefill.added', { features: t('stories:prefill.features', { count: added.features }), results: t('stories:prefill.results', { count: added.results }) });
}
