/**
 * The printed transfer and its PDFs, read from the database: the transfer as it is now (print view, transfer.pdf),
 * and a submitted version of a review stage, from its frozen snapshot, as an archived copy that can be cited
 * (review/<stage>/v<n>.pdf). Who may read them, the caller checks (findVisibleTransfer: the transfer's readers).
 */
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { currentLocale, formats, t } from '../../../i18n/index.ts';
import type { Db } from '../db.ts';
import { first, schema } from '../db.ts';
import { today as todayOf } from '../monitoring/action-status.ts';
import type { Snapshot } from '../review/snapshot.ts';
import type { ReviewStageInfo, TemplateRegistry } from '../templates/registry.ts';
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

const mentorLine = (transfer: Pick<LoadedTransfer, 'mentors'>) => t('print:mentors', { names: transfer.mentors.map((m) => m.name).join(', ') || t('print:none') });
/** The printed transfer's heading, in the reader's language around the names. */
export const printHeading = (transfer: Pick<LoadedTransfer, 'organisationName'>, practice: Pick<PrintPractice, 'title'>) => t('print:heading', { organisation: transfer.organisationName, practice: practice.title });
/**
 * The PDF's language (its /Lang): the transfer's working language, in which the team wrote most of what it holds;
 * the reader's language when the transfer has none recorded.
 */
const documentLanguage = (transfer: Partial<Pick<LoadedTransfer, 'workingLanguage'>>) => transfer.workingLanguage || currentLocale();

/** The whole transfer as a PDF, as of `now`. */
export async function transferPdf(db: Db, transfer: LoadedTransfer, practice: PrintPractice, registry: TemplateRegistry, now = new Date()): Promise<Buffer> {
  const today = todayOf(now);
  const model = await loadPrintModel(db, transfer, practice, registry, today);
  const title = printHeading(transfer, practice);
  const lines = [mentorLine(transfer), t('print:pdf.asOf', { day: formats().shortDay(today) })];
  return renderPrintPdf(model, { title, author: transfer.organisationName, created: now, lines, language: documentLanguage(transfer) }, today);
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
  t('print:pdf.citation', { organisation: c.organisation, practice: c.practice, stage: c.stage, number: c.version, day: formats().shortDay(c.submittedAt), sha: c.sha256, url: c.url });

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
  const row = await first(
    db
      .select()
      .from(schema.submission)
      .where(and(eq(schema.submission.transferId, transfer.id), eq(schema.submission.stage, stage.id), eq(schema.submission.number, number)))
      .limit(1),
  );
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
  const lines = [t('print:pdf.asSubmitted', { stage: stage.title, number: row.number, day: formats().shortDay(row.submittedAt) }), ...(row.note ? [t('print:pdf.teamNote', { note: row.note })] : [])];
  const meta = { title: printHeading(transfer, practice), author: transfer.organisationName, created: new Date(row.submittedAt), lines, citation: citationText(citation), language: documentLanguage(transfer) };
  return renderPrintPdf(model, meta, submittedOn, options);
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
  const message = t(error.reason === 'busy' ? 'print:pdf.busy' : error.reason === 'too-slow' ? 'print:pdf.tooSlow' : 'print:pdf.tooLarge', { seconds: error.limitSeconds });
  return new Response(message, { status: 503, statusText: 'Service Unavailable', headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': String(error.retryAfterSeconds) } });
}
