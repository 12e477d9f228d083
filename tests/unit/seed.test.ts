import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { seedDemoData } from '../../db/seed.ts';
import { schema } from '../../src/lib/server/db.ts';
import { cohortRows } from '../../src/lib/server/review/dashboard.ts';
import { getSubmission, unreadCount } from '../../src/lib/server/review/queries.ts';
import { entrySchema, linkProblems } from '../../src/lib/server/transfers/entry-schema.ts';
import { templateSchema } from '../../src/schemas/template.ts';
import { createTestDb } from '../support/db.ts';
import { readFrontmatter } from '../support/site.ts';
import { templateRegistry } from '../support/templates.ts';

describe('the demo seed', () => {
  it('gives the mentor a submitted needs-and-scope stage whose records are valid for their template', async () => {
    const db = createTestDb();
    await seedDemoData(db, templateRegistry().stages, 'a demo password for the seed test');
    const mentor = (await db.select().from(schema.user).where(eq(schema.user.email, 'mentor@demo.example')).get())!;
    const [row] = (await cohortRows(db, { mentorId: mentor.id, now: new Date(), templates: templateRegistry() })).filter((r) => r.stages['needs-scope'] === 'submitted');
    expect(row?.title).toMatch(/Lakeside/);
    expect(await unreadCount(db, mentor.id)).toBe(1);
    const submission = (await getSubmission(db, row!.id, 'needs-scope', 1))!;
    expect(submission.snapshot.entries).toHaveLength(3);
    const template = templateSchema.parse(readFrontmatter('templates', 'needs-and-scope'));
    const transfer = (await db.select().from(schema.transfer).where(eq(schema.transfer.id, row!.id)).get())!;
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
