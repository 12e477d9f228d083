/** A transfer with an action plan, progress reports and monitoring data, written by role, for the monitoring tests. */
import { eq } from 'drizzle-orm';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { decide, submitStage } from '../../src/lib/server/review/commands.ts';
import { fieldWithRole, statusOptions, type Section } from '../../src/lib/server/templates/registry.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import type { FieldRole } from '../../src/schemas/template.ts';
import { createProgramme } from './db.ts';
import { realTemplates } from './templates.ts';

export const meta = { ip: '127.0.0.1', origin: 'https://portal.example' };
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview'] };

export const templates = () => realTemplates();
export const sectionOf = (role: Parameters<ReturnType<typeof realTemplates>['requireSection']>[0]) => realTemplates().requireSection(role);
/** A section's values given by field role, as a form would post them. */
export function byRole(section: Section, values: Partial<Record<FieldRole, string>>, fillRequired = true): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [role, v] of Object.entries(values)) {
    const f = fieldWithRole(section, role as FieldRole);
    if (!f) throw new Error(`No field with role ${role} in ${section.id}`);
    out[f.id] = v!;
  }
  // Required fields not given get a placeholder, so a new record saves.
  if (fillRequired) for (const f of section.fields) if (f.required && !(f.id in out)) out[f.id] = f.options?.[0] ?? 'Filled in';
  return out;
}
/** The first option of a status field with a meaning (open, done or cancelled). */
export const statusWith = (section: Section, meaning: 'open' | 'done' | 'cancelled') => statusOptions(fieldWithRole(section, 'status')!)[meaning][0]!;

/** A programme and an open transfer whose mentor is assigned, with helpers to write records and decide by role. */
export async function monitoringSetup(db: Db) {
  const p = await createProgramme(db);
  const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  const transfer = (await loadTransfer(db, opened.transferId))!;
  const as = (id: string) => loadActor(db, id);
  const planStage = realTemplates().stages.find((s) => s.kinds.includes(sectionOf('actions').kind))!;
  const reportStage = realTemplates().stages.find((s) => s.kinds.includes(sectionOf('progress-reports').kind))!;

  async function save(role: Parameters<typeof sectionOf>[0], values: Record<string, string>, entryId?: string) {
    const at = sectionOf(role);
    const version = entryId ? (await first(db.select().from(schema.entry).where(eq(schema.entry.id, entryId)).limit(1)))!.version : undefined;
    const saved = await saveEntry(db, await as(p.editor.id), transfer, { template: at.kind, section: at.section }, { entryId, version, values }, {}, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    return saved.entryId;
  }
  const addAction = (title: string, end: string, meaning: 'open' | 'done' | 'cancelled' = 'open') => save('actions', byRole(sectionOf('actions').section, { title, end, status: statusWith(sectionOf('actions').section, meaning) }));
  const addReport = (from: string, to: string, explanation = '') => save('progress-reports', byRole(sectionOf('progress-reports').section, { start: from, end: to, title: `Report ${from}`, explanation }));

  async function submit(stage = planStage, now?: Date) {
    return submitStage(db, await as(p.editor.id), transfer, stage, { note: '' }, { ...meta, now }, realTemplates());
  }
  async function approve(stage = planStage, now?: Date) {
    const latest = (await db.select().from(schema.submission).where(eq(schema.submission.stage, stage.id))).filter((s) => s.transferId === transfer.id).sort((a, b) => b.number - a.number)[0]!;
    const scores = Object.fromEntries(stage.rubric.map((c) => [`score.${c.id}`, '4']));
    const r = await decide(db, await as(p.mentor.id), transfer, stage, { submissionId: latest.id, outcome: 'approve', note: '', ...scores }, { ...meta, now });
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  return { p, transfer, as, save, addAction, addReport, submit, approve, planStage, reportStage };
}
