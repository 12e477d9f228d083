import { eq } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { first, schema, type Db } from '../../src/lib/server/db.ts';
import { changesSinceApproval, describePlanChanges, hasPlanChanges } from '../../src/lib/server/monitoring/plan-changes.ts';
import { deleteEntry } from '../../src/lib/server/transfers/commands.ts';
import { fieldWithRole } from '../../src/lib/server/templates/registry.ts';
import { createTestDb } from '../support/db.ts';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { setFeatureChoice } from '../../src/lib/server/transfers/commands.ts';
import { reviewStage } from '../support/templates.ts';
import { byRole, meta, monitoringSetup, sectionOf, statusWith, templates } from '../support/monitoring.ts';

let db: Db;
let s: Awaited<ReturnType<typeof monitoringSetup>>;
const changes = () => changesSinceApproval(db, s.transfer.id, s.planStage, templates().sections);
const actions = () => sectionOf('actions').section;
const dataOf = async (id: string) => JSON.parse((await first(db.select().from(schema.entry).where(eq(schema.entry.id, id)).limit(1)))!.data) as Record<string, string>;

beforeEach(async () => {
  db = await createTestDb();
  s = await monitoringSetup(db);
});

describe('changesSinceApproval', () => {
  it('says nothing for a plan never approved, even a submitted one', async () => {
    await s.addAction('Train the GPs', '2027-02-15');
    expect(await changes()).toBeUndefined();
    await s.submit();
    expect(await changes()).toBeUndefined();
  });

  it('ignores status and progress, which implementation updates move', async () => {
    const id = await s.addAction('Train the GPs', '2027-02-15');
    await s.submit();
    await s.approve();
    const progress = fieldWithRole(actions(), 'progress')!;
    await s.save('actions', { ...(await dataOf(id)), ...byRole(actions(), { status: statusWith(actions(), 'done') }, false), [progress.id]: '100' }, id);
    const c = await changes();
    expect(c).toMatchObject({ approvedVersion: 1, state: 'approved', added: [], removed: [], changed: [] });
    expect(hasPlanChanges(c)).toBe(false);
  });

  it('counts a changed keep / adapt / drop decision of a stage that freezes them', async () => {
    const stage = reviewStage('needs-scope');
    const editor = await loadActor(db, s.p.editor.id);
    const choose = (decision: string, note: string, version: number) => setFeatureChoice(db, editor, s.transfer, ['one-screen-overview'], { featureId: 'one-screen-overview', decision, note, version }, meta);
    expect((await choose('adapt', 'Two sectors first', 0)).ok).toBe(true);
    await s.submit(stage);
    await s.approve(stage);
    expect(hasPlanChanges(await changesSinceApproval(db, s.transfer.id, stage, templates().sections))).toBe(false);
    expect((await choose('drop', 'Not needed here', 1)).ok).toBe(true);
    const c = await changesSinceApproval(db, s.transfer.id, stage, templates().sections);
    expect(c!.decisions).toMatchObject([{ featureId: 'one-screen-overview', before: { decision: 'adapt', note: 'Two sectors first' }, after: { decision: 'drop', note: 'Not needed here' } }]);
    expect(hasPlanChanges(c)).toBe(true);
    expect(describePlanChanges(c!)).toBe('1 core-feature decision changed');
  });

  it('lists the items added, changed and removed since the approved version, until the revised plan is approved', async () => {
    const kept = await s.addAction('Train the GPs', '2027-02-15');
    const dropped = await s.addAction('Buy the tablets', '2027-03-01');
    await s.submit();
    await s.approve();
    await s.save('actions', { ...(await dataOf(kept)), ...byRole(actions(), { end: '2027-05-31' }, false) }, kept);
    await s.addAction('Evaluate', '2027-06-30');
    const version = (await first(db.select().from(schema.entry).where(eq(schema.entry.id, dropped)).limit(1)))!.version;
    expect(await deleteEntry(db, await s.as(s.p.editor.id), s.transfer, dropped, version, meta)).toMatchObject({ ok: true });

    const c = (await changes())!;
    expect(c.changed.map((i) => i.entry.id)).toEqual([kept]);
    expect(c.added).toHaveLength(1);
    expect(c.removed.map((i) => i.entry.id)).toEqual([dropped]);
    expect(describePlanChanges(c)).toBe('1 item changed, 1 added, 1 removed');

    expect(await s.submit()).toMatchObject({ ok: true, number: 2 });
    expect((await changes())!.state).toBe('resubmitted');
    await s.approve();
    const after = await changes();
    expect(after).toMatchObject({ approvedVersion: 2, state: 'approved' });
    expect(hasPlanChanges(after)).toBe(false);
  });
});
