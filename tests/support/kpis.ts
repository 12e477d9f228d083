/** A transfer with indicators (and PDSA cycles) for the measurement tests: the monitoring set-up, plus two writers. */
import { fieldWithRole } from '../../src/lib/server/templates/registry.ts';
import { saveEntry } from '../../src/lib/server/transfers/commands.ts';
import type { FieldRole } from '../../src/schemas/template.ts';
import type { Db } from '../../src/lib/server/db.ts';
import { byRole, meta, monitoringSetup } from './monitoring.ts';
import { realTemplates } from './templates.ts';

export { meta };

export async function monitoringFixture(db: Db) {
  const registry = realTemplates();
  const s = await monitoringSetup(db);
  const kpis = registry.requireSection('kpis');
  const pdsa = registry.requireSection('pdsa-cycles');
  const editor = await s.as(s.p.editor.id);
  const direction = fieldWithRole(kpis.section, 'direction')!;
  // Values by role, as a form posts them (strings); required fields not given are filled in.
  const values = (section: typeof kpis.section, given: Partial<Record<FieldRole, unknown>>) =>
    byRole(section, Object.fromEntries(Object.entries(given).flatMap(([role, v]) => (v === undefined ? [] : [[role, String(v)]]))));

  /** An indicator; `given` sets fields by role (title, unit, minimum, maximum, target, baseline, direction). */
  async function addKpi(given: Partial<Record<FieldRole, unknown>>) {
    const saved = await saveEntry(db, editor, s.transfer, { template: kpis.kind, section: kpis.section }, { values: values(kpis.section, given) }, {}, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    return saved.entryId;
  }
  /** A PDSA cycle linked to indicators, from `start` to `end`. */
  async function addCycle(kpiIds: string[], start: string, end?: string) {
    const link = pdsa.section.fields.find((f) => f.linksTo === kpis.key)!;
    const saved = await saveEntry(db, editor, s.transfer, { template: pdsa.kind, section: pdsa.section }, { values: { ...values(pdsa.section, { title: 'A change', start, end }), [link.id]: kpiIds } }, { [kpis.key]: kpiIds }, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    return saved.entryId;
  }
  return { registry, p: s.p, transfer: s.transfer, actor: s.as, editor, addKpi, addCycle, higherIsBetter: direction.directionMeaning!.higher[0]!, lowerIsBetter: direction.directionMeaning!.lower[0]! };
}
