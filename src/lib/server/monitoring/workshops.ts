/**
 * Maturity scored again at a self-evaluation workshop (a record of the section with role "workshops"), on the same
 * dimensions as the baseline self-assessment (the groups of the template whose section has role "assessment"), so
 * the radar can set the baseline beside where the team stands now.
 */
import { currentLocale, formats, t } from '../../../i18n/index.ts';
import { and, count, eq, inArray } from 'drizzle-orm';
import { denied, recordAuditInTx } from '../audit.ts';
import { isoNow } from '../clock.ts';
import { inSentence as lowered } from '../../public/in-sentence.ts';

/** A label inside a sentence: lowered, except in German, whose nouns keep their capital. */
const inSentence = (label: string) => (currentLocale() === 'de' ? label : lowered(label));
import { first, schema, writeTransaction, type Db } from '../db.ts';
import { canRecordImplementation, isTransferActive, type Actor, type TransferAccess } from '../permissions.ts';
import { notActive, requireActiveTransfer, TransferNotActive } from '../transfers/active.ts';
import type { FieldErrors } from '../result.ts';
import { fieldWithRole, groupsOf, scoreAndNote, type SectionRef, type TemplateRegistry } from '../templates/registry.ts';
import { bumpRevision } from '../transfers/revision.ts';
import { entryLabel, recordsPerSection, strictNumber, type EntryData } from '../transfers/entry-schema.ts';
import { radarScores } from '../transfers/radar.ts';

type Meta = { ip: string; now?: Date };
type Form = URLSearchParams;

export const maxNote = 5000;

/** A dimension's re-assessment as stored. */
export type Reassessment = { score: number; note: string; version: number };

/** The maturity dimensions and the labels of the score and its note, from the template with the assessment section. */
export function maturityDimensions(registry: TemplateRegistry) {
  const ref = registry.sectionWithRole('assessment');
  const template = ref && registry.templates.get(ref.kind);
  const { score, note } = ref ? scoreAndNote(ref.section) : {};
  return { ref, dimensions: template ? groupsOf(template) : [], scoreLabel: score?.label ?? t('monitoring:workshop.score'), noteLabel: note?.label ?? t('monitoring:workshop.note') };
}

/** A workshop of this transfer: a record of the workshops section; its title and date by role. */
export async function findWorkshop(db: Db, registry: TemplateRegistry, transferId: string, workshopId: string) {
  const ref = registry.sectionWithRole('workshops');
  if (!ref) return undefined;
  const row = await first(db.select().from(schema.entry).where(and(eq(schema.entry.id, workshopId), eq(schema.entry.transferId, transferId), eq(schema.entry.template, ref.kind), eq(schema.entry.section, ref.section.id))).limit(1));
  return row ? workshopOf(ref, row) : undefined;
}

function workshopOf(ref: SectionRef, row: typeof schema.entry.$inferSelect) {
  const data = JSON.parse(row.data) as EntryData;
  const dateField = fieldWithRole(ref.section, 'start');
  const date = dateField && typeof data[dateField.id] === 'string' ? (data[dateField.id] as string) : '';
  return { id: row.id, data, version: row.version, title: entryLabel(ref.section, data), date, section: ref.section, kind: ref.kind };
}

/** The transfer's workshops, latest first (by their date), with how many dimensions each re-assessed. */
export async function listWorkshops(db: Db, registry: TemplateRegistry, transferId: string) {
  const ref = registry.sectionWithRole('workshops');
  if (!ref) return [];
  const rows = await db.select().from(schema.entry).where(and(eq(schema.entry.transferId, transferId), eq(schema.entry.template, ref.kind), eq(schema.entry.section, ref.section.id))).limit(recordsPerSection);
  const counts = await db.select({ workshopId: schema.maturityReassessment.workshopId, n: count() }).from(schema.maturityReassessment).where(eq(schema.maturityReassessment.transferId, transferId)).groupBy(schema.maturityReassessment.workshopId);
  return rows.map((row) => ({ ...workshopOf(ref, row), scored: counts.find((c) => c.workshopId === row.id)?.n ?? 0 })).sort((a, b) => b.date.localeCompare(a.date));
}

