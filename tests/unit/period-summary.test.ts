import { beforeEach, describe, expect, it } from 'vitest';
import { schema, type Db } from '../../src/lib/server/db.ts';
import { checkReportExplanations, periodSummary, reportPeriod, summaryLimit } from '../../src/lib/server/monitoring/period-summary.ts';
import { createTestDb } from '../support/db.ts';
import { byRole, monitoringSetup, sectionOf, statusWith, templates } from '../support/monitoring.ts';

let db: Db;
let s: Awaited<ReturnType<typeof monitoringSetup>>;
const period = { from: '2027-01-01', to: '2027-03-31' };

beforeEach(async () => {
  db = await createTestDb();
  s = await monitoringSetup(db);
});

async function update(actionId: string, onDate: string) {
  await db.insert(schema.actionUpdate).values({ id: crypto.randomUUID(), transferId: s.transfer.id, actionId, onDate, status: statusWith(sectionOf('actions').section, 'open'), progress: 40, done: 'Half the GPs trained' });
}
async function measure(kpiId: string, periodLabel: string, periodStart: string, value: number) {
  await db.insert(schema.kpiMeasurement).values({ id: crypto.randomUUID(), transferId: s.transfer.id, kpiId, period: periodLabel, periodStart, value, updatedAt: new Date().toISOString() });
}

describe('reportPeriod', () => {
  it('reads a report’s period from its start and end dates, and nothing until both are set in order', () => {
    const reports = sectionOf('progress-reports').section;
    expect(reportPeriod(reports, byRole(reports, { start: '2027-01-01', end: '2027-03-31' }))).toEqual(period);
    expect(reportPeriod(reports, byRole(reports, { start: '2027-04-01', end: '2027-03-31' }))).toBeUndefined();
    expect(reportPeriod(reports, byRole(reports, { start: '2027-01-01' }))).toBeUndefined();
  });
});

describe('periodSummary', () => {
  it('lists the period’s action updates, measurements, overlapping cycles with their decision, and the actions due and not done', async () => {
    const late = await s.addAction('Train the GPs', '2027-02-15');
    await s.addAction('Buy the tablets', '2026-12-01', 'cancelled');
    await s.addAction('Write the protocol', '2027-03-01', 'done');
    await s.addAction('Evaluate', '2027-06-30');
    await update(late, '2027-02-01');
    await update(late, '2026-12-31');
    const kpis = sectionOf('kpis').section;
    const kpi = await s.save('kpis', byRole(kpis, { title: 'Readmissions within 30 days' }));
    await measure(kpi, '2027-01', '2027-01-01', 12);
    await measure(kpi, '2027-Q2', '2027-04-01', 9);
    const cycles = sectionOf('pdsa-cycles').section;
    const decision = fieldWithRoleOptions(cycles);
    await s.save('pdsa-cycles', byRole(cycles, { title: 'Shared discharge letter', start: '2026-11-01', end: '2027-01-15', decision }));
    await s.save('pdsa-cycles', byRole(cycles, { title: 'Running cycle', start: '2027-03-01' }));
    await s.save('pdsa-cycles', byRole(cycles, { title: 'Later cycle', start: '2027-04-01' }));

    const summary = await periodSummary(db, templates(), s.transfer.id, period);
    expect(summary.updates.items.map((u) => [u.action, u.onDate])).toEqual([['Train the GPs', '2027-02-01']]);
    expect(summary.measurements.items).toEqual([{ kpiId: kpi, kpi: 'Readmissions within 30 days', period: '2027-01', value: 12 }]);
    expect(summary.cycles.items.map((c) => [c.title, c.decision])).toEqual([['Shared discharge letter', decision], ['Running cycle', '']]);
    expect(summary.notCarriedOut.items.map((a) => [a.title, a.meaning])).toEqual([['Buy the tablets', 'cancelled'], ['Train the GPs', 'open']]);
  });

  it('judges an action by where it stood at the period’s end: done later is still not carried out in the period', async () => {
    const actions = sectionOf('actions').section;
    const finishedLate = await s.addAction('Train the GPs', '2027-02-15', 'done');
    const doneInTime = await s.addAction('Write the protocol', '2027-03-01');
    await db.insert(schema.actionUpdate).values([
      { id: crypto.randomUUID(), transferId: s.transfer.id, actionId: finishedLate, onDate: '2027-03-10', status: statusWith(actions, 'open') },
      { id: crypto.randomUUID(), transferId: s.transfer.id, actionId: finishedLate, onDate: '2027-05-02', status: statusWith(actions, 'done') },
      { id: crypto.randomUUID(), transferId: s.transfer.id, actionId: doneInTime, onDate: '2027-02-27', status: statusWith(actions, 'done') },
    ]);
    const summary = await periodSummary(db, templates(), s.transfer.id, period);
    expect(summary.notCarriedOut.items.map((a) => a.title)).toEqual(['Train the GPs']);
  });

  it('lists at most 500 of each and counts the rest', async () => {
    const action = await s.addAction('Train the GPs', '2027-06-30');
    const rows = Array.from({ length: summaryLimit + 3 }, (_, i) => ({ id: crypto.randomUUID(), transferId: s.transfer.id, actionId: action, onDate: '2027-02-01', status: 'x', done: String(i) }));
    for (let i = 0; i < rows.length; i += 100) await db.insert(schema.actionUpdate).values(rows.slice(i, i + 100));
    const summary = await periodSummary(db, templates(), s.transfer.id, period);
    expect(summary.updates.items).toHaveLength(summaryLimit);
    expect(summary.updates.more).toBe(3);
  });
});

describe('checkReportExplanations', () => {
  it('refuses a report whose period has actions not carried out and no explanation, naming them, and accepts an explained one', async () => {
    await s.addAction('Train the GPs', '2027-02-15');
    const reports = sectionOf('progress-reports').section;
    const summary = await periodSummary(db, templates(), s.transfer.id, period);
    const data = byRole(reports, { start: period.from, end: period.to });
    expect(checkReportExplanations(reports, [{ id: 'r', data }], { r: summary })).toMatch(/“Train the GPs”/);
    expect(checkReportExplanations(reports, [{ id: 'r', data: { ...data, ...byRole(reports, { explanation: 'The trainer left.' }) } }], { r: summary })).toBeUndefined();
  });
});

function fieldWithRoleOptions(cycles: ReturnType<typeof sectionOf>['section']) {
  return cycles.fields.find((f) => f.role === 'decision')!.options![0]!;
}
