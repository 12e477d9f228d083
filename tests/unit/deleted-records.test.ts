/** Deleting a template record moves it to Recently deleted for 30 days: undo/restore, purge, and no leak anywhere. */
import { eq, sql } from 'drizzle-orm';
import { beforeEach, describe, expect, it } from 'vitest';
import { addMs, days } from '../../src/lib/server/clock.ts';
import { first, rawRows, schema, type Db } from '../../src/lib/server/db.ts';
import { recordActionUpdate } from '../../src/lib/server/monitoring/action-progress.ts';
import { saveMeasurement } from '../../src/lib/server/monitoring/measurements.ts';
import { loadMonitoring } from '../../src/lib/server/monitoring/overview.ts';
import { submitStage } from '../../src/lib/server/review/commands.ts';
import { statusOptions, fieldWithRole } from '../../src/lib/server/templates/registry.ts';
import { deleteEntry, saveEntry } from '../../src/lib/server/transfers/commands.ts';
import { exportCsv, exportJson, monitoringRecords } from '../../src/lib/server/transfers/export.ts';
import { listAllEntries, listFeatureChoices } from '../../src/lib/server/transfers/queries.ts';
import { deletionPreview, findDeletedEntry, listDeletedEntries, purgeDeletedEntries, restoreEntry } from '../../src/lib/server/transfers/trash.ts';
import { recordsPerSection } from '../../src/lib/server/transfers/entry-schema.ts';
import { createTestDb, tableNames } from '../support/db.ts';
import { monitoringFixture, meta } from '../support/kpis.ts';
import { byRole, statusWith } from '../support/monitoring.ts';

let db: Db;
let f: Awaited<ReturnType<typeof monitoringFixture>>;
const sections = () => f.registry.sections;
const version = async (id: string) => (await first(db.select().from(schema.entry).where(eq(schema.entry.id, id)).limit(1)))!.version;
const live = async (id: string) => (await first(db.select().from(schema.entry).where(eq(schema.entry.id, id)).limit(1))) !== undefined;
const auditActions = async (id: string) => (await db.select().from(schema.auditEvent).where(eq(schema.auditEvent.targetId, id)).orderBy(schema.auditEvent.id)).map((a) => `${a.action}:${a.outcome}`);
const revision = async () => (await first(db.select().from(schema.transfer).where(eq(schema.transfer.id, f.transfer.id)).limit(1)))!.revision;

/** Three indicators in order; the second has measurements and chart settings, and a PDSA cycle links to it. */
async function kpiWithSeries() {
  const ids = [await f.addKpi({ title: 'First' }), await f.addKpi({ title: 'Readmissions' }), await f.addKpi({ title: 'Third' })];
  const kpi = ids[1]!;
  for (const period of ['2027-01', '2027-02', '2027-03']) {
    const saved = await saveMeasurement(db, f.editor, f.transfer, f.registry, kpi, { period, value: '10' }, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
  }
  await db.insert(schema.kpiChart).values({ kpiId: kpi, transferId: f.transfer.id, ruleSet: 'anhoej', updatedAt: '2027-01-01T00:00:00.000Z' });
  const cycle = await f.addCycle([kpi, ids[0]!], '2027-01-01');
  return { ids, kpi, cycle };
}

beforeEach(async () => {
  db = await createTestDb();
  f = await monitoringFixture(db);
});

describe('deleteEntry', () => {
  it('takes the record out of every page, export, count and review snapshot, and keeps it in Recently deleted', async () => {
    const { kpi, cycle } = await kpiWithSeries();
    const before = await revision();
    expect(await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), meta)).toEqual({ ok: true });

    expect(await revision()).toBeGreaterThan(before);
    const entries = await listAllEntries(db, f.transfer.id);
    expect(entries.map((e) => e.id)).not.toContain(kpi);
    // The cycle that linked to it no longer does.
    expect(JSON.stringify(entries.find((e) => e.id === cycle)!.data)).not.toContain(kpi);
    const json = JSON.stringify(exportJson({ transfer: f.transfer, practiceTitle: 'Practice', choices: await listFeatureChoices(db, f.transfer.id), entries, registry: f.registry, features: [], comments: [], monitoring: await monitoringRecords(db, f.transfer.id) }));
    expect(json).not.toContain(kpi);
    expect(json).not.toContain('Readmissions');
    expect(exportCsv(entries, sections())).not.toContain('Readmissions');
    expect(JSON.stringify(await loadMonitoring(db, f.registry, f.transfer.id, '2027-06-01'))).not.toContain(kpi);
    const plan = f.registry.stages.find((s) => s.kinds.includes(f.registry.requireSection('kpis').kind))!;
    expect(await submitStage(db, f.editor, f.transfer, plan, { note: '' }, meta, f.registry)).toMatchObject({ ok: true });
    expect((await db.select().from(schema.submission)).map((s) => s.snapshot).join()).not.toContain(kpi);
    // Nowhere in the live tables: only the trash and the audit log name it.
    const naming: string[] = [];
    for (const t of await tableNames(db)) if (JSON.stringify(await rawRows(db, sql.raw(`select * from "${t}"`))).includes(kpi)) naming.push(t);
    expect(naming.sort()).toEqual(['audit_event', 'deleted_entry']);

    const [item] = await listDeletedEntries(db, f.transfer.id, f.registry);
    expect(item).toMatchObject({ id: kpi, title: 'Readmissions', sectionTitle: f.registry.requireSection('kpis').section.title, series: 3 });
    expect(await auditActions(kpi)).toContain('entry.delete:success');
  });

  it('refuses viewers, mentors, coordinators and other organisations’ editors, and audits the refusal', async () => {
    const { kpi } = await kpiWithSeries();
    for (const id of [f.p.viewer.id, f.p.mentor.id, f.p.coordinator.id, f.p.otherEditor.id]) {
      expect(await deleteEntry(db, await f.actor(id), f.transfer, kpi, await version(kpi), meta)).toMatchObject({ ok: false, status: 403 });
    }
    expect(await live(kpi)).toBe(true);
    expect(await listDeletedEntries(db, f.transfer.id, f.registry)).toEqual([]);
  });

  it('says what a delete takes with it before it happens', async () => {
    const { kpi, cycle } = await kpiWithSeries();
    const preview = await deletionPreview(db, f.transfer.id, kpi);
    expect(preview.linkedFrom.map((r) => r.id)).toEqual([cycle]);
    expect(preview.kpiMeasurements).toBe(3);
  });
});

