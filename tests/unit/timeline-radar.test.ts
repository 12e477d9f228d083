import { describe, expect, it } from 'vitest';
import { radarGeometry } from '../../src/lib/server/transfers/radar.ts';
import { timelineGeometry } from '../../src/lib/server/transfers/timeline.ts';

describe('timelineGeometry', () => {
  it('spans whole months from the first start to the last end, and orders bars as given', () => {
    const g = timelineGeometry([
      { id: 'a', title: 'Connect GP system', start: '2027-01-15', end: '2027-03-10', percent: 50 },
      { id: 'b', title: 'Train nurses', start: '2027-02-01', end: '2027-06-30' },
      { id: 'c', title: 'Undated work' },
    ]);
    expect(g.months.map((m) => m.label)).toEqual(['Jan 27', 'Feb 27', 'Mar 27', 'Apr 27', 'May 27', 'Jun 27']);
    expect(g.bars.map((b) => b.id)).toEqual(['a', 'b']);
    expect(g.bars[0].x1).toBeLessThan(g.bars[1].x1);
    expect(g.bars[0].x2).toBeLessThan(g.bars[1].x2);
    expect(g.undated.map((a) => a.id)).toEqual(['c']);
    expect(g.bars[0].done).toBe(50);
  });
  it('draws nothing when no action has a date', () => {
    expect(timelineGeometry([{ id: 'x', title: 'x' }]).bars).toEqual([]);
  });
});

describe('radarGeometry', () => {
  it('puts a score of 5 on the outer ring and 0 at the centre', () => {
    const g = radarGeometry(['a', 'b', 'c', 'd']);
    const [outer] = g.polygon([5, 5, 5, 5]).split(' ');
    const [centre] = g.polygon([0, 0, 0, 0]).split(' ');
    expect(centre).toBe(`${g.c.toFixed(1)},${g.c.toFixed(1)}`);
    expect(outer).toBe(g.rings[4].split(' ')[0]);
  });
});
