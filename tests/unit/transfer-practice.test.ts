/** A transfer's practice, looked up in one place (transferPractice in src/lib/server/transfers/practices.ts). */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const features = [{ id: 'one-screen-overview', name: 'One-screen overview', requiredMaturity: [] }];
vi.mock('astro:content', () => ({
  getCollection: async () => [],
  getEntry: async (_collection: string, id: string) => (id === 'shared-care-platform' ? { id, data: { title: 'Shared Care Platform', coreFeatures: features } } : undefined),
}));
const { transferPractice } = await import('../../src/lib/server/transfers/practices.ts');

describe('transferPractice', () => {
  it('gives the title and core features of the practice a transfer adopts', async () => {
    expect(await transferPractice({ practiceId: 'shared-care-platform' })).toEqual({ title: 'Shared Care Platform', features });
  });

  it('names a practice whose file is gone by its id, with no core features, so an old transfer still opens and exports', async () => {
    expect(await transferPractice({ practiceId: 'retired-practice' })).toEqual({ title: 'retired-practice', features: [] });
  });

  it('is the only place that reads a practice\'s title or core features with a fallback of its own', () => {
    const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : [join(dir, d.name)]));
    const repeats = files('src')
      .filter((f) => !f.endsWith(join('transfers', 'practices.ts')))
      .filter((f) => /\?\.data\.(title|coreFeatures)\b/.test(readFileSync(f, 'utf8')));
    expect(repeats).toEqual([]);
  });
});