describe('restoreEntry (Undo and Restore)', () => {
  it('brings back the record in its place, with its measurements, chart settings and the links to it', async () => {
    const { ids, kpi, cycle } = await kpiWithSeries();
    const cycleBefore = (await listAllEntries(db, f.transfer.id)).find((e) => e.id === cycle)!.data;
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), meta);
    const before = await revision();

    const restored = await restoreEntry(db, f.editor, f.transfer, kpi, sections(), meta);
    expect(restored).toMatchObject({ ok: true, title: 'Readmissions', linksWaiting: 0, linksLost: 0 });
    expect(await revision()).toBeGreaterThan(before);
    const entries = await listAllEntries(db, f.transfer.id);
    expect(entries.filter((e) => e.section === 'kpis' || ids.includes(e.id)).map((e) => e.id)).toEqual(ids);
    expect(entries.find((e) => e.id === cycle)!.data).toEqual(cycleBefore);
    expect(await db.select().from(schema.kpiMeasurement).where(eq(schema.kpiMeasurement.kpiId, kpi))).toHaveLength(3);
    expect((await first(db.select().from(schema.kpiChart).where(eq(schema.kpiChart.kpiId, kpi)).limit(1)))?.ruleSet).toBe('anhoej');
    expect(await listDeletedEntries(db, f.transfer.id, f.registry)).toEqual([]);
    expect(await auditActions(kpi)).toEqual(expect.arrayContaining(['entry.delete:success', 'entry.restore:success']));
  });

  it('brings back an action with its progress updates', async () => {
    const actions = f.registry.requireSection('actions');
    const saved = await saveEntry(db, f.editor, f.transfer, { template: actions.kind, section: actions.section }, { values: byRole(actions.section, { title: 'Train GPs', end: '2027-06-30', status: statusWith(actions.section, 'open') }) }, {}, meta);
    if (!saved.ok) throw new Error(JSON.stringify(saved));
    const open = statusOptions(fieldWithRole(actions.section, 'status')!).open;
    expect(await recordActionUpdate(db, f.editor, f.transfer, actions, saved.entryId, { onDate: '2026-12-01', status: open[0], progress: '40', version: await version(saved.entryId) }, meta)).toMatchObject({ ok: true });
    await deleteEntry(db, f.editor, f.transfer, saved.entryId, await version(saved.entryId), meta);
    expect(await db.select().from(schema.actionUpdate)).toHaveLength(0);
    expect(await restoreEntry(db, f.editor, f.transfer, saved.entryId, sections(), meta)).toMatchObject({ ok: true, title: 'Train GPs' });
    expect(await db.select().from(schema.actionUpdate).where(eq(schema.actionUpdate.actionId, saved.entryId))).toHaveLength(1);
  });

  it('gives a link to a record deleted since back when that one is restored, and says so', async () => {
    const { ids, cycle } = await kpiWithSeries();
    await deleteEntry(db, f.editor, f.transfer, cycle, await version(cycle), meta);
    await deleteEntry(db, f.editor, f.transfer, ids[0]!, await version(ids[0]!), meta);
    expect(await restoreEntry(db, f.editor, f.transfer, cycle, sections(), meta)).toMatchObject({ ok: true, linksWaiting: 1, linksLost: 0 });
    const link = (await listAllEntries(db, f.transfer.id)).find((e) => e.id === cycle)!.data;
    expect(JSON.stringify(link)).not.toContain(ids[0]!);
    await restoreEntry(db, f.editor, f.transfer, ids[0]!, sections(), meta);
    expect(JSON.stringify((await listAllEntries(db, f.transfer.id)).find((e) => e.id === cycle)!.data)).toContain(ids[0]!);
  });

  it('refuses with what to do when the section is full', async () => {
    const { kpi } = await kpiWithSeries();
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), meta);
    const kpis = f.registry.requireSection('kpis');
    const rows = Array.from({ length: recordsPerSection - 2 }, (_, i) => ({ id: crypto.randomUUID(), transferId: f.transfer.id, template: kpis.kind, section: kpis.section.id, position: 10 + i, data: '{}' }));
    await db.insert(schema.entry).values(rows);
    const result = await restoreEntry(db, f.editor, f.transfer, kpi, sections(), meta);
    expect(result).toMatchObject({ ok: false, status: 409 });
    expect(JSON.stringify(result)).toContain(`already holds ${recordsPerSection} items`);
    expect(await findDeletedEntry(db, f.transfer.id, kpi, f.registry)).toBeDefined();
  });

  it('refuses viewers, mentors, coordinators and other organisations’ editors', async () => {
    const { kpi } = await kpiWithSeries();
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), meta);
    for (const id of [f.p.viewer.id, f.p.mentor.id, f.p.coordinator.id, f.p.otherEditor.id]) {
      expect(await restoreEntry(db, await f.actor(id), f.transfer, kpi, sections(), meta)).toMatchObject({ ok: false, status: 403 });
    }
    expect(await live(kpi)).toBe(false);
    expect(await auditActions(kpi)).toContain('entry.restore:denied');
  });

  it('restores nothing twice and says why', async () => {
    const { kpi } = await kpiWithSeries();
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), meta);
    await restoreEntry(db, f.editor, f.transfer, kpi, sections(), meta);
    expect(await restoreEntry(db, f.editor, f.transfer, kpi, sections(), meta)).toMatchObject({ ok: false, status: 404 });
  });
});

