/**
 * The printed transfer and its PDFs, read from the database: the transfer as it is now (print view, transfer.pdf),
 * and a submitted version of a review stage, from its frozen snapshot, as an archived copy that can be cited
 * (review/<stage>/v<n>.pdf). Who may read them, the caller checks (findVisibleTransfer: the transfer's readers).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Db } from '../db.ts';
import { schema } from '../db.ts';
import { today as todayOf } from '../monitoring/action-status.ts';
import type { Snapshot } from '../review/snapshot.ts';
import type { ReviewStageInfo, TemplateRegistry } from '../templates/registry.ts';
import { dayLabel } from '../transfers/timeline.ts';
import { entryTotals, listAllEntries, listFeatureChoices, type LoadedTransfer } from '../transfers/queries.ts';
import { buildPrintModel, type PrintFeature, type PrintModel } from './model.ts';
import { renderPrintPdf } from './pdf.ts';
import { PdfUnavailable } from './pdf-renderer.ts';

export type PrintPractice = { title: string; features: PrintFeature[] };

export const transferPdfPath = (transferId: string) => `/workspace/transfers/${transferId}/transfer.pdf`;
export const versionPdfPath = (transferId: string, stage: string, number: number) => `/workspace/transfers/${transferId}/review/${stage}/v${number}.pdf`;

/** The whole transfer as it is now: every form, the core-feature decisions and the traceability chain. */
export async function loadPrintModel(db: Db, transfer: Pick<LoadedTransfer, 'id'>, practice: PrintPractice, registry: TemplateRegistry, today = todayOf()): Promise<PrintModel> {
  const records = await listAllEntries(db, transfer.id);
  return buildPrintModel({
    registry,
    records,
    totals: await entryTotals(db, transfer.id, records),
    features: practice.features,
    featureChoices: await listFeatureChoices(db, transfer.id),
    today,
    withTrace: true,
  });
}

const mentorLine = (transfer: Pick<LoadedTransfer, 'mentors'>) => `Mentors: ${transfer.mentors.map((m) => m.name).join(', ') || 'none'}.`;

/** The whole transfer as a PDF, as of `now`. */
export async function transferPdf(db: Db, transfer: LoadedTransfer, practice: PrintPractice, registry: TemplateRegistry, now = new Date()): Promise<Buffer> {
  const today = todayOf(now);
  const model = await loadPrintModel(db, transfer, practice, registry, today);
  const title = `${transfer.organisationName}: adopting ${practice.title}`;
  return renderPrintPdf(model, { title, author: transfer.organisationName, created: now, lines: [mentorLine(transfer), `The transfer as it was on ${dayLabel(Date.parse(today))}; not a reviewed version.`] }, today);
}

/** The submitted versions of every stage, for links to their PDFs: stages in the templates' order, versions in theirs. */
export async function listSubmittedVersions(db: Db, transferId: string, registry: TemplateRegistry) {
  const rows = await db
    .select({ stage: schema.submission.stage, number: schema.submission.number, submittedAt: schema.submission.submittedAt })
    .from(schema.submission)
    .where(eq(schema.submission.transferId, transferId))
    .orderBy(asc(schema.submission.number));
  return registry.stages.map((s) => ({ stage: s.id, title: s.title, versions: rows.filter((r) => r.stage === s.id) })).filter((s) => s.versions.length > 0);
}

/** How a submitted version is cited: who, what, which version, when, its content's fingerprint, and where it stays. */
export type VersionCitation = { organisation: string; practice: string; stage: string; version: number; submittedAt: string; sha256: string; url: string };
export const citationText = (c: VersionCitation) =>
  `${c.organisation}. ${c.practice}: ${c.stage}, version ${c.version}, submitted ${dayLabel(Date.parse(c.submittedAt))}. SHA-256 ${c.sha256}. ${c.url}`;

/**
 * A submitted version of a stage as a PDF, made from its snapshot alone (what the mentor reviewed, whatever was
 * edited since), or undefined when the stage has no such version. Dated by its submission, so the same version
 * always gives the same bytes; the hash is that of the snapshot as stored, which never changes.
 */
export async function versionPdf(
  db: Db,
  transfer: LoadedTransfer,
  stage: ReviewStageInfo,
  number: number,
  practice: PrintPractice,
  registry: TemplateRegistry,
  origin: string,
  options: { compress?: boolean } = {},
): Promise<Buffer | undefined> {
  const row = await db
    .select()
    .from(schema.submission)
    .where(and(eq(schema.submission.transferId, transfer.id), eq(schema.submission.stage, stage.id), eq(schema.submission.number, number)))
    .get();
  if (!row) return undefined;
  const snapshot = JSON.parse(row.snapshot) as Snapshot;
  const submittedOn = row.submittedAt.slice(0, 10);
  const model = buildPrintModel({
    registry,
    records: snapshot.entries,
    linked: snapshot.linked,
    features: practice.features,
    ...(stage.coreFeatureDecisions ? { featureChoices: snapshot.featureChoices } : {}),
    kinds: stage.kinds,
    today: submittedOn,
  });
  const citation: VersionCitation = {
    organisation: transfer.organisationName,
    practice: practice.title,
    stage: stage.title,
    version: row.number,
    submittedAt: row.submittedAt,
    sha256: createHash('sha256').update(row.snapshot).digest('hex'),
    url: `${origin}${versionPdfPath(transfer.id, stage.id, row.number)}`,
  };
  const lines = [`${stage.title}, version ${row.number}, as submitted for review on ${dayLabel(Date.parse(row.submittedAt))}.`, ...(row.note ? [`The team's note: ${row.note}`] : [])];
  return renderPrintPdf(model, { title: `${transfer.organisationName}: adopting ${practice.title}`, author: transfer.organisationName, created: new Date(row.submittedAt), lines, citation: citationText(citation) }, submittedOn, options);
}

/** A PDF as a download. */
export const pdfResponse = (bytes: Buffer, filename: string) =>
  new Response(new Uint8Array(bytes), {
    headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"`, 'Content-Length': String(bytes.length) },
  });

/**
 * The answer when no PDF could be made because the PDF worker is busy or the document took too long: 503, the
 * reason in words and when to try again. Any other failure is not expected here and goes on to the error page.
 */
export function pdfUnavailableResponse(error: unknown): Response {
  if (!(error instanceof PdfUnavailable)) throw error;
  return new Response(error.message, { status: 503, statusText: 'Service Unavailable', headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(error.retryAfterSeconds) } });
}
