import { and, eq } from 'drizzle-orm';
import { coastalKpis, coastalToday } from '../../db/seed-implementation.ts';
import { actionFacts, actionStatus } from '../../src/lib/server/monitoring/action-status.ts';
import { runChart } from '../../src/lib/server/monitoring/run-chart.ts';
import { fieldWithRole, improvementDirection } from '../../src/lib/server/templates/registry.ts';
import { describe, expect, it } from 'vitest';
import { demoTransfers, seedDemoData } from '../../db/seed.ts';
import { first, schema } from '../../src/lib/server/db.ts';
import { cohortRows } from '../../src/lib/server/review/dashboard.ts';
import { getSubmission, unreadCount } from '../../src/lib/server/review/queries.ts';
import { entrySchema, linkProblems } from '../../src/lib/server/transfers/entry-schema.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createTestDb } from '../support/db.ts';
import { contentIds, readFrontmatter } from '../support/site.ts';
import { composeStory } from '../../src/lib/server/stories/compose.ts';
import { workspaceForms } from '../../src/lib/server/transfers/workspace-forms.ts';
import { storyParts } from '../../src/schemas/story.ts';
import { templateRegistry } from '../support/templates.ts';

describe('the demo seed', () => {
  it('gives the mentor a submitted needs-and-scope stage whose records are valid for their template', async () => {
    const db = await createTestDb();
    await seedDemoData(db, templateRegistry().stages, 'a demo password for the seed test');
    const mentor = (await first(db.select().from(schema.user).where(eq(schema.user.email, 'mentor@demo.example')).limit(1)))!;
    const [row] = (await cohortRows(db, { mentorId: mentor.id, now: new Date(), templates: templateRegistry() })).filter((r) => r.stages['needs-scope'] === 'submitted');
    expect(row?.title).toMatch(/Lakeside/);
    expect(await unreadCount(db, mentor.id)).toBe(1);
    const submission = (await getSubmission(db, row!.id, 'needs-scope', 1))!;
    expect(submission.snapshot.entries).toHaveLength(3);
    const template = templateSchema.parse(readFrontmatter('templates', 'needs-and-scope'));
    const transfer = (await first(db.select().from(schema.transfer).where(eq(schema.transfer.id, row!.id)).limit(1)))!;
    const features = (readFrontmatter('practices', transfer.practiceId).coreFeatures as { id: string }[]).map((f) => f.id);
    for (const e of submission.snapshot.entries) {
      const section = template.sections.find((s) => s.id === e.section)!;
      const parsed = entrySchema(section).safeParse(e.data);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(linkProblems(section, parsed.data!, { 'core-features': features })).toEqual({});
    }
    expect(submission.snapshot.featureChoices.every((c) => features.includes(c.featureId))).toBe(true);
  });
});

