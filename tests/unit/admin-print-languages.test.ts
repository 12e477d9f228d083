/**
 * The audit log, the PDFs and the office exports in the reader's language: the words around the data come from the
 * catalogue (German, Catalan here), what people typed and the codes stay as stored, and English stays as it was.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { withLocale } from '../../src/i18n/index.ts';
import { loadActor } from '../../src/lib/server/accounts.ts';
import { recordAudit } from '../../src/lib/server/audit.ts';
import { auditCsvStream, auditLogPage } from '../../src/lib/server/audit-log.ts';
import { type Db } from '../../src/lib/server/db.ts';
import { citationText, loadPrintModel } from '../../src/lib/server/print/documents.ts';
import { buildPrintModel } from '../../src/lib/server/print/model.ts';
import { pdfDefinition, renderPdf } from '../../src/lib/server/print/pdf.ts';
import { openTransfer } from '../../src/lib/server/transfers/commands.ts';
import { coreFeatureTable } from '../../src/lib/server/transfers/export-tables.ts';
import { loadTransfer, type LoadedTransfer } from '../../src/lib/server/transfers/queries.ts';
import { createProgramme, createTestDb } from '../support/db.ts';
import { compact, pdfText } from '../support/pdf-text.ts';
import { realTemplates, reviewStage } from '../support/templates.ts';
import { schema } from '../../src/lib/server/db.ts';

const practice = { title: 'Shared Care Platform', features: [{ id: 'care-coordinator', name: 'Care coordinator' }] };
const meta = { ip: '127.0.0.1', origin: 'https://portal.example' };
const registry = realTemplates();
let db: Db;
let p: Awaited<ReturnType<typeof createProgramme>>;
let transfer: LoadedTransfer;

beforeEach(async () => {
  db = await createTestDb();
  p = await createProgramme(db);
  const opened = await openTransfer(db, await loadActor(db, p.coordinator.id), { organisationId: p.organisations.adopter.id, practiceId: 'shared-care-platform', mentorIds: [p.mentor.id] }, [{ id: 'shared-care-platform', title: practice.title, featureIds: ['care-coordinator'] }], { ip: meta.ip });
  if (!opened.ok) throw new Error(JSON.stringify(opened));
  transfer = (await loadTransfer(db, opened.transferId))!;
});

const csvOf = async (stream: ReadableStream<Uint8Array>) => new TextDecoder().decode(await new Response(stream).arrayBuffer());

describe('the audit log in the reader’s language', () => {
  it('describes an action, its outcome and its target in Catalan, and in English as before', async () => {
    await recordAudit(db, { action: 'transfer.pause', outcome: 'success', actorUserId: p.coordinator.id, targetType: 'transfer', targetId: transfer.id, detail: { reason: 'Vacances d’estiu' } });
    await recordAudit(db, { action: 'sign-in', outcome: 'failure', detail: { email: 'x@example.org', reason: 'wrong-password' } });
    const ca = await withLocale('ca', () => auditLogPage(db, {}));
    expect(ca.events.slice(0, 2).map((e) => e.sentence)).toEqual(['Fallit: contrasenya incorrecta. email: x@example.org', 'Posada en pausa: Vacances d’estiu.']);
    expect(ca.events[1]!.targetName).toBe(`Transferència ${transfer.title}`);
    const en = await auditLogPage(db, {});
    expect(en.events.slice(0, 2).map((e) => e.sentence)).toEqual(['Failed: wrong password. email: x@example.org', 'Paused: Vacances d’estiu.']);
  });

  it('writes the CSV header in the language of whoever asked, even as the stream is read after the request', async () => {
    await recordAudit(db, { action: 'user.enable', outcome: 'success', actorUserId: p.coordinator.id, targetType: 'user', targetId: p.editor.id });
    // Made in Catalan, read outside it: as a response body is read after the route has returned.
    const stream = withLocale('ca', () => auditCsvStream(db, {}));
    const [header, row] = (await csvOf(stream)).replace(/^\uFEFF/, '').split('\r\n');
    expect(header).toBe('"identificador","hora (UTC)","persona","identificador de la persona","acció","resultat","objecte","identificador de l\'objecte","des de (IP)","què ha passat","detall (JSON)"');
    expect(row).toContain('"user.enable","success"');
    expect(row).toContain('"Compte activat de nou."');
    const english = (await csvOf(auditCsvStream(db, {}))).replace(/^\uFEFF/, '').split('\r\n')[0];
    expect(english).toBe('"id","time (UTC)","person","person id","action","outcome","target","target id","from (IP)","what happened","detail (JSON)"');
  });
});

describe('the PDF in the reader’s language', () => {
  it('gives a German editor German headings, dates and page numbers, and the working language as the document’s', async () => {
    await db.insert(schema.entry).values({ id: crypto.randomUUID(), transferId: transfer.id, template: 'needs-scope', section: 'needs', grouping: '', position: 1, data: JSON.stringify({ 'need-statement': 'Shared care plans for every professional', priority: 'High' }), createdBy: p.editor.id, updatedBy: p.editor.id });
    const pdf = await withLocale('de', async () => {
      const model = await loadPrintModel(db, transfer, practice, registry, '2026-12-07');
      const citation = citationText({ organisation: 'Org', practice: practice.title, stage: reviewStage('situation').title, version: 1, submittedAt: '2026-11-02T09:30:00Z', sha256: 'abc', url: 'https://portal.example/v1.pdf' });
      return renderPdf(pdfDefinition(model, { title: 'T', lines: [], created: new Date('2026-12-07T00:00:00Z'), author: 'x', citation }, '2026-12-07'), { compress: false });
    });
    const text = compact(pdfText(pdf!));
    for (const words of ['Kernmerkmale', 'Wie oder warum', 'Nicht entschieden', 'Version 1, eingereicht am 2. Nov. 2026', 'Seite 1 von', 'Shared care plans for every professional', 'Zitieren als:']) expect(text).toContain(compact(words));
    expect(text).not.toContain(compact('How or why'));
    expect(text).not.toContain(compact('Page 1 of'));
    const empty = buildPrintModel({ registry, records: [], features: practice.features, featureChoices: [], today: '2026-12-07' });
    const definition = withLocale('de', () => pdfDefinition(empty, { title: 'T', lines: [], created: new Date(), author: 'x', language: transfer.workingLanguage }));
    expect(definition.language).toBe('en');
    expect(definition.pageFooter?.pages).toBe('Seite {{page}} von {{pages}}');
  });
});

describe('the office exports in the reader’s language', () => {
  it('heads the core-feature table in German, and in English as before', () => {
    const de = withLocale('de', () => coreFeatureTable(practice.features, [], registry.featureDecisionLabel));
    expect(de.title).toBe('Kernmerkmale');
    expect(de.columns.map((c) => c.header)).toEqual(['Kernmerkmal', 'Entscheidung', 'Wie oder warum', 'ID']);
    expect(de.rows[0]).toEqual(['Care coordinator', 'Nicht entschieden', null, 'care-coordinator']);
    expect(coreFeatureTable(practice.features, [], registry.featureDecisionLabel).columns.map((c) => c.header)).toEqual(['Core feature', 'Decision', 'How or why', 'Id']);
  });
});
