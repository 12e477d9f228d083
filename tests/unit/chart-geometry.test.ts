/**
 * The charts' labels read: none overlaps another and none leaves its drawing, for the sizes each chart is drawn at.
 * Label boxes come from the chart models, with text widths estimated at `charWidthFactor` (0.6 em a character, wider
 * than common sans-serif fonts set text), so a label that passes here has room on a real screen.
 */
import { describe, expect, it } from 'vitest';
import { barChartWidths, barGeometry } from '../../src/lib/server/bar-chart.ts';
import { chartLabel, labelBox, overlaps, textWidth, within, wrapText, type Box, type ChartLabel } from '../../src/lib/server/chart-text.ts';
import { radarGeometry, radarSizes } from '../../src/lib/server/transfers/radar.ts';
import { timelineGeometry, type TimelineAction } from '../../src/lib/server/transfers/timeline.ts';
import { realTemplates } from '../support/templates.ts';

/** Every pair of labels that overlap, and every label outside the drawing, by its text: both lists should be empty. */
function collisions(labels: ChartLabel[], drawing: Box) {
  const boxes = labels.map((l) => ({ text: l.lines.join(' / '), box: labelBox(l) }));
  const overlapping = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => overlaps(a.box, b.box)).map((b) => `${a.text} × ${b.text}`));
  const outside = boxes.filter((b) => !within(b.box, drawing)).map((b) => b.text);
  return { overlapping, outside };
}
const none = { overlapping: [], outside: [] };

describe('wrapText', () => {
  it('wraps at word breaks into lines no wider than the width, and breaks a word longer than a line', () => {
    const lines = wrapText('Digital infrastructure (eHealth services)', 160, 14);
    expect(lines).toEqual(['Digital', 'infrastructure', '(eHealth services)']);
    expect(lines.every((l) => textWidth(l, 14) <= 160)).toBe(true);
    expect(wrapText('Antidisestablishmentarianism', 60, 10)).toEqual(['Antidisest', 'ablishment', 'arianism']);
    expect(wrapText('', 100, 10)).toEqual(['']);
  });
});

