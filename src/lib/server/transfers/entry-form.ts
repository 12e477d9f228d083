/**
 * Saving one record from a posted form, as the template page (add, or edit in place) and the record's own edit
 * page do it. One function per form, used by the pages and by the server's direct save path (src/server/
 * direct-save.ts), so a save means the same thing whichever of them answers it.
 */
import { t } from '../../../i18n/index.ts';
import type { Db } from '../db.ts';
import type { Actor } from '../permissions.ts';
import type { FieldErrors } from '../result.ts';
import { saveEntry } from './commands.ts';
import type { EntryData, Section } from './entry-schema.ts';
import { valuesFromForm, type FormFields } from './page-data.ts';
import { listLinkTargetIds, type LoadedTransfer, type TemplateKind } from './queries.ts';
import { groupsOf, linkTargetsOf, scoreAndNote } from '../templates/registry.ts';

type Meta = { ip: string };

export type FormSaveResult =
  | { ok: true; location: string }
  | { ok: false; status: number; errors: FieldErrors; values: Record<string, unknown>; theirs?: { data: EntryData; version: number } };

/** The place on the template page a saved record is shown at. */
export const sectionAnchor = (section: string, grouping: string) => `${section}${grouping ? `-${grouping}` : ''}`;

/** The groups a template's records are kept in: SWOT quadrants, maturity dimensions, or none (''). */
export function groupingsOf(template: Parameters<typeof groupsOf>[0]): string[] {
  const groups = groupsOf(template);
  return groups.length ? groups.map((g) => g.id) : [''];
}

/** What a template page's form is checked against: its sections and the groups they are shown in. */
export type TemplateForm = { sections: Section[]; groupings: string[] };

/**
 * The template page's "save" form: fields `section`, `grouping`, `entryId` (empty when adding), `version` and
 * `f.<field>`. `key` names the form that failed (section/grouping), so the page re-renders that form with what was
 * typed; a section or group the template does not have is an out-of-date (or forged) page, with no form to
 * re-render.
 */
export async function saveTemplateForm(db: Db, actor: Actor, transfer: LoadedTransfer, kind: TemplateKind, template: TemplateForm, featureIds: string[], form: FormFields, meta: Meta): Promise<FormSaveResult & { key?: string }> {
  const field = (k: string) => String(form.get(k) ?? '');
  const grouping = field('grouping');
  const section = template.sections.find((s) => s.id === field('section'));
  if (!section || !template.groupings.includes(grouping)) return { ok: false, status: 400, errors: { '': [t('transfers:form.outOfDate')] }, values: {} };
  const values = valuesFromForm(form, section);
  const targets = await listLinkTargetIds(db, transfer.id, linkTargetsOf(section), featureIds);
  const result = await saveEntry(db, actor, transfer, { template: kind, section, grouping }, { entryId: field('entryId') || undefined, version: Number(field('version') || 0), values }, targets, meta);
  const key = `${section.id}/${grouping}`;
  if (result.ok) return { ok: true, key, location: `/workspace/transfers/${transfer.id}/${kind}/?saved=1#${sectionAnchor(section.id, grouping)}` };
  return { ok: false, key, status: result.status ?? 400, errors: result.errors, values, theirs: 'conflict' in result ? { data: result.conflict.theirs, version: result.conflict.version } : undefined };
}

/** The edit page's form: `version` and `f.<field>` of the record in the URL. */
export async function saveEditForm(db: Db, actor: Actor, transfer: LoadedTransfer, entry: { id: string; template: TemplateKind; section: string; grouping: string }, section: Section, featureIds: string[], form: FormFields, meta: Meta): Promise<FormSaveResult> {
  const values = valuesFromForm(form, section);
  const result = await saveEntry(db, actor, transfer, { template: entry.template, section, grouping: entry.grouping }, { entryId: entry.id, version: Number(form.get('version') ?? 0), values }, await listLinkTargetIds(db, transfer.id, linkTargetsOf(section), featureIds), meta);
  if (result.ok) return { ok: true, location: `/workspace/transfers/${transfer.id}/${entry.template}/?saved=1#entry-${entry.id}` };
  return { ok: false, status: result.status ?? 400, errors: result.errors, values, theirs: 'conflict' in result ? { data: result.conflict.theirs, version: result.conflict.version } : undefined };
}

/**
 * The maturity page's one form for all dimensions: `d.<dimension>.score`, `.note` and `.version`. Each filled-in
 * dimension is saved on its own; what failed comes back keyed "<dimension>.<field>", and a dimension someone else
 * saved meanwhile is named at the top with what they saved (the page then holds their version, so saving again
 * replaces it with what this person typed, which the form keeps).
 */
export async function saveMaturityForm(db: Db, actor: Actor, transfer: LoadedTransfer, kind: TemplateKind, section: Section, dimensions: { id: string; name: string }[], form: FormFields, meta: Meta): Promise<{ ok: true; location: string } | { ok: false; status: number; values: Record<string, Record<string, unknown>>; errors: FieldErrors }> {
  const values: Record<string, Record<string, unknown>> = {};
  const errors: FieldErrors = {};
  // What a conflict names: the score (by role) and the note beside it.
  const { score, note } = scoreAndNote(section);
  for (const d of dimensions) {
    const typed = valuesFromForm(form, section, `d.${d.id}.`);
    const version = String(form.get(`d.${d.id}.version`) ?? '');
    if (Object.values(typed).every((v) => v === '') && !version) continue;
    values[d.id] = typed;
    const result = await saveEntry(db, actor, transfer, { template: kind, section, grouping: d.id }, { version: Number(version) || 0, values: typed }, {}, meta);
    if (result.ok) continue;
    if ('conflict' in result) {
      const theirs = result.conflict.theirs;
      const theirScore = score ? theirs[score.id] : undefined;
      const theirNote = note ? theirs[note.id] : undefined;
      (errors[''] ??= []).push(`${d.name}: someone else saved score ${theirScore ?? '–'}${theirNote ? ` (“${theirNote}”)` : ''} after you opened the page. Your score and note are still below; save again to replace theirs.`);
    } else for (const [field, messages] of Object.entries(result.errors)) (field ? (errors[`${d.id}.${field}`] ??= []) : (errors[''] ??= [])).push(...(field ? messages : messages.map((m) => `${d.name}: ${m}`)));
  }
  if (Object.keys(errors).length === 0) return { ok: true, location: `/workspace/transfers/${transfer.id}/${kind}/?saved=1` };
  return { ok: false, status: errors[''] ? 409 : 400, values, errors };
}
