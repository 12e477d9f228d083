/**
 * Demo data for implementation: "Demo: Coastal Hospital Trust" adopts the Shared Care Platform and is in
 * implementation, so a newcomer sees every chart, status and dashboard on a first start. EVERY NAME AND NUMBER HERE
 * IS INVENTED demo data (plausible for integrated care, measured by no one).
 *
 * The records are written directly, with the field ids of content/templates/*.mdx (tests/unit/seed.test.ts checks
 * each against its template section); every review step (submit, approve) goes through the real commands, dated in
 * the past with their `now`. The indicator series are built so the IHI run chart rules (baseline: the first 12
 * points) find what the comments say; the seed test runs them through `runChart` to prove it.
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { loadActor } from '../src/lib/server/accounts.ts';
import { first, schema, writeTransaction, type Db, type Tx } from '../src/lib/server/db.ts';
import { publicOrigin } from '../src/lib/server/http.ts';
import { decide, submitStage, type ReviewTransfer } from '../src/lib/server/review/commands.ts';
import type { ReviewStageInfo } from '../src/lib/server/templates/registry.ts';
import { reportKind, seedCoastalReport } from './seed-report.ts';

/** The day the demo story is told from: actions are overdue or at risk as seen on this day. */
export const coastalToday = '2026-12-07';

type Data = Record<string, unknown>;
type Ids = { transferId: string; editorId: string; mentorId: string };

