/**
 * Factories for published adoption stories, as the publication job would write them, for building the public
 * site in tests. Every organisation here is invented and marked isDemo; the practices and their core features are
 * the real ones in content/practices, read from their frontmatter so a story links to features that exist.
 */
import { writeFileSync } from 'node:fs';
import { adoptionStorySchema, publishedStoriesFile, type AdoptionStory, type PublishedStoriesFile } from '../../src/schemas/story.ts';
import { readFrontmatter } from './site.ts';

const organisations = [
  'Demo: Northland Health Region', 'Demo: Lakeside Municipality', 'Demo: Coastal Hospital Trust', 'Demo: Riverside Care Network',
  'Demo: Hillcrest Primary Care Cooperative', 'Demo: Valley District Council', 'Demo: Harbour City Social Services',
  'Demo: Upland Rural Health Board', 'Demo: Meadowbrook Integrated Care Partnership', 'Demo: Westfield Regional Hospital',
];
const countries = ['DK', 'ES', 'DE', 'SE', 'PT', 'BE', 'CZ', 'HU', 'BG'] as const;
const units = ['%', 'patients', 'days', 'visits'];
const indicators = ['Patients with a shared care plan', 'Readmissions within 30 days', 'Average time to first home visit', 'Clinicians using the overview daily', 'Citizens reading their own plan'];
const hows = {
  keep: ['Kept as described, with a local training programme', 'Introduced in two municipalities first, then across the region'],
  adapt: ['Replaced the national login with the regional one', 'Adapted to weekly rather than daily meetings'],
  drop: ['The regional record already covers it', 'No budget for it in the first two years'],
};
const effects = ['Fewer duplicate phone calls between sectors', 'Nurses found the plan within a minute', 'No change measured yet', 'Saved the cost of a second integration', 'Meetings were attended more regularly'];

type Options = Partial<AdoptionStory> & { index?: number };

/** A story adopting `practice`, with every part published unless `parts` says otherwise; `index` varies its words and dates. */
export function makeStory(practice: string, { index = 0, ...overrides }: Options = {}): AdoptionStory {
  const features = readFrontmatter('practices', practice).coreFeatures as { id: string; name: string }[];
  const org = organisations[index % organisations.length];
  const decisions = ['keep', 'adapt', 'drop'] as const;
  const month = String((index % 12) + 1).padStart(2, '0');
  const story = {
    id: `${practice.slice(0, 20)}-demo-${index + 1}`,
    practice,
    title: `${org.replace('Demo: ', '')} adopts the practice (demo story ${index + 1})`,
    summary: `An invented account for demonstration: ${org.replace('Demo: ', '')} adopted the practice over eighteen months and kept most of its core features; result ${index + 1} of the demo set.`,
    organisation: { name: org, isDemo: true },
    country: index % 4 === 3 ? undefined : countries[index % countries.length],
    period: { from: `2025-${month}-01`, to: `2026-${month}-28` },
    parts: ['context', 'core-features', 'results', 'factors', 'sustainability', 'lessons'],
    context: `Invented context ${index + 1}: a region of about ${200 + index * 37} thousand people whose hospital and municipalities wanted one shared plan per patient.`,
    coreFeatures: features.map((f, i) => {
      const decision = decisions[(i + index) % 5 === 4 ? 2 : (i + index) % 5 === 3 ? 1 : 0];
      return { feature: f.id, name: f.name, decision, how: hows[decision][(i + index) % 2], effect: effects[(i * 2 + index) % effects.length] };
    }),
    results: indicators.slice(0, 4).map((title, i) => ({
      title: `${title}`,
      kind: i === 0 ? 'objective' : 'indicator',
      unit: units[(i + index) % units.length],
      baseline: i === 3 ? undefined : 10 + i * 7 + index,
      target: 40 + i * 5 + index,
      latest: i === 2 ? undefined : { value: 20 + i * 9 + index * 1.5, period: `2026-${month}-01` },
      result: i === 1 ? `Fell by a third in the first year (invented figure ${index + 1})` : undefined,
      headline: i < 3,
    })),
    factors: [
      { kind: 'barrier', domain: 'inner-setting', text: `Staff turnover in home care slowed training (demo ${index + 1})` },
      { kind: 'facilitator', domain: 'inner-setting', text: 'A named coordinator in each municipality' },
      { kind: 'barrier', domain: 'outer-setting', text: 'National reimbursement rules did not cover shared planning' },
      { kind: 'facilitator', domain: 'process', text: 'Monthly reviews with the mentor region' },
    ],
    sustainability: { funding: `Regional budget secured until ${2028 + (index % 3)}`, policy: 'Included in the health agreement between region and municipalities' },
    lessons: [`Start with the patients who see most providers (demo lesson ${index + 1})`, 'Train the municipality nurses before the hospital wards'],
    source: { reportVersion: 1 + (index % 3), approvedAt: `2026-${month}-15T10:00:00.000Z` },
    publishedAt: `2026-${month}-${String(16 + (index % 10)).padStart(2, '0')}T12:00:00.000Z`,
    ...overrides,
  };
  return adoptionStorySchema.parse(story);
}

/** The published-stories file holding `stories`, validated as the build will read it. */
export function storiesFile(stories: AdoptionStory[]): PublishedStoriesFile {
  return publishedStoriesFile.parse({ version: 1, generatedAt: '2026-12-01T12:00:00.000Z', stories });
}

export function writeStoriesFile(path: string, stories: AdoptionStory[]): string {
  writeFileSync(path, JSON.stringify(storiesFile(stories), null, 2));
  return path;
}