describe('the action timeline', () => {
  // The demo's Coastal plan, with the long names the issue saw cut off, over 14 months from Jan 2026.
  const plan: TimelineAction[] = [
    ['Demo: Sign the data-sharing agreement with the municipalities and the GPs', '2026-01-12', '2026-03-31'],
    ['Demo: Connect the hospital record system to the shared care platform', '2026-02-01', '2026-06-30'],
    ['Demo: Train ward nurses, GPs and home-care staff in the shared care plan', '2026-03-01', '2026-09-30'],
    ['Demo: Connect the municipal home-care record system', '2026-04-01', '2026-11-15'],
    ['Demo: Open patients’ access to their care plan in the citizen app', '2026-08-15', '2027-01-31'],
    ['Demo: Roll out shared care plans to all wards', '2026-05-01', '2027-05-31'],
    ['Demo: Weekly discharge huddle of ward, GP and home care', '2026-06-01', '2027-06-30'],
    ['Demo: Evaluate the first year and plan the second', '2027-02-01', '2027-12-31'],
    ['Supercalifragilisticexpialidociously-long-action-name-without-any-spaces-at-all', '2027-11-01', '2027-12-31'],
  ].map(([title, start, end], i) => ({ id: String(i), title, start, end, overdue: i === 3, atRisk: i === 4 }));

  for (const width of [760, 360]) {
    it(`at ${width} wide, no tick label, action name or today label overlaps another or leaves the drawing`, () => {
      const g = timelineGeometry(plan, width, '2026-12-07');
      expect(g.today).toBeDefined();
      expect(collisions(g.labels, { x: 0, y: 0, width: g.width, height: g.height })).toEqual(none);
    });
  }

  it('thins month ticks to quarters when the month labels would run into each other ("Sept 26Oct 26")', () => {
    const wide = timelineGeometry(plan, 760).months.map((m) => m.label);
    expect(wide).toEqual(['Q1 26', 'Q2', 'Q3', 'Q4', 'Q1 27', 'Q2', 'Q3', 'Q4']);
    const short = timelineGeometry(plan.slice(0, 3), 760).months.map((m) => m.label);
    expect(short).toEqual(['Jan 26', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept']);
    // With months every ~47 px (as before), "Sept 26" alone needs about 50: the old labels collided.
    expect(textWidth('Sept 26', 12)).toBeGreaterThan(47);
  });

  it('writes every name in full, with its flag, however long', () => {
    const g = timelineGeometry(plan, 360, '2026-12-07');
    for (const [i, b] of g.bars.entries()) {
      const text = b.name.lines.join(' ').replace(/\s+/g, ' ');
      expect(text.replace(/\s/g, '')).toContain(plan[i].title.replace(/\s/g, ''));
    }
    expect(g.bars[3].name.lines.join(' ')).toMatch(/\(overdue\)$/);
    expect(g.bars[4].name.lines.join(' ')).toMatch(/\(at risk\)$/);
  });

  it('keeps its labels apart for a century-long span and for a one-day action in a narrow drawing', () => {
    for (const actions of [[{ id: 'a', title: 'Long', start: '1900-01-01', end: '2100-12-31' }], [{ id: 'a', title: 'One day', start: '2027-03-03', end: '2027-03-03' }]]) {
      for (const width of [760, 360, 200]) {
        const g = timelineGeometry(actions, width, '2027-03-03');
        expect(collisions(g.labels, { x: 0, y: 0, width: g.width, height: g.height }), `${actions[0].title} at ${width}`).toEqual(none);
      }
    }
  });
});

describe('the maturity radar', () => {
  const dimensions = realTemplates().templates.get('maturity')!.dimensions.map((d) => d.name);

  for (const [size, s] of Object.entries(radarSizes)) {
    it(`draws the 12 dimension names in full (${size}), none overlapping another or leaving the viewBox`, () => {
      const g = radarGeometry(dimensions, s);
      const labels = g.spokes.map((sp) => sp.label);
      expect(labels.map((l) => l.lines.join(' '))).toEqual(dimensions);
      expect(collisions(labels, g.viewBox)).toEqual(none);
      // No label lies over the plot: no corner of a label inside the outer ring, no end of a spoke inside a label.
      const ring = g.rings.at(-1)!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
      const inRing = ([x, y]: [number, number]) => ring.every(([x1, y1], i) => {
        const [x2, y2] = ring[(i + 1) % ring.length];
        return (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1) >= 0;
      });
      const corners = (b: Box): [number, number][] => [[b.x, b.y], [b.x + b.width, b.y], [b.x, b.y + b.height], [b.x + b.width, b.y + b.height]];
      const boxes = labels.map(labelBox);
      expect(boxes.filter((b) => corners(b).some(inRing) || ring.some((p) => within({ x: p[0], y: p[1], width: 0, height: 0 }, b)))).toEqual([]);
    });
  }

  it('sets its labels at least 13 units high, where they were 11 before', () => {
    expect(Object.values(radarSizes).every((s) => s.fontSize >= 13)).toBe(true);
  });
});

describe('the bar chart', () => {
  const series = [{ label: 'Approved' }, { label: 'Not approved yet' }];
  const bars = [
    { label: 'The Shared Care Platform of the Region of Southern Denmark', values: [1, 1] },
    { label: 'Digital roadmap towards an integrated healthcare sector (Region of Southern Denmark)', values: [0, 1] },
    { label: 'x'.repeat(120), values: [12345, 0] },
  ];
  for (const width of Object.values(barChartWidths)) {
    it(`at ${width} wide, no label or total overlaps another or leaves the drawing, and no label is cut`, () => {
      const g = barGeometry(series, bars, width);
      expect(collisions(g.labels, { x: 0, y: 0, width: g.width, height: g.height })).toEqual(none);
      expect(g.rows.map((r) => r.label.lines.join(' '))).toEqual(bars.map((b) => (b.label.startsWith('x') ? expect.stringMatching(/^x+( x+)*$/) : b.label)));
      expect(g.rows.map((r) => r.label.lines.join('').replaceAll(' ', '').length)).toEqual(bars.map((b) => b.label.replaceAll(' ', '').length));
    });
  }
  it('keeps every bar clear of the labels', () => {
    const g = barGeometry(series, bars);
    const segments = g.rows.flatMap((r) => r.segments.map((s) => ({ x: s.x, y: r.barY, width: s.width, height: g.barHeight })));
    expect(g.labels.map(labelBox).filter((l) => segments.some((s) => overlaps(l, s)))).toEqual([]);
  });
});

describe('chartLabel', () => {
  it('gives a label one line unless a width to wrap at is given', () => {
    expect(chartLabel('Today, 7 Dec 2026', 10, 20, 12).lines).toEqual(['Today, 7 Dec 2026']);
  });
});
