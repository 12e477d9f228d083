import { describe, expect, it } from 'vitest';
import { keepPendingForm, takePendingForm } from '../../src/lib/server/pending-forms.ts';

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe('keepPendingForm and takePendingForm', () => {
  it('give the kept fields back once, repeated fields included', () => {
    const id = keepPendingForm('/workspace/transfers/t/swot/', form([['f.statement', 'Long text'], ['f.related-needs', 'a'], ['f.related-needs', 'b']]));
    expect(takePendingForm(id)).toEqual({ target: '/workspace/transfers/t/swot/', fields: [['f.statement', 'Long text'], ['f.related-needs', 'a'], ['f.related-needs', 'b']] });
    expect(takePendingForm(id)).toBeUndefined();
  });
  it('forget a form after 30 minutes', () => {
    const now = Date.now();
    const id = keepPendingForm('/workspace/x/', form([['f.a', 'b']]), now);
    expect(takePendingForm(id, now + 30 * 60_000 + 1)).toBeUndefined();
  });
  it('use ids nobody can guess', () => {
    expect(keepPendingForm('/workspace/x/', form([]))).toMatch(/^[0-9a-f-]{36}$/);
    expect(takePendingForm('00000000-0000-0000-0000-000000000000')).toBeUndefined();
  });
});