describe('the Coastal implementation demo', () => {
  const registry = templateRegistry();
  async function seeded() {
    const db = await createTestDb();
    await seedDemoData(db, registry.stages, 'a demo password for the seed test');
    const transfer = (await first(db.select().from(schema.transfer).where(eq(schema.transfer.title, demoTransfers[2].title)).limit(1)))!;
    return { db, transfer };
  }

  it('has its action plan and its first progress report approved through the review, and the mentor has read the story', async () => {
    const { db, transfer } = await seeded();
    const reviews = await db.select().from(schema.stageReview).where(eq(schema.stageReview.transferId, transfer.id));
    const stateOf = (kind: string) => reviews.find((r) => r.stage === registry.stages.find((s) => s.kinds.includes(kind as never))!.id)?.state;
    expect(stateOf('action-plan')).toBe('approved');
    expect(stateOf('progress-report')).toBe('approved');
    const decisions = await db.select().from(schema.decision).where(eq(schema.decision.transferId, transfer.id));
    expect(decisions.every((d) => d.outcome === 'approve')).toBe(true);
    const mentor = (await first(db.select().from(schema.user).where(eq(schema.user.email, 'mentor@demo.example')).limit(1)))!;
    expect(await unreadCount(db, mentor.id)).toBe(1);
  });

  it('has an approved post-implementation report from which a story can be drawn, and publishes none', async () => {
    const { db, transfer } = await seeded();
    const stage = registry.stages.find((s) => s.kinds.includes('post-implementation'))!;
    const review = await first(db.select().from(schema.stageReview).where(and(eq(schema.stageReview.transferId, transfer.id), eq(schema.stageReview.stage, stage.id))).limit(1));
    expect(review?.state).toBe('approved');
    expect(await db.select().from(schema.adoptionStory)).toEqual([]);
    const practices = contentIds('practices').map((id) => {
      const fm = readFrontmatter('practices', id) as { title: string; coreFeatures: { id: string; name: string }[] };
      return { id, title: fm.title, featureIds: fm.coreFeatures.map((f) => f.id), features: fm.coreFeatures.map((f) => ({ id: f.id, name: f.name })) };
    });
    const composed = await composeStory(db, workspaceForms(registry, practices), transfer.id, [...storyParts], new Date('2026-12-07T12:00:00Z'));
    if (!composed.ok) throw new Error(composed.message);
    expect(composed.story.organisation).toEqual({ name: 'Demo: Coastal Hospital Trust', isDemo: true });
    expect(composed.story.period.to).toBe('2026-12-04');
    expect(composed.story.coreFeatures.map((f) => f.decision)).toEqual(['keep', 'adapt', 'keep']);
    expect(composed.story.results.filter((r) => r.headline)).toHaveLength(3);
    expect(composed.story.factors).toHaveLength(5);
    const json = JSON.stringify(composed.story);
    for (const secret of ['internal', 'mentor only', 'names stay', 'Demo Editor', 'Demo Mentor']) expect(json.toLowerCase()).not.toContain(secret.toLowerCase());
  });

  it('stores only field ids its template sections declare, in records valid for them', async () => {
    const { db, transfer } = await seeded();
    const entries = await db.select().from(schema.entry).where(eq(schema.entry.transferId, transfer.id));
    expect(new Set(entries.map((e) => e.template))).toEqual(new Set(['needs-scope', 'maturity', 'action-plan', 'pdsa', 'progress-report', 'post-implementation']));
    for (const e of entries) {
      const section = registry.sections.get(`${e.template}/${e.section}`)!;
      expect(section, `${e.template}/${e.section}`).toBeDefined();
      const data = JSON.parse(e.data) as Record<string, unknown>;
      const ids = section.fields.map((f) => f.id);
      for (const key of Object.keys(data)) expect(ids, `${e.template}/${e.section}: ${key}`).toContain(key);
      expect(entrySchema(section).safeParse(data).error?.issues ?? [], `${e.template}/${e.section}`).toEqual([]);
    }
  });

  it('has 8 KPIs with 12 to 30 monthly measurements each, whose run charts show what the seed says', async () => {
    const { db, transfer } = await seeded();
    const kpis = await db.select().from(schema.entry).where(and(eq(schema.entry.transferId, transfer.id), eq(schema.entry.section, 'kpis'))).orderBy(schema.entry.position);
    expect(kpis).toHaveLength(8);
    const kpiSection = registry.requireSection('kpis').section;
    const signals: Record<string, string[]> = {};
    for (const [i, k] of kpis.entries()) {
      const values = (await db.select().from(schema.kpiMeasurement).where(eq(schema.kpiMeasurement.kpiId, k.id)).orderBy(schema.kpiMeasurement.periodStart)).map((m) => m.value);
      expect(values.length).toBeGreaterThanOrEqual(12);
      expect(values.length).toBeLessThanOrEqual(30);
      const direction = improvementDirection(fieldWithRole(kpiSection, 'direction')!, JSON.parse(k.data).direction);
      signals[coastalKpis[i].key] = [...new Set(runChart(values, { ruleSet: 'ihi', direction }).signals.filter((s) => s.rule === 'shift' || s.rule === 'trend').map((s) => `${s.rule} ${s.reading}`))].sort();
    }
    expect(signals).toEqual({
      readmissions: ['shift improvement', 'trend improvement'],
      referrals: ['shift improvement', 'trend improvement'],
      'discharge-letters': ['shift improvement', 'trend improvement'],
      'care-plans': ['trend improvement'],
      'first-visit': ['shift concern'],
      'medication-review': [],
      experience: [],
      emergency: ['shift improvement'],
    });
  });

  it('has eight actions: three done, one overdue and one at risk on the demo day', async () => {
    const { db, transfer } = await seeded();
    const section = registry.requireSection('actions').section;
    const rows = await db.select().from(schema.entry).where(and(eq(schema.entry.transferId, transfer.id), eq(schema.entry.section, section.id)));
    const statuses = rows.map((r) => actionStatus(section, actionFacts(section, JSON.parse(r.data)), coastalToday));
    expect(rows).toHaveLength(8);
    expect(statuses.filter((s) => s.done)).toHaveLength(3);
    expect(statuses.filter((s) => s.overdue)).toHaveLength(1);
    expect(statuses.filter((s) => s.atRisk)).toHaveLength(1);
    const updates = await db.select().from(schema.actionUpdate).where(eq(schema.actionUpdate.transferId, transfer.id));
    expect(updates.length).toBeGreaterThanOrEqual(14);
  });
});
