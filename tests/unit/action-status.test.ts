import { describe, expect, it } from 'vitest';
import { actionFacts, actionStatus, today } from '../../src/lib/server/monitoring/action-status.ts';
import { fieldWithRole, statusOptions } from '../../src/lib/server/templates/registry.ts';
import { realTemplates } from '../support/templates.ts';

const actions = realTemplates().requireSection('actions').section;
const statusField = fieldWithRole(actions, 'status')!;
const { open, done, cancelled } = statusOptions(statusField);
const on = '2026-12-07';
const status = (facts: Parameters<typeof actionStatus>[1]) => actionStatus(actions, facts, on);

describe('today', () => {
  it('is the UTC day of the time it is given', () => {
    expect(today(new Date('2026-12-07T23:59:59Z'))).toBe('2026-12-07');
  });
});

describe('actionFacts', () => {
  it('reads the status, dates and progress of an action by the roles of its fields', () => {
    const id = (role: 'title' | 'status' | 'start' | 'end' | 'progress') => fieldWithRole(actions, role)!.id;
    expect(actionFacts(actions, { [id('title')]: 'Train nurses', [id('status')]: open[0], [id('start')]: '2026-01-01', [id('end')]: '2026-12-31', [id('progress')]: 40 })).toEqual({ title: 'Train nurses', status: open[0], start: '2026-01-01', end: '2026-12-31', progress: 40 });
  });
});

describe('actionStatus', () => {
  it('calls an open action whose end day has passed overdue, and says so in words', () => {
    const s = status({ status: open[0], start: '2026-01-01', end: '2026-12-06', progress: 90 });
    expect(s).toMatchObject({ overdue: true, atRisk: false, done: false });
    expect(s.words).toMatch(/^Overdue/);
  });
  it('never calls a done or cancelled action overdue or at risk', () => {
    expect(status({ status: done[0], end: '2026-01-01' })).toMatchObject({ done: true, overdue: false, atRisk: false, words: 'Done' });
    expect(status({ status: cancelled[0], end: '2026-01-01' })).toMatchObject({ cancelled: true, overdue: false, atRisk: false });
  });
  it('does not call an action ending today overdue', () => {
    expect(status({ status: open[0], start: '2026-01-01', end: on, progress: 100 }).overdue).toBe(false);
  });
  it('calls an action ending within 30 days with less than half done at risk', () => {
    expect(status({ status: open[0], end: '2027-01-06', progress: 49 })).toMatchObject({ atRisk: true, overdue: false });
    expect(status({ status: open[0], end: '2027-01-06' }).atRisk).toBe(true);
    expect(status({ status: open[0], end: '2027-01-06', progress: 50 }).atRisk).toBe(false);
    expect(status({ status: open[0], end: '2027-01-07', progress: 0 }).atRisk).toBe(false);
  });
  it('calls a started action more than 25 points behind the share of its span elapsed at risk', () => {
    // 2026-01-01 to 2027-12-31: 731 days, of which 341 (47 %) elapsed on 2026-12-07.
    expect(status({ status: open[0], start: '2026-01-01', end: '2027-12-31', progress: 21 })).toMatchObject({ atRisk: true });
    expect(status({ status: open[0], start: '2026-01-01', end: '2027-12-31', progress: 22 }).atRisk).toBe(false);
    expect(status({ status: open[0], start: '2026-01-01', end: '2027-12-31', progress: 21 }).words).toMatch(/21 % done with 47 % of its time gone/);
  });
  it('does not call an action that has not started at risk for being behind', () => {
    expect(status({ status: open[0], start: '2027-02-01', end: '2027-12-31' }).atRisk).toBe(false);
  });
  it('says nothing about an action without dates', () => {
    expect(status({ status: open[0] })).toEqual({ done: false, cancelled: false, overdue: false, atRisk: false, words: '' });
  });
});