describe('link lists changed by a delete or a restore', () => {
  const pdsa = () => f.registry.requireSection('pdsa-cycles');
  const kpisKey = () => f.registry.requireSection('kpis').key;
  const cycleData = async (id: string) => (await listAllEntries(db, f.transfer.id)).find((e) => e.id === id)!.data;
  /** Saves the cycle as an edit form opened at `at` would post it: that version, that data. */
  const saveOpenForm = (id: string, at: { version: number; data: Record<string, unknown> }, links: string[]) =>
    saveEntry(db, f.editor, f.transfer, { template: pdsa().kind, section: pdsa().section }, { entryId: id, version: at.version, values: at.data }, { [kpisKey()]: links }, meta);

  it('a form opened before a restore gets the conflict screen instead of dropping the restored link', async () => {
    const { ids, kpi, cycle } = await kpiWithSeries();
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), meta);
    const opened = { version: await version(cycle), data: await cycleData(cycle) };
    expect(JSON.stringify(opened.data)).not.toContain(kpi);

    expect(await restoreEntry(db, f.editor, f.transfer, kpi, sections(), meta)).toMatchObject({ ok: true });
    expect(await version(cycle)).toBe(opened.version + 1);
    const saved = await saveOpenForm(cycle, opened, [ids[0]!]);
    expect(saved).toMatchObject({ ok: false, status: 409, conflict: { version: opened.version + 1 } });
    expect(JSON.stringify(await cycleData(cycle))).toContain(kpi);
  });

  it('a form opened before a delete gets the conflict screen, and the delete raises only the linking records’ versions', async () => {
    const { ids, kpi, cycle } = await kpiWithSeries();
    const opened = { version: await version(cycle), data: await cycleData(cycle) };
    const firstBefore = await version(ids[0]!);
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), meta);
    expect(await version(cycle)).toBe(opened.version + 1);
    expect(await version(ids[0]!)).toBe(firstBefore);
    expect(await saveOpenForm(cycle, opened, [ids[0]!, kpi])).toMatchObject({ ok: false, status: 409 });
  });

  it('a restored record whose own links were left out comes back at a new version', async () => {
    const { ids, cycle } = await kpiWithSeries();
    const before = await version(cycle);
    await deleteEntry(db, f.editor, f.transfer, cycle, before, meta);
    await deleteEntry(db, f.editor, f.transfer, ids[0]!, await version(ids[0]!), meta);
    await restoreEntry(db, f.editor, f.transfer, cycle, sections(), meta);
    expect(await version(cycle)).toBe(before + 1);
    await restoreEntry(db, f.editor, f.transfer, ids[0]!, sections(), meta);
    expect(await version(cycle)).toBe(before + 2);
  });
});