/** Monthly periods "YYYY-MM" from `first`, `count` of them. */
function months(first: string, count: number): string[] {
  const [y, m] = first.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(Date.UTC(y, m - 1 + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/**
 * The eight indicators: what each series shows under the IHI rules (baseline: its first 12 points) is in `shows`,
 * and tests/unit/seed.test.ts checks it. Monthly, so the last point is November 2026.
 */
export const coastalKpis: { key: string; data: Data; first: string; values: number[]; shows: string }[] = [
  {
    key: 'readmissions',
    shows: 'shift and trend, improvement',
    first: '2025-01',
    // A stable 2025 around 15 %, then falling from February 2026 as the discharge huddles start.
    values: [15.1, 14.6, 15.8, 15.3, 14.9, 15.6, 14.8, 15.4, 15.0, 15.7, 14.7, 15.2, 15.3, 15.0, 14.9, 14.2, 13.9, 14.1, 13.6, 13.8, 13.2, 13.5, 13.1],
    data: { name: 'Demo: Readmissions within 30 days of patients with chronic conditions', type: 'Outcome', definition: 'Unplanned readmissions within 30 days of discharge, of all discharges of patients enrolled in the programme, per month.', unit: '%', 'data-source': 'Demo: hospital patient administration system', frequency: 'Monthly', baseline: 15.2, target: 12, direction: 'Lower is better', lowest: 0, highest: 100 },
  },
  {
    key: 'referrals',
    shows: 'shift, improvement',
    first: '2025-01',
    // Letters and phone calls in 2025; electronic answers climb once the hospital record is connected (mid-2026).
    values: [41, 44, 39, 42, 45, 40, 43, 38, 44, 41, 42, 40, 43, 45, 48, 47, 55, 61, 66, 70, 74, 78, 81],
    data: { name: 'Demo: GP referrals answered electronically within 2 working days', type: 'Process', definition: 'Referrals from general practice answered by the hospital through the platform within 2 working days, of all referrals received, per month.', unit: '%', 'data-source': 'Demo: platform message log', frequency: 'Monthly', baseline: 42, target: 90, direction: 'Higher is better', lowest: 0, highest: 100 },
  },
  {
    key: 'discharge-letters',
    shows: 'shift, improvement',
    first: '2025-04',
    values: [52, 55, 50, 54, 51, 56, 53, 49, 55, 52, 54, 51, 58, 63, 67, 71, 74, 76, 79, 82],
    data: { name: 'Demo: Discharge summaries sent through the platform on the day of discharge', type: 'Process', definition: 'Discharge summaries available to the GP and home care on the platform on the day of discharge, of all discharges of enrolled patients.', unit: '%', 'data-source': 'Demo: platform document log', frequency: 'Monthly', baseline: 53, target: 85, direction: 'Higher is better', lowest: 0, highest: 100 },
  },
  {
    key: 'care-plans',
    shows: 'trend, improvement (no shift)',
    first: '2025-06',
    // A trial ward uses a few plans; the roll-out to GP practices starts late 2026: five rising points at the end.
    values: [38, 42, 40, 37, 41, 39, 43, 40, 38, 42, 41, 39, 40, 36, 39, 43, 48, 55],
    data: { name: 'Demo: Patients with a shared care plan in use', type: 'Output', definition: 'Enrolled patients whose shared care plan was opened by at least two sectors in the month.', unit: 'patients', 'data-source': 'Demo: platform access log', frequency: 'Monthly', baseline: 40, target: 400, direction: 'Higher is better', lowest: 0 },
  },
  {
    key: 'first-visit',
    shows: 'shift, concern',
    first: '2025-01',
    // Worse since the summer: the home-care system is still not connected (the overdue action).
    values: [2.1, 1.9, 2.3, 2.0, 2.2, 1.8, 2.1, 2.4, 1.9, 2.0, 2.2, 2.1, 2.0, 1.9, 2.2, 2.1, 2.0, 2.5, 2.6, 2.4, 2.8, 2.7, 2.9],
    data: { name: 'Demo: Days from discharge to the first home-care visit', type: 'Process', definition: 'Median number of days between hospital discharge and the first home-care visit, for enrolled patients discharged in the month.', unit: 'days', 'data-source': 'Demo: municipal home-care system', frequency: 'Monthly', baseline: 2.1, target: 1, direction: 'Lower is better', lowest: 0, highest: 60 },
  },
  {
    key: 'medication-review',
    shows: 'nothing: random variation',
    first: '2025-04',
    values: [62, 58, 64, 60, 57, 63, 61, 59, 65, 60, 58, 62, 64, 59, 61, 57, 63, 60, 62, 58],
    data: { name: 'Demo: Medication reviews within 7 days of discharge', type: 'Process', definition: 'Enrolled patients whose medication was reviewed by their GP or the hospital pharmacist within 7 days of discharge.', unit: '%', 'data-source': 'Demo: GP records, sampled', frequency: 'Monthly', baseline: 60, target: 80, direction: 'Higher is better', lowest: 0, highest: 100 },
  },
  {
    key: 'experience',
    shows: 'nothing: only the baseline (12 points)',
    first: '2025-12',
    values: [6.8, 7.1, 6.9, 7.3, 6.7, 7.0, 7.2, 6.9, 7.4, 7.0, 6.8, 7.1],
    data: { name: 'Demo: Patients’ rating of how well their care is coordinated', type: 'Outcome', definition: 'Mean answer (0–10) to “How well did the people caring for you work together?” in the monthly patient survey.', unit: 'score 0–10', 'data-source': 'Demo: patient survey', frequency: 'Monthly', baseline: 7, target: 8, direction: 'Higher is better', lowest: 0, highest: 10 },
  },
  {
    key: 'emergency',
    shows: 'shift, improvement',
    first: '2024-06',
    values: [31, 29, 33, 30, 32, 28, 31, 34, 30, 29, 32, 31, 30, 33, 29, 31, 32, 30, 31, 29, 28, 27, 28, 26, 27, 25, 26, 24, 25, 24],
    data: { name: 'Demo: Emergency department visits per 1,000 enrolled patients', type: 'Outcome', definition: 'Emergency department visits of enrolled patients in the month, per 1,000 enrolled patients.', unit: 'visits per 1,000', 'data-source': 'Demo: hospital patient administration system', frequency: 'Monthly', baseline: 31, target: 25, direction: 'Lower is better', lowest: 0 },
  },
];

const needs: Data[] = [
  { 'need-statement': 'Demo: Patients with several chronic conditions are readmitted because the hospital, their GP and home care do not share one plan.', priority: 'High', 'affected-stakeholders': ['Hospital', 'General practice', 'Home care', 'Patients'], 'core-features': ['shared-care-plan', 'one-screen-overview'] },
  { 'need-statement': 'Demo: Referrals and discharge summaries still travel as letters and phone calls, and answers take a week.', priority: 'High', 'affected-stakeholders': ['Hospital', 'General practice'], constraints: 'Two different record systems in the hospital.', 'core-features': ['system-integrations'] },
  { 'need-statement': 'Demo: Patients cannot see their own plan and repeat their story at every visit.', priority: 'Medium', 'affected-stakeholders': ['Patients', 'Relatives'], 'core-features': ['patient-access'] },
];

const objectives = (need: string[]): Data[] => [
  { statement: 'Demo: Reduce 30-day readmissions of enrolled patients from 15 % to 12 %.', measure: 'Readmissions within 30 days', 'target-date': '2027-06-30', 'linked-needs': [need[0]] },
  { statement: 'Demo: Every enrolled patient has a shared care plan used by hospital, GP and home care.', measure: 'Patients with a shared care plan in use', 'target-date': '2027-03-31', 'linked-needs': [need[0], need[2]] },
  { statement: 'Demo: 90 % of GP referrals are answered electronically within 2 working days.', measure: 'GP referrals answered electronically', 'target-date': '2026-12-31', 'linked-needs': [need[1]] },
];

/** Eight actions: three done, one overdue, one at risk (on 2026-12-07), two on track, one not started. Status as of the plan's approval first. */
type PlannedAction = Data & { final: { status: string; progress: number } };
const actions = (o: string[]): PlannedAction[] => ([
  { title: 'Demo: Sign the data-sharing agreement of hospital, GPs and municipality', owner: 'Demo: Coastal Hospital Trust, legal office', start: '2026-01-15', end: '2026-03-31', 'linked-objectives': [o[0], o[1], o[2]], players: ['GP cooperative', 'Municipality'], 'budget-line': 'Demo: legal staff time, €8,000', 'funding-source': 'Regional budget (secured)', final: { status: 'Done', progress: 100 } },
  { title: 'Demo: Connect the hospital record system to the platform', owner: 'Demo: hospital IT department', start: '2026-03-01', end: '2026-06-30', 'linked-objectives': [o[2]], dependencies: ['Data-sharing agreement signed'], 'budget-line': 'Demo: integration, €120,000', 'funding-source': 'National digital health fund (secured)', final: { status: 'Done', progress: 100 } },
  { title: 'Demo: Train ward nurses, GPs and home-care staff', owner: 'Demo: education team', start: '2026-04-01', end: '2026-09-30', 'linked-objectives': [o[1]], players: ['Ward 4', 'GP cooperative', 'Home care'], 'budget-line': 'Demo: training, €25,000', 'funding-source': 'EU programme (secured)', final: { status: 'Done', progress: 100 } },
  { title: 'Demo: Connect the municipal home-care system', owner: 'Demo: municipality IT', start: '2026-05-01', end: '2026-11-15', 'linked-objectives': [o[0], o[1]], dependencies: ['Hospital record system connected'], 'budget-line': 'Demo: integration, €60,000', 'funding-source': 'Municipal budget (secured)', final: { status: 'Delayed', progress: 70 } },
  { title: 'Demo: Open patients’ access to their care plan', owner: 'Demo: platform team', start: '2026-09-01', end: '2026-12-31', 'linked-objectives': [o[1]], 'budget-line': 'Demo: app licence, €15,000', 'funding-source': 'Regional budget (secured)', final: { status: 'In progress', progress: 25 } },
  { title: 'Demo: Roll out shared care plans to every GP practice of the area', owner: 'Demo: GP cooperative', start: '2026-06-01', end: '2027-05-31', 'linked-objectives': [o[1]], players: ['22 GP practices'], 'budget-line': 'Demo: practice time, €40,000', 'funding-source': 'National fund (applied for)', final: { status: 'In progress', progress: 55 } },
  { title: 'Demo: Weekly discharge huddle of ward 4 and home care', owner: 'Demo: ward 4 and home-care leads', start: '2026-07-01', end: '2027-06-30', 'linked-objectives': [o[0]], 'budget-line': 'Demo: staff time within existing budgets', 'funding-source': 'Existing budgets', final: { status: 'In progress', progress: 45 } },
  { title: 'Demo: Evaluate the first year and plan the scale-up', owner: 'Demo: implementation team', start: '2027-03-01', end: '2027-09-30', 'linked-objectives': [o[0], o[1], o[2]], 'budget-line': 'Demo: evaluation, €20,000', 'funding-source': 'EU programme (secured)', final: { status: 'Not started', progress: 0 } },
] satisfies PlannedAction[]).map((a, i) => ({ ...a, description: `Demo action ${i + 1} of the Coastal plan (invented).`, status: 'Not started', 'percent-done': 0 }));

const risks: Data[] = [
  { risk: 'Demo: The municipal home-care system supplier cannot deliver the interface this year.', likelihood: 3, impact: 4, mitigation: 'Demo: a manual daily export as a stopgap; escalate to the steering group.', owner: 'Demo: municipality IT' },
  { risk: 'Demo: GPs have no time to keep the care plans up to date.', likelihood: 3, impact: 3, mitigation: 'Demo: plan updates at the quarterly review only; paid practice time.', owner: 'Demo: GP cooperative' },
];

/** SCIROCCO dimensions, baseline (self-assessment, January 2026) and re-scored at the October 2026 workshop. */
const maturity: [string, number, number][] = [
  ['readiness-to-change', 3, 4], ['structure-and-governance', 2, 3], ['digital-infrastructure', 2, 3], ['process-coordination', 1, 2],
  ['finance-and-funding', 2, 2], ['removal-of-inhibitors', 1, 2], ['population-approach', 1, 1], ['citizen-empowerment', 1, 2],
  ['evaluation-methods', 2, 3], ['breadth-of-ambition', 2, 2], ['innovation-management', 2, 3], ['capacity-building', 1, 3],
];

const insertEntry = async (tx: Tx, ids: Ids, template: string, section: string, position: number, data: Data, grouping = '') => {
  const id = crypto.randomUUID();
  await tx.insert(schema.entry).values({ id, transferId: ids.transferId, template, section, grouping, position, data: JSON.stringify(data), createdBy: ids.editorId, updatedBy: ids.editorId });
  return id;
};

/** The plan as submitted in February 2026: scope, needs, core-feature decisions, maturity baseline, objectives, actions (not started), KPIs, risks. */
export async function seedCoastalPlan(tx: Tx, ids: Ids): Promise<void> {
  await insertEntry(tx, ids, 'needs-scope', 'scope', 0, { geography: 'Demo: the Coastal Hospital Trust’s catchment area (3 municipalities)', population: 'Demo: adults with two or more chronic conditions, about 4,000 people', services: 'Demo: medical wards, 22 GP practices, municipal home care', timeframe: '2026–2027' });
  const need: string[] = [];
  for (const [i, n] of needs.entries()) need.push(await insertEntry(tx, ids, 'needs-scope', 'needs', i, n));
  for (const [featureId, decision, note] of [['shared-care-plan', 'keep', ''], ['system-integrations', 'adapt', 'Demo: the hospital’s two record systems are connected one after the other.'], ['patient-access', 'keep', '']] as const)
    await tx.insert(schema.featureChoice).values({ transferId: ids.transferId, featureId, decision, note, updatedBy: ids.editorId });
  for (const [i, [dimension, score]] of maturity.entries()) await insertEntry(tx, ids, 'maturity', 'assessment', i, { score, note: 'Demo: scored at the baseline workshop, January 2026.' }, dimension);
  const objective: string[] = [];
  for (const [i, o] of objectives(need).entries()) objective.push(await insertEntry(tx, ids, 'action-plan', 'objectives', i, o));
  for (const [i, { final: _, ...a }] of actions(objective).entries()) await insertEntry(tx, ids, 'action-plan', 'actions', i, a);
  const kpiObjectives = [[objective[0]], [objective[2]], [objective[2]], [objective[1]], [objective[0]], [objective[0]], [objective[1]], [objective[0]]];
  for (const [i, k] of coastalKpis.entries()) await insertEntry(tx, ids, 'action-plan', 'kpis', i, { ...k.data, 'linked-objectives': kpiObjectives[i] });
  for (const [i, r] of risks.entries()) await insertEntry(tx, ids, 'action-plan', 'risks', i, r);
}

const at = (day: string) => new Date(`${day}T10:00:00.000Z`);

/** Implementation since the approval: action updates (and the actions' status now), measurements, two PDSA cycles, a workshop and the first quarter's report. */
async function seedCoastalProgress(tx: Tx, ids: Ids): Promise<void> {
  const rows = await tx.select().from(schema.entry).where(and(eq(schema.entry.transferId, ids.transferId), eq(schema.entry.template, 'action-plan'))).orderBy(schema.entry.position);
  const of = (section: string) => rows.filter((r) => r.section === section);
  const [objective, action, kpi] = [of('objectives').map((r) => r.id), of('actions'), of('kpis')];
  const finals = actions(objective).map((a) => a.final);
  for (const [i, a] of action.entries()) {
    const data = JSON.parse(a.data) as Data;
    const { status, progress } = finals[i];
    if (status === 'Not started') continue;
    // A few dated updates per action, the last of which is the action's status now.
    const steps = [Math.round(progress / 3), Math.round((2 * progress) / 3), progress];
    const span = [data.start as string, data.end as string].map((d) => Date.parse(d));
    for (const [n, p] of steps.entries()) {
      const onDate = new Date(Math.min(Date.parse(coastalToday) - 86_400_000 * (3 - n) * 7, span[0] + ((span[1] - span[0]) * (n + 1)) / 3)).toISOString().slice(0, 10);
      const last = n === steps.length - 1;
      await tx.insert(schema.actionUpdate).values({
        id: crypto.randomUUID(), transferId: ids.transferId, actionId: a.id, onDate, status: last ? status : 'In progress', progress: p,
        done: `Demo: ${p} % done (invented update).`, blockers: last && status === 'Delayed' ? 'Demo: the supplier’s interface is late.' : '', nextStep: last && status === 'Done' ? '' : 'Demo: continue as planned.',
        createdBy: ids.editorId, createdAt: `${onDate}T15:00:00.000Z`,
      });
    }
    await tx.update(schema.entry).set({ data: JSON.stringify({ ...data, status, 'percent-done': progress }), version: 2 }).where(eq(schema.entry.id, a.id));
  }
  for (const [i, k] of coastalKpis.entries())
    for (const [n, period] of months(k.first, k.values.length).entries())
      await tx.insert(schema.kpiMeasurement).values({ id: crypto.randomUUID(), transferId: ids.transferId, kpiId: kpi[i].id, period, periodStart: `${period}-01`, value: k.values[n], dataSource: String(k.data['data-source']), createdBy: ids.editorId, updatedBy: ids.editorId, updatedAt: `${period}-28T09:00:00.000Z` });
  const kpiId = (key: string) => kpi[coastalKpis.findIndex((k) => k.key === key)].id;
  await insertEntry(tx, ids, 'pdsa', 'cycles', 0, {
    change: 'Demo: Discharge summaries sent through the platform on the day of discharge, ward 4', objective: [objective[2]], actions: [action[1].id], kpis: [kpiId('discharge-letters'), kpiId('referrals')],
    start: '2026-04-01', end: '2026-06-30', prediction: 'Demo: same-day summaries rise from about 53 % to 70 % on ward 4 within three months.', measures: 'Demo: share of summaries on the platform on the day of discharge, weekly.',
    tasks: 'Demo: ward secretaries send the summary before the patient leaves; the ward nurse checks it daily.', happened: 'Demo: started on 1 April; two weeks of double work while the old letters continued.',
    deviations: 'Demo: the night shift was left out until May.', study: 'Demo: 74 % in June, above the prediction; the night shift was the main gap.', decision: 'Adopt', 'next-cycle': 'Demo: spread to wards 5 and 6 and include the night shift.',
  });
  await insertEntry(tx, ids, 'pdsa', 'cycles', 1, {
    change: 'Demo: Weekly discharge huddle of ward 4 and home care', objective: [objective[0]], actions: [action[6].id], kpis: [kpiId('readmissions'), kpiId('first-visit')],
    start: '2026-09-01', end: '2026-11-30', prediction: 'Demo: readmissions of the ward’s enrolled patients fall by a fifth; the first home-care visit comes within two days.', measures: 'Demo: readmissions within 30 days; days to the first home-care visit.',
    tasks: 'Demo: every Tuesday, 30 minutes, ward 4 nurse lead and the home-care coordinator go through the coming week’s discharges.', happened: 'Demo: eleven of thirteen huddles took place.',
    deviations: 'Demo: two huddles cancelled for staff shortage.', study: 'Demo: readmissions keep falling, but the first visit takes longer: home care still cannot see the plan in its own system.',
  });
  const workshop = await insertEntry(tx, ids, 'pdsa', 'workshops', 0, { date: '2026-10-15', title: 'Demo: Mid-term self-evaluation workshop', hospital: 6, municipality: 4, 'general-practice': 3, citizens: 2, notes: 'Demo: maturity scored again; the home-care integration is the main worry.' });
  for (const [dimension, , score] of maturity)
    await tx.insert(schema.maturityReassessment).values({ id: crypto.randomUUID(), transferId: ids.transferId, workshopId: workshop, dimension, score, note: '', updatedBy: ids.editorId, updatedAt: '2026-10-15T16:00:00.000Z' });
  await insertEntry(tx, ids, 'progress-report', 'reports', 0, {
    'period-start': '2026-04-01', 'period-end': '2026-06-30', summary: 'Demo: The data-sharing agreement is signed and the hospital record system is connected; training started.',
    results: 'Demo: same-day discharge summaries rose to 74 % on ward 4 (PDSA cycle 1, adopted); referral answers are starting to climb.', 'not-carried-out': 'Demo: the municipal home-care connection started a month late: the supplier delivered its interface in June.',
    'next-period': 'Demo: spread same-day summaries to wards 5 and 6; start the discharge huddles.', support: 'Demo: advice on how Southern Denmark connected municipal systems.',
  });
}

/** The stage whose templates include `kind`. */
function stageOf(stages: readonly ReviewStageInfo[], kind: string): ReviewStageInfo {
  const stage = stages.find((s) => s.kinds.includes(kind as never));
  if (!stage) throw new Error(`No review stage covers the ${kind} template: the Coastal demo cannot be approved`);
  return stage;
}

/** Submits and approves a stage through the real commands, on the days given, with the stage's whole rubric scored. */
async function approve(db: Db, transfer: ReviewTransfer, ids: Ids, stage: ReviewStageInfo, submitted: string, decided: string): Promise<void> {
  const meta = (day: string) => ({ ip: 'seed', origin: publicOrigin(), now: at(day) });
  const sent = await submitStage(db, await loadActor(db, ids.editorId), transfer, stage, { note: 'Demo: for your review.' }, meta(submitted));
  if (!sent.ok) throw new Error(`the Coastal ${stage.id} submission was refused: ${JSON.stringify(sent.errors)}`);
  const version = (await first(db.select().from(schema.submission).where(and(eq(schema.submission.transferId, transfer.id), eq(schema.submission.stage, stage.id))).orderBy(desc(schema.submission.number)).limit(1)))!;
  const rubric = Object.fromEntries(stage.rubric.map((c, i) => [`score.${c.id}`, String(3 + (i % 3))]));
  const decision = await decide(db, await loadActor(db, ids.mentorId), transfer, stage, { submissionId: version.id, outcome: 'approve', note: 'Demo: approved.', ...rubric }, meta(decided));
  if (!decision.ok) throw new Error(`the Coastal ${stage.id} approval was refused: ${JSON.stringify(decision.errors)}`);
}

/**
 * After the plan records are committed (seedCoastalPlan, in the seed's transaction): needs, situation and action
 * plan approved in early 2026, then the implementation written, then the April–June report submitted and approved,
 * then the post-implementation report approved in December 2026.
 * The mentor has read their notifications of this story, so only Lakeside's submission shows as new.
 */
export async function seedCoastalImplementation(db: Db, transfer: ReviewTransfer, ids: Ids, stages: readonly ReviewStageInfo[]): Promise<void> {
  await approve(db, transfer, ids, stageOf(stages, 'needs-scope'), '2026-01-20', '2026-01-27');
  await approve(db, transfer, ids, stageOf(stages, 'maturity'), '2026-02-02', '2026-02-09');
  await approve(db, transfer, ids, stageOf(stages, 'action-plan'), '2026-02-20', '2026-03-06');
  await writeTransaction(db, (tx) => seedCoastalProgress(tx, ids));
  await approve(db, transfer, ids, stageOf(stages, 'progress-report'), '2026-07-06', '2026-07-14');
  // The post-implementation report (db/seed-report.ts), approved, so that consenting to an adoption story can be tried; none is published.
  await writeTransaction(db, (tx) => seedCoastalReport(tx, ids, coastalKpis));
  await approve(db, transfer, ids, stageOf(stages, reportKind), '2026-11-30', '2026-12-04');
  await writeTransaction(db, (tx) => tx.update(schema.notification).set({ readAt: '2026-07-14T10:00:00.000Z' }).where(and(eq(schema.notification.transferId, transfer.id), isNull(schema.notification.readAt))));
}
