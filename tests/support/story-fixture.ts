/** A published adoption story for tests, and the published-stories file the build reads (PORTAL_STORIES_FILE). */
import { writeFileSync } from 'node:fs';
import { publishedStoriesFile, type AdoptionStory } from '../../src/schemas/story.ts';

export function storyFixture(overrides: Partial<AdoptionStory> = {}): AdoptionStory {
  return {
    id: 'demo-northland-shared-care-platform',
    practice: 'shared-care-platform',
    title: 'Demo: Northland adopts the Shared Care Platform',
    summary: 'An invented demonstration story: a health region kept the shared care plan, adapted patient access and reports fewer duplicate tests.',
    organisation: { name: 'Demo: Northland Health Region', isDemo: true },
    period: { from: '2025-01-06', to: '2026-06-30' },
    parts: ['context', 'core-features', 'results', 'factors', 'sustainability', 'lessons'],
    context: 'A mixed urban and rural region with one hospital trust and twelve municipalities.',
    coreFeatures: [
      { feature: 'shared-care-plan', name: 'Shared care plan', decision: 'keep', effect: 'Plans were shared across sectors from the first month.' },
      { feature: 'patient-access', name: 'Patient access', decision: 'adapt', how: 'Through the national citizen portal instead of a separate app.' },
    ],
    results: [
      { title: 'Duplicate laboratory tests per 100 patients', kind: 'indicator', unit: 'tests', baseline: 14, target: 8, latest: { value: 9, period: '2026-05-01' }, result: 'Down from 14 to 9.', headline: true },
      // The leading "=" checks that the CSV neutralises text a spreadsheet would run as a formula.
      { title: '=Share of plans updated monthly', kind: 'objective', headline: false },
    ],
    factors: [
      { kind: 'facilitator', domain: 'inner-setting', text: 'A clinical lead in each municipality.' },
      { kind: 'barrier', domain: 'outer-setting', text: 'National consent rules changed mid-project.' },
    ],
    sustainability: { funding: 'Regional budget from 2027.' },
    lessons: ['Start with one care pathway.', 'Agree consent rules before go-live.'],
    source: { reportVersion: 2, approvedAt: '2026-09-01T10:00:00Z' },
    publishedAt: '2026-09-15T08:30:00Z',
    ...overrides,
  };
}

/** Writes a valid published-stories file holding `stories` (validated first, as the build would). */
export function writePublishedStories(path: string, stories: AdoptionStory[]): void {
  const file = publishedStoriesFile.parse({ version: 1, generatedAt: '2026-09-15T08:31:00Z', stories });
  writeFileSync(path, JSON.stringify(file, null, 2));
}