describe('purgeDeletedEntries', () => {
  it('forgets records deleted more than 30 days ago, audited, and keeps the younger ones', async () => {
    const { ids, kpi } = await kpiWithSeries();
    const deletedAt = new Date('2027-01-01T12:00:00.000Z');
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), { ...meta, now: deletedAt });
    await deleteEntry(db, f.editor, f.transfer, ids[2]!, await version(ids[2]!), { ...meta, now: addMs(deletedAt, days(10)) });

    expect(await purgeDeletedEntries(db, addMs(deletedAt, days(29)))).toBe(0);
    const before = await revision();
    // Restore, a POST, purges first: the expired record cannot come back, even before the hourly purge.
    expect(await restoreEntry(db, f.editor, f.transfer, kpi, sections(), { ...meta, now: addMs(deletedAt, days(31)) })).toMatchObject({ ok: false, status: 404 });
    expect(await revision()).toBeGreaterThan(before);
    expect(await auditActions(kpi)).toContain('entry.purge:success');
    expect((await listDeletedEntries(db, f.transfer.id, f.registry, addMs(deletedAt, days(31)))).map((d) => d.id)).toEqual([ids[2]]);
    expect(await purgeDeletedEntries(db, addMs(deletedAt, days(41)))).toBe(1);
  });

  it('reading Recently deleted leaves out what expired and changes nothing: no row, no audit event, no revision', async () => {
    const { kpi } = await kpiWithSeries();
    const deletedAt = new Date('2027-01-01T12:00:00.000Z');
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), { ...meta, now: deletedAt });
    const later = addMs(deletedAt, days(31));
    const state = async () => ({ trash: await db.select().from(schema.deletedEntry), audit: await db.select().from(schema.auditEvent), revision: await revision() });
    const before = await state();

    expect(await listDeletedEntries(db, f.transfer.id, f.registry, later)).toEqual([]);
    expect(await findDeletedEntry(db, f.transfer.id, kpi, f.registry, later)).toBeUndefined();
    expect(await state()).toEqual(before);
    expect(before.trash).toHaveLength(1);
    // The hourly purge is what forgets it.
    expect(await purgeDeletedEntries(db, later)).toBe(1);
  });

  it('keeps the records of a transfer that is not active, and gives its team 30 days from its reopening', async () => {
    const { kpi } = await kpiWithSeries();
    const deletedAt = new Date('2027-01-01T12:00:00.000Z');
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), { ...meta, now: deletedAt });
    const setStatus = (status: 'active' | 'closed', at: Date) => db.update(schema.transfer).set({ status, statusChangedAt: at.toISOString() }).where(eq(schema.transfer.id, f.transfer.id));
    await setStatus('closed', addMs(deletedAt, days(5)));

    const closedLong = addMs(deletedAt, days(200));
    expect(await purgeDeletedEntries(db, closedLong)).toBe(0);
    expect(await listDeletedEntries(db, f.transfer.id, f.registry, closedLong)).toMatchObject([{ id: kpi, expiresAt: null }]);

    const reopened = addMs(deletedAt, days(210));
    await setStatus('active', reopened);
    expect(await purgeDeletedEntries(db, addMs(reopened, days(29)))).toBe(0);
    expect(await listDeletedEntries(db, f.transfer.id, f.registry, addMs(reopened, days(29)))).toMatchObject([{ id: kpi, expiresAt: addMs(reopened, days(30)).toISOString() }]);
    expect(await restoreEntry(db, f.editor, { ...f.transfer, status: 'active' }, kpi, sections(), { ...meta, now: addMs(reopened, days(29)) })).toMatchObject({ ok: true });
  });

  it('after the 30 days that follow a reopening, the purge forgets them', async () => {
    const { kpi } = await kpiWithSeries();
    const deletedAt = new Date('2027-01-01T12:00:00.000Z');
    await deleteEntry(db, f.editor, f.transfer, kpi, await version(kpi), { ...meta, now: deletedAt });
    const reopened = addMs(deletedAt, days(100));
    await db.update(schema.transfer).set({ status: 'active', statusChangedAt: reopened.toISOString() }).where(eq(schema.transfer.id, f.transfer.id));
    expect(await listDeletedEntries(db, f.transfer.id, f.registry, addMs(reopened, days(31)))).toEqual([]);
    expect(await purgeDeletedEntries(db, addMs(reopened, days(31)))).toBe(1);
  });
});
