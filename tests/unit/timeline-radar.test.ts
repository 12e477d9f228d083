import { describe, expect, it } from 'vitest';
import { radarGeometry, radarRows } from '../../src/lib/server/transfers/radar.ts';
import { maxTicks, timelineActions, timelineGeometry } from '../../src/lib/server/transfers/timeline.ts';
import { fieldWithRole, statusOptions } from '../../src/lib/server/templates/registry.ts';
import { realTemplates } from '../support/templates.ts';

describe('timelineGeometry', () => {
  it('spans whole months from the first start to the last end, and orders bars as given', () => {
    const g = timelineGeometry([
      { id: 'a', title: 'Connect GP system', start: '2027-01-15', end: '2027-03-10', percent: 50 },
      { id: 'b', title: 'Train nurses', start: '2027-02-01', end: '2027-06-30' },
      { id: 'c', title: 'Undated work' },
    ]);
    expect(g.months.map((m) => m.label)).toEqual(['Jan 27', 'Feb', 'Mar', 'Apr', 'May', 'Jun']);
    expect(g.bars.map((b) => b.id)).toEqual(['a', 'b']);
    expect(g.bars[0].x1).toBeLessThan(g.bars[1].x1);
    expect(g.bars[0].x2).toBeLessThan(g.bars[1].x2);
    expect(g.undated.map((a) => a.id)).toEqual(['c']);
    expect(g.bars[0].done).toBe(50);
  });
  it('draws nothing when no action has a date', () => {
    expect(timelineGeometry([{ id: 'x', title: 'x' }]).bars).toEqual([]);
  });
  // The tester's attack: one action from 0001-01-01 to 9999-12-31 drew a tick per month (about 120,000) into the page.
  it('keeps its ticks bounded whatever the span, coarser as the span grows', () => {
    const span = (start: string, end: string) => timelineGeometry([{ id: 'a', title: 'a', start, end }]).months;
    expect(span('2027-01-15', '2027-12-31').map((m) => m.label)).toEqual(['Jan 27', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec']);
    expect(span('2027-01-15', '2028-07-01').map((m) => m.label)).toEqual(['Q1 27', 'Q2', 'Q3', 'Q4', 'Q1 28', 'Q2', 'Q3']);
    expect(span('2027-01-01', '2036-12-31').map((m) => m.label)).toEqual(['2027', '2028', '2029', '2030', '2031', '2032', '2033', '2034', '2035', '2036']);
    const century = span('1900-01-01', '2100-12-31');
    expect(century.length).toBeLessThanOrEqual(maxTicks);
    expect(century[0].label).toBe('1900');
    // Ticks left to right within the chart, never outside it.
    expect(century.every((m, i) => m.x >= 0 && m.x <= 900 && (i === 0 || m.x > century[i - 1].x))).toBe(true);
  });
  it('treats an impossible or out-of-range stored date as no date, rather than stretching the axis over it', () => {
    const g = timelineGeometry([
      { id: 'old', title: 'Stored before dates were checked', start: '0001-01-01', end: '9999-12-31' },
      { id: 'bad', title: 'Impossible', start: '2027-13-45', end: '2027-02-30' },
      { id: 'ok', title: 'Real', start: '2027-01-01', end: '2027-03-31' },
    ]);
    expect(g.bars.map((b) => b.id)).toEqual(['ok']);
    expect(g.undated.map((a) => a.id)).toEqual(['old', 'bad']);
    expect(g.months.map((m) => m.label)).toEqual(['Jan 27', 'Feb', 'Mar']);
    expect(g.bars.every((b) => Number.isFinite(b.x1) && Number.isFinite(b.x2))).toBe(true);
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

describe('the timeline on a given day', () => {
  it('marks today with a labelled line when it falls within the span, and not otherwise', () => {
    const actions = [{ id: 'a', title: 'Connect GP system', start: '2026-11-01', end: '2027-02-28' }];
    const g = timelineGeometry(actions, 900, '2026-12-07');
    expect(g.today?.label).toBe('Today, 7 Dec 2026');
    expect(g.today!.x).toBeGreaterThan(g.months[1].x);
    expect(g.today!.x).toBeLessThan(g.months[2].x);
    expect(timelineGeometry(actions, 900, '2027-06-01').today).toBeUndefined();
    expect(timelineGeometry(actions).today).toBeUndefined();
  });
  it('marks the actions that are overdue or at risk on that day, by their fields’ roles', () => {
    const section = realTemplates().requireSection('actions').section;
    const id = (role: 'title' | 'status' | 'end' | 'start' | 'progress') => fieldWithRole(section, role)!.id;
    const open = statusOptions(fieldWithRole(section, 'status')!).open[0];
    const actions = timelineActions(section, [
      { id: 'late', data: { [id('title')]: 'Late', [id('status')]: open, [id('end')]: '2026-12-01' } },
      { id: 'behind', data: { [id('title')]: 'Behind', [id('status')]: open, [id('end')]: '2026-12-20', [id('progress')]: 10 } },
      { id: 'fine', data: { [id('title')]: 'Fine', [id('status')]: open, [id('start')]: '2026-12-01', [id('end')]: '2027-12-20' } },
    ], '2026-12-07');
    expect(actions.map((a) => [a.id, a.overdue, a.atRisk])).toEqual([['late', true, false], ['behind', false, true], ['fine', false, false]]);
  });
});

describe('radarRows', () => {
  it('gives each dimension the value of every series, or a dash', () => {
    expect(radarRows([{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }], [{ values: { a: 2 } }, { values: { a: 3, b: 0 } }])).toEqual([{ name: 'A', values: ['2', '3'] }, { name: 'B', values: ['–', '0'] }]);
  });
});
