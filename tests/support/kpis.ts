/** A transfer with indicators (and PDSA cycles) for the monitoring tests, built through the real commands. */
import { loadActor } from '../../src/lib/server/accounts.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { fieldWithRole, type Section } from '../../src/lib/server/templates/registry.ts';
import { openTransfer, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { loadTransfer } from '../../src/lib/server/transfers/queries.ts';
import { createProgramme } from './db.ts';
import { realTemplates } from './templates.ts';

export const meta = { ip: '127.0.0.1' };
const practice = { id: 'shared-care-platform', title: 'Shared Care Platform', featureIds: ['one-screen-overview', 'shared-treatment-plan'] };

/** Values for a record given by field role; every other required field gets a valid placeholder. */
function valuesByRole(section: Section, byRole: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const f of section.fields) {
    if (f.role && byRole[f.role] !== undefined) values[f.id] = byRole[f.role];
    else if (f.required) values[f.id] = f.type === 'select' ? f.options![0] : f.type === 'date' ? '2027-01-01' : f.type === 'number' || f.type === 'score' ? 1 : 'Placeholder';
  }
  return values;
}

export async function monitoringFixture(db: Db) {
  const registry = realTemplates();
  const p = await createProgramme(db);
  const actor = (id: string) => loadActor(db, id);
  const opened = await openTransfer(db, await actor(p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: practice.id, mentorIds: [p.mentor.id] }, [practice], meta);
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  const transfer = (await loadTransfer(db, opened.transferId))!;
  const kpis = registry.requireSection('kpis');
  const pdsa = registry.requireSection('pdsa-cycles');
  const editor = await actor(p.editor.id);
  const direction = fieldWithRole(kpis.section, 'direction')!;

  /** An indicator; `byRole` sets fields by role (title, unit, minimum, maximum, target, baseline, direction). */
  async function addKpi(byRole: Record<string, unknown>) {
    const saved = await saveEntry(db, editor, transfer, { template: kpis.kind, section: kpis.section }, { values: valuesByRole(kpis.section, byRole) }, {}, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    return saved.entryId;
  }
  /** A PDSA cycle linked to indicators, from `start` to `end`. */
  async function addCycle(kpiIds: string[], start: string, end?: string) {
    const link = pdsa.section.fields.find((f) => f.linksTo === kpis.key)!;
    const values = { ...valuesByRole(pdsa.section, { title: 'A change', start, end }), [link.id]: kpiIds };
    const saved = await saveEntry(db, editor, transfer, { template: pdsa.kind, section: pdsa.section }, { values }, { [kpis.key]: kpiIds }, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    return saved.entryId;
  }
  return { registry, p, transfer, actor, editor, addKpi, addCycle, higherIsBetter: direction.directionMeaning!.higher[0]!, lowerIsBetter: direction.directionMeaning!.lower[0]! };
}