/** The re-assessment of one workshop, by dimension. */
export async function loadReassessment(db: Db, transferId: string, workshopId: string): Promise<Record<string, Reassessment>> {
  const rows = await db.select().from(schema.maturityReassessment).where(and(eq(schema.maturityReassessment.transferId, transferId), eq(schema.maturityReassessment.workshopId, workshopId)));
  return Object.fromEntries(rows.map((r) => [r.dimension, { score: r.score, note: r.note, version: r.version }]));
}

export type ReassessmentResult =
  | { ok: true; saved: number }
  | { ok: false; status: number; errors: FieldErrors; values: Record<string, { score: string; note: string }>; versions: Record<string, number> };

/**
 * The workshop page's one form: `d.<dimension>.score` (0–5), `.note` and `.version` (0 or empty: not scored at this
 * workshop yet). Every dimension is checked first; with any error nothing is written. Then, in one transaction, each
 * dimension whose version is still the stored one is saved (emptied score and note remove it); one someone else saved
 * meanwhile is left as they saved it and named, with its new version, so saving again replaces it with what this
 * person typed (which the form keeps).
 */
export async function saveReassessment(db: Db, actor: Actor, transfer: TransferAccess & { id: string }, registry: TemplateRegistry, workshopId: string, form: Form, meta: Meta): Promise<ReassessmentResult> {
  const values: Record<string, { score: string; note: string }> = {};
  const versions: Record<string, number> = {};
  const refuse = (errors: FieldErrors, status: number): ReassessmentResult => ({ ok: false, status, errors, values, versions });
  // A paused or closed transfer says so (and keeps what was typed), as every other write does (transfers/active.ts).
  const stopped = (status: TransferAccess['status']) => refuse(notActive(status as never).errors, 409);
  const { dimensions, scoreLabel, noteLabel } = maturityDimensions(registry);
  const errors: FieldErrors = {};
  const changes: { dimension: string; name: string; score?: number; note: string; version: number }[] = [];
  for (const d of dimensions) {
    const score = String(form.get(`d.${d.id}.score`) ?? '').trim();
    const note = String(form.get(`d.${d.id}.note`) ?? '').trim();
    const versionText = String(form.get(`d.${d.id}.version`) ?? '').trim();
    const version = versionText === '' ? 0 : Number(versionText);
    values[d.id] = { score, note };
    versions[d.id] = Number.isInteger(version) && version >= 0 ? version : 0;
    if (score === '' && note === '' && version === 0) continue;
    if (!Number.isInteger(version) || version < 0) (errors[''] ??= []).push(t('monitoring:action.stale'));
    const n = strictNumber(score);
    if (score === '' && note !== '') (errors[`${d.id}.score`] ??= []).push(t('monitoring:workshop.scoreMissing', { score: scoreLabel, dimension: d.title, note: inSentence(noteLabel) }));
    else if (score !== '' && !(typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 5)) (errors[`${d.id}.score`] ??= []).push(t('monitoring:workshop.scoreWhole', { score: scoreLabel, dimension: d.title }));
    if (note.length > maxNote) (errors[`${d.id}.note`] ??= []).push(t('monitoring:workshop.noteTooLong', { note: noteLabel, dimension: d.title, max: formats().number(maxNote) }));
    changes.push({ dimension: d.id, name: d.title, score: score === '' ? undefined : Number(n), note, version: versions[d.id] });
  }
  // Checked once what was typed is read, so a refusal hands it all back to the form.
  if (!isTransferActive(transfer)) return stopped(transfer.status);
  if (!canRecordImplementation(actor, transfer)) {
    const r = await denied(db, { action: 'maturity.reassess', actorUserId: actor.userId, targetType: 'transfer', targetId: transfer.id, ip: meta.ip }, t('monitoring:workshop.cannotRecord'));
    return refuse(r.errors, 403);
  }
  if (Object.keys(errors).length) return refuse(errors, 400);
  const workshop = await findWorkshop(db, registry, transfer.id, workshopId);
  if (!workshop) return refuse({ '': [t('monitoring:workshop.missing')] }, 404);
  if (changes.length === 0) return refuse({ '': [t('monitoring:workshop.nothing')] }, 400);
  const now = isoNow(meta.now);
  const r = schema.maturityReassessment;
  const outcome = await writeTransaction(db, async (tx) => {
    await requireActiveTransfer(tx, transfer.id);
    const current = await tx.select().from(r).where(and(eq(r.workshopId, workshopId), inArray(r.dimension, changes.map((c) => c.dimension))));
    const stale: { name: string; dimension: string; theirs?: Reassessment }[] = [];
    let saved = 0;
    for (const c of changes) {
      const row = current.find((x) => x.dimension === c.dimension);
      if ((row?.version ?? 0) !== c.version) {
        stale.push({ name: c.name, dimension: c.dimension, theirs: row && { score: row.score, note: row.note, version: row.version } });
        continue;
      }
      if (c.score === undefined) {
        if (row) await tx.delete(r).where(eq(r.id, row.id));
      } else if (row) await tx.update(r).set({ score: c.score, note: c.note, version: row.version + 1, updatedAt: now, updatedBy: actor.userId }).where(eq(r.id, row.id));
      else await tx.insert(r).values({ id: crypto.randomUUID(), transferId: transfer.id, workshopId, dimension: c.dimension, score: c.score, note: c.note, version: 1, updatedAt: now, updatedBy: actor.userId });
      saved++;
    }
    if (saved > 0) {
      await bumpRevision(tx, transfer.id);
      await recordAuditInTx(tx, { action: 'maturity.reassess', outcome: 'success', actorUserId: actor.userId, targetType: 'entry', targetId: workshopId, ip: meta.ip, detail: { transferId: transfer.id, dimensions: saved } });
    }
    return { saved, stale };
  }).catch((error: unknown) => {
    if (error instanceof TransferNotActive) return error;
    throw error;
  });
  if (outcome instanceof TransferNotActive) return stopped(outcome.status);
  if (outcome.stale.length === 0) return { ok: true, saved: outcome.saved };
  for (const s of outcome.stale) {
    versions[s.dimension] = s.theirs?.version ?? 0;
    (errors[''] ??= []).push(
      s.theirs
        ? t('monitoring:workshop.conflictSaved', { dimension: s.name, score: inSentence(scoreLabel), note: inSentence(noteLabel), theirs: s.theirs.score, theirNote: s.theirs.note ? ` (“${s.theirs.note}”)` : '' })
        : t('monitoring:workshop.conflictRemoved', { dimension: s.name, score: inSentence(scoreLabel), note: inSentence(noteLabel) }),
    );
  }
  return refuse(errors, 409);
}

