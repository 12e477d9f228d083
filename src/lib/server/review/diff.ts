/**
 * What changed between two submitted versions of a stage, item by item (records keep their id across versions):
 * added, removed, changed (with the changed words marked) or unchanged. Word diffs come from jsdiff, the diff
 * library git-style tools in JavaScript use; writing our own would be a worse copy of it.
 */
import { diffWords } from 'diff';
import { displayValue, type EntryData } from '../transfers/entry-schema.ts';
import type { Snapshot, SnapshotEntry } from './snapshot.ts';

export type TextPart = { text: string; added?: boolean; removed?: boolean };
export type FieldChange = { fieldId: string; before: string; after: string; parts: TextPart[] };
export type ItemChange =
  | { status: 'added' | 'unchanged'; entry: SnapshotEntry; fields: FieldChange[] }
  | { status: 'removed'; entry: SnapshotEntry; fields: FieldChange[] }
  | { status: 'changed'; entry: SnapshotEntry; before: SnapshotEntry; fields: FieldChange[] };


function fieldChanges(before: EntryData, after: EntryData): FieldChange[] {
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return ids
    .map((fieldId) => ({ fieldId, before: displayValue(before[fieldId]), after: displayValue(after[fieldId]) }))
    .filter((f) => f.before !== f.after)
    .map((f) => ({ ...f, parts: diffWords(f.before, f.after).map((p) => ({ text: p.value, added: p.added || undefined, removed: p.removed || undefined })) }));
}

/** Items of `after` in order, then those only in `before` (removed); the page groups them by section, so a removed item shows at the end of its section. */
export function diffSnapshots(before: Snapshot | undefined, after: Snapshot): ItemChange[] {
  if (!before) return after.entries.map((entry) => ({ status: 'unchanged' as const, entry, fields: [] }));
  const old = new Map(before.entries.map((e) => [e.id, e]));
  const now = new Set(after.entries.map((e) => e.id));
  const result: ItemChange[] = after.entries.map((entry) => {
    const was = old.get(entry.id);
    if (!was) return { status: 'added', entry, fields: [] };
    const fields = fieldChanges(was.data, entry.data);
    return fields.length ? { status: 'changed', entry, before: was, fields } : { status: 'unchanged', entry, fields };
  });
  for (const e of before.entries) if (!now.has(e.id)) result.push({ status: 'removed', entry: e, fields: [] });
  return result;
}

export type ChoiceChange = { featureId: string; before?: { decision: string; note: string }; after?: { decision: string; note: string } };

/** Core-feature decisions that differ between the versions. */
export function diffFeatureChoices(before: Snapshot | undefined, after: Snapshot): ChoiceChange[] {
  if (!before) return [];
  const ids = [...new Set([...before.featureChoices, ...after.featureChoices].map((c) => c.featureId))];
  return ids
    .map((featureId) => ({ featureId, before: before.featureChoices.find((c) => c.featureId === featureId), after: after.featureChoices.find((c) => c.featureId === featureId) }))
    .filter((c) => c.before?.decision !== c.after?.decision || c.before?.note !== c.after?.note);
}

export const countChanges = (items: ItemChange[]) => ({
  added: items.filter((i) => i.status === 'added').length,
  removed: items.filter((i) => i.status === 'removed').length,
  changed: items.filter((i) => i.status === 'changed').length,
});
