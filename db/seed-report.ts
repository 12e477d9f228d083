/**
 * Demo data: the Coastal Hospital Trust's post-implementation report (content/templates/post-implementation-report.mdx),
 * approved by the mentor in the seed, so a coordinator, the team and the mentor can try consenting to publish an
 * adoption story. EVERY NAME AND NUMBER HERE IS INVENTED demo data; the numbers follow the demo indicators
 * (db/seed-implementation.ts `coastalKpis`): the latest values are their last measurements. No story is published.
 *
 * Written directly with the template's field ids, like the rest of the demo (tests/unit/seed.test.ts checks each
 * record against its section); the review goes through the real commands.
 */
import { and, asc, eq } from 'drizzle-orm';
import { schema, type Tx } from '../src/lib/server/db.ts';

type Ids = { transferId: string; editorId: string };
type Data = Record<string, unknown>;
export const reportKind = 'post-implementation';

/** What each demo indicator's result was, in words, and whether it is a headline result; by the indicator's position in the plan. */
const kpiResults: { result: string; headline?: boolean }[] = [
  { result: 'Demo: readmissions fell steadily from February 2026, when the discharge huddles started; the target is not reached yet.', headline: true },
  { result: 'Demo: electronic answers almost doubled once the hospital record system was connected.', headline: true },
  { result: 'Demo: same-day discharge summaries rose after the first PDSA cycle on ward 4 and its spread to wards 5 and 6.', headline: true },
  { result: 'Demo: plans are used by more sectors since the roll-out to GP practices began; far from the target of 400.' },
  { result: 'Demo: worse since the summer: home care still cannot see the plan in its own system.' },
  { result: 'Demo: no change yet; medication reviews are not part of the platform’s workflow.' },
  { result: 'Demo: only a baseline so far; the survey continues.' },
  { result: 'Demo: fewer emergency visits since early 2026.' },
];

const months = (first: string, count: number) => {
  const [y, m] = first.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + count - 1, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-01`;
};

/** The report's records, after the plan and the measurements are written (it reads their ids). */
export async function seedCoastalReport(tx: Tx, ids: Ids, kpiSeries: { first: string; values: number[] }[]): Promise<void> {
  const plan = await tx.select().from(schema.entry).where(and(eq(schema.entry.transferId, ids.transferId), eq(schema.entry.template, 'action-plan'))).orderBy(asc(schema.entry.position));
  const objectives = plan.filter((r) => r.section === 'objectives');
  const kpis = plan.filter((r) => r.section === 'kpis');
  let position = 0;
  const add = (section: string, data: Data) =>
    tx.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: ids.transferId, template: reportKind, section, position: position++, data: JSON.stringify(data), createdBy: ids.editorId, updatedBy: ids.editorId });

  await add('context', {
    setting: 'Demo: the medical wards of the Coastal Hospital Trust, 22 GP practices and the home care of three municipalities, for about 4,000 adults with two or more chronic conditions (invented).',
    problem: 'Demo: patients were readmitted because the hospital, their GP and home care did not share one plan, and referrals and discharge summaries still travelled as letters.',
    intervention: 'Demo: a shared care plan on one platform for the three sectors, the hospital record system connected to it, weekly discharge huddles, and patients’ access to their own plan.',
    people: 'Demo: led by the trust’s implementation team with the ward 4 nurse lead and the GP cooperative’s chair (names stay in the workspace).',
  });

  const features: [string, string, string, string][] = [
    ['shared-care-plan', 'Kept as is', '', 'Demo: the three sectors now work from one plan; more than 50 patients’ plans are opened by two sectors each month.'],
    ['system-integrations', 'Adapted', 'Demo: the hospital’s two record systems were connected one after the other, and the municipal home-care system last.', 'Demo: referrals and summaries moved to the platform within months; home care lags behind until its system is connected.'],
    ['patient-access', 'Kept as is', '', 'Demo: patients’ access opened in September 2026; too early to tell its effect.'],
  ];
  for (const [feature, decision, how, effect] of features) await add('core-features', { feature: [feature], decision, ...(how ? { how } : {}), effect, internal: 'May be published' });

  const objectiveResults = [
    'Demo: readmissions fell from 15.2 % to 13.1 % by November 2026; the 12 % target is due in June 2027.',
    'Demo: plans are in use for a growing share of enrolled patients; the roll-out to every GP practice continues until May 2027.',
    'Demo: 81 % of referrals were answered electronically within 2 working days in November 2026, short of the 90 % aimed at.',
  ];
  for (const [i, o] of objectives.entries()) {
    const data = JSON.parse(o.data) as Data;
    await add('results', { title: data.statement, objective: [o.id], result: objectiveResults[i] ?? 'Demo: see the indicators.', headline: 'No', internal: 'May be published' });
  }
  for (const [i, k] of kpis.entries()) {
    const data = JSON.parse(k.data) as Data;
    const series = kpiSeries[i];
    const r = kpiResults[i];
    await add('results', {
      title: data.name,
      indicator: [k.id],
      unit: data.unit,
      baseline: data.baseline,
      target: data.target,
      ...(series ? { latest: series.values.at(-1), 'latest-period': months(series.first, series.values.length) } : {}),
      result: r?.result ?? 'Demo: see the indicator’s charts.',
      headline: r?.headline ? 'Yes' : 'No',
      internal: 'May be published',
    });
  }

  const factors: [string, string, string, string?][] = [
    ['Facilitator', 'Inner setting', 'Demo: the data-sharing agreement signed early by the hospital, the GPs and the municipality gave every later step a mandate.'],
    ['Barrier', 'Outer setting', 'Demo: the home-care system’s supplier delivered its interface months late.', 'Demo: a manual daily export as a stopgap; escalated to the steering group.'],
    ['Facilitator', 'Process', 'Demo: short PDSA cycles on one ward let the team show results before asking other wards to change.'],
    ['Barrier', 'Characteristics of individuals', 'Demo: some GPs saw the care plan as extra paperwork until they could update it at the quarterly review.'],
    ['Facilitator', 'Intervention characteristics', 'Demo: the platform could be adapted to connect one record system at a time.'],
  ];
  for (const [kind, domain, description, response] of factors) await add('factors', { kind, domain, description, ...(response ? { response } : {}), internal: 'May be published' });
  await add('factors', { kind: 'Barrier', domain: 'Inner setting', description: 'Demo: a disagreement between two department heads slowed the training plan (internal, never published).', internal: 'Internal only' });

  await add('sustainability', {
    funding: 'Demo: the regional budget pays the platform licence and one coordinator from 2027; the roll-out to GP practices waits on a national fund applied for.',
    policy: 'Demo: the cross-sector agreement was renewed for three years and names the shared care plan as the standard for enrolled patients.',
    outlook: 'Demo: the home-care connection is the main risk: without it the first home-care visit keeps getting later.',
    'mentor-notes': 'Demo: the 2027 budget line is agreed but not yet signed (for the mentor only).',
  });

  for (const lesson of [
    'Demo: sign the data-sharing agreement before any integration work starts.',
    'Demo: connect one record system at a time, and start with the one most patients pass through.',
    'Demo: test each change on one ward in a short cycle before spreading it.',
  ])
    await add('lessons', { lesson, internal: 'May be published' });
  await add('lessons', { lesson: 'Demo: ask the department heads to agree on training time before the plan is approved (internal).', internal: 'Internal only' });
}