export type MaturityComparison = {
  dimensions: { id: string; title: string }[];
  /** The self-assessment's scores. */
  baseline: Record<string, number | undefined>;
  /** The latest workshop with a re-assessment (or the one asked for), its scores, title and date. */
  workshop?: { id: string; title: string; date: string; scores: Record<string, number | undefined> };
};

/**
 * The baseline scores beside a workshop's: the one given, else the latest workshop (by its date) that re-assessed
 * any dimension.
 */
export async function loadMaturityComparison(db: Db, transferId: string, registry: TemplateRegistry, workshopId?: string): Promise<MaturityComparison> {
  const { ref, dimensions } = maturityDimensions(registry);
  const baselineRows = ref ? await db.select().from(schema.entry).where(and(eq(schema.entry.transferId, transferId), eq(schema.entry.template, ref.kind), eq(schema.entry.section, ref.section.id))) : [];
  const baseline = ref ? radarScores(ref.section, baselineRows.map((e) => ({ grouping: e.grouping, data: JSON.parse(e.data) as EntryData }))) : {};
  const id = workshopId ?? (await listWorkshops(db, registry, transferId)).find((w) => w.scored > 0)?.id;
  const workshop = id ? await findWorkshop(db, registry, transferId, id) : undefined;
  if (!workshop) return { dimensions, baseline };
  const scores = Object.fromEntries(Object.entries(await loadReassessment(db, transferId, workshop.id)).map(([d, r]) => [d, r.score]));
  return { dimensions, baseline, workshop: { id: workshop.id, title: workshop.title, date: workshop.date, scores } };
}
