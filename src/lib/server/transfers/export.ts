/** Exports of a transfer's plan: JSON (everything, structured) and CSV (one row per record, a column per field). */
import { sectionKey } from '../templates/registry.ts';
import type { Section } from './entry-schema.ts';
import type { Entry, LoadedTransfer } from './queries.ts';

type Choice = { featureId: string; decision: string; note: string };

export function exportJson(transfer: LoadedTransfer, practiceTitle: string, choices: Choice[], entries: Entry[]) {
  const bySection: Record<string, Record<string, unknown[]>> = {};
  for (const e of entries) {
    ((bySection[e.template] ??= {})[e.grouping ? `${e.section}:${e.grouping}` : e.section] ??= []).push({ id: e.id, version: e.version, updatedAt: e.updatedAt, ...e.data });
  }
  return {
    transfer: { id: transfer.id, organisation: transfer.organisationName, practiceId: transfer.practiceId, practice: practiceTitle, mentors: transfer.mentors.map((m) => m.name) },
    coreFeatures: choices.map((c) => ({ id: c.featureId, decision: c.decision, note: c.note })),
    records: bySection,
    exportedAt: new Date().toISOString(),
  };
}

/**
 * Text a spreadsheet would run as a formula (OWASP "CSV injection": a cell starting with =, +, -, @, tab or CR)
 * gets a leading apostrophe, which spreadsheets show as text. Numbers stay numbers.
 */
export const neutraliseFormula = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const cellText = (v: unknown) => (Array.isArray(v) ? neutraliseFormula(v.join('; ')) : typeof v === 'string' ? neutraliseFormula(v) : v === undefined || v === null ? '' : String(v));

/** RFC 4180: quote every cell, double the quotes; lists joined by "; ". */
const cell = (v: unknown) => `"${cellText(v).replace(/"/g, '""')}"`;

export function exportCsv(entries: Entry[], sections: ReadonlyMap<string, Section>): string {
  const fieldIds: string[] = [];
  for (const e of entries) for (const f of sections.get(sectionKey(e.template, e.section))?.fields ?? []) if (!fieldIds.includes(f.id)) fieldIds.push(f.id);
  const header = ['template', 'section', 'group', 'position', 'id', 'version', ...fieldIds];
  const rows = entries.map((e) => [e.template, e.section, e.grouping, e.position, e.id, e.version, ...fieldIds.map((id) => e.data[id])]);
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
