/**
 * The public adoption story (src/schemas/story.ts) drawn from a transfer's latest approved post-implementation
 * report: the version the mentor approved, as the review froze it (the submission's snapshot), never the records
 * as they are now. Only the parts chosen are filled in. What must not leave the workspace is left out here, the one
 * place a story is made:
 * - records the team marked internal (a field with role `internal` meaning yes), and fields a template marks
 *   `public: false` or that name who is accountable (role `owner`); see `isPublishableField`;
 * - the names and e-mail addresses of the people of the transfer (the organisation's members, its mentors, whoever
 *   submitted or approved the report), should someone have typed one into a published field: each is replaced by
 *   "[name withheld]". A name typed in part (a surname alone) cannot be told from other words, which is why the
 *   template gives people's names a field of their own that is never published, and both the editor and the mentor
 *   read the story before consenting.
 * Sections and fields are found by role (src/schemas/template.ts), decisions and CFIR domains through the template's
 * `meanings`, never by id or wording.
 */
import { currentLocale, formats, t } from '../../../i18n/index.ts';
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { first, schema, type Db, type Tx } from '../db.ts';
import { adoptionStorySchema, headlineLimit, storyParts, type AdoptionStory, type StoryPart } from '../../../schemas/story.ts';
import { cfirDomainIds, type CfirDomain } from '../../../schemas/taxonomy.ts';
import type { SectionRole } from '../../../schemas/template.ts';
import { fieldLinkingTo, fieldWithRole, isPublishableField, optionMeaning, sectionKey, type Field, type Section } from '../templates/registry.ts';
import { templatesOfForms, type MonitoringTemplates, type SectionAt } from '../monitoring/sections.ts';
import type { EntryData } from '../transfers/entry-schema.ts';
import type { Snapshot, SnapshotEntry } from '../review/snapshot.ts';
import type { WorkspaceForms } from '../transfers/workspace-forms.ts';

/** What composing needs of the forms: the templates and stages, and the practices' titles, features and the regions. */
export type StoryForms = Pick<WorkspaceForms, 'templates' | 'stages' | 'practices' | 'regions'>;
export type ComposeRefusal = { ok: false; reason: 'no-transfer' | 'no-template' | 'no-approved-report' | 'invalid-story'; message: string };
export type ComposeResult = { ok: true; story: AdoptionStory } | ComposeRefusal;

/** The report's sections, by the story part each one makes. */
export const partSections: Record<StoryPart, SectionRole> = {
  context: 'pir-context',
  'core-features': 'pir-core-features',
  results: 'pir-results',
  factors: 'pir-factors',
  sustainability: 'pir-sustainability',
  lessons: 'pir-lessons',
};

/** The review stage that freezes the report's records (the stage of the templates holding its sections). */
export function reportStage(templates: MonitoringTemplates) {
  const kinds = new Set(Object.values(partSections).flatMap((role) => templates.sectionWithRole(role)?.kind ?? []));
  return templates.stages.find((s) => s.kinds.some((k) => kinds.has(k)));
}

/** The latest version of the report a mentor approved (with or without changes), and when; undefined if none. */
export async function latestApprovedReport(db: Db | Tx, transferId: string, stage: string) {
  return first(
    db
      .select({ number: schema.submission.number, snapshot: schema.submission.snapshot, submittedBy: schema.submission.submittedBy, approvedAt: schema.decision.createdAt, mentorId: schema.decision.mentorId })
      .from(schema.decision)
      .innerJoin(schema.submission, eq(schema.submission.id, schema.decision.submissionId))
      .where(and(eq(schema.decision.transferId, transferId), eq(schema.decision.stage, stage), inArray(schema.decision.outcome, ['approve', 'approve-with-changes'])))
      .orderBy(desc(schema.submission.number), desc(schema.decision.createdAt))
      .limit(1),
  );
}

const withheld = '[name withheld]';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Any e-mail address, whoever's it is. */
const emailAddress = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/** Replaces each name and address (whole, any case, any spacing), and any e-mail address, with "[name withheld]". */
export function withoutNames(text: string, names: readonly string[]): string {
  let out = text.replace(emailAddress, withheld);
  for (const name of names) {
    const words = name.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0 || name.trim().length < 3) continue;
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${words.map(escape).join('\\s+')}(?![\\p{L}\\p{N}])`, 'giu'), withheld);
  }
  return out;
}

/**
 * The people whose names must not appear: everyone with an account in the portal, not only the transfer's members
 * and mentors now (former members, earlier mentors, commenters and coordinators are named in reports too).
 */
async function peopleOf(db: Db | Tx): Promise<string[]> {
  const rows = await db.select({ name: schema.user.name, email: schema.user.email }).from(schema.user);
  // Longest first, so "Anna Berg Lund" is withheld whole before "Anna Berg" could cut it.
  return [...new Set(rows.flatMap((r) => [r.name, r.email]))].sort((a, b) => b.length - a.length);
}

const text = (data: EntryData, field: Field | undefined) => {
  if (!field || !isPublishableField(field)) return undefined;
  const v = data[field.id];
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
};
const number = (data: EntryData, field: Field | undefined) => {
  if (!field || !isPublishableField(field)) return undefined;
  const v = data[field.id];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/**
 * The record's words without a slot of their own: its publishable text fields with no role (and its title, unless
 * the story shows the title apart), in the template's order, one paragraph each.
 */
function prose(section: Section, data: EntryData, withTitle: boolean): string | undefined {
  const parts = section.fields.filter((f) => (f.type === 'text' || f.type === 'textarea') && (f.role === undefined || (withTitle && f.role === 'title'))).flatMap((f) => text(data, f) ?? []);
  return parts.length ? parts.join('\n\n') : undefined;
}

/**
 * Records a team marked internal stay out, whatever part is chosen; so do records of a section with a publication
 * choice where nobody chose (a record the fill-in button added and nobody reviewed is not published by default).
 */
const isInternal = (section: Section, data: EntryData) => {
  const field = fieldWithRole(section, 'internal');
  return !!field && optionMeaning(field, data[field.id]) !== 'no';
};

const dropUndefined = <T extends Record<string, unknown>>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** "demo-coastal-hospital-trust": lower-case ASCII words joined by hyphens, at most 40 characters. */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return s || 'organisation';
}

/** "March 2027": the public story's words are English, whoever composes it (the public site translates around them). */
const monthYear = (day: string) => formats('en').month(day);

/**
 * The story of a transfer's latest approved post-implementation report, with the parts chosen; or why there is none.
 * `now` stamps `publishedAt` (re-stamp it when publishing). The id is fresh at each call: keep the one first frozen.
 */
export async function composeStory(db: Db | Tx, forms: StoryForms, transferId: string, parts: StoryPart[], now: Date): Promise<ComposeResult> {
  const row = await first(
    db
      .select({ transfer: schema.transfer, organisation: schema.organisation })
      .from(schema.transfer)
      .innerJoin(schema.organisation, eq(schema.organisation.id, schema.transfer.organisationId))
      .where(eq(schema.transfer.id, transferId))
      .limit(1),
  );
  if (!row) return { ok: false, reason: 'no-transfer', message: t('stories:compose.noTransfer') };
  const templates = templatesOfForms(forms);
  const stage = reportStage(templates);
  if (!stage) return { ok: false, reason: 'no-template', message: t('stories:compose.noTemplate') };
  const report = await latestApprovedReport(db, transferId, stage.id);
  if (!report) return { ok: false, reason: 'no-approved-report', message: t('stories:compose.notApproved', { report: currentLocale() === 'de' ? stage.title : stage.title.toLowerCase() }) };
  const { transfer, organisation } = row;
  const snapshot = JSON.parse(report.snapshot) as Snapshot;
  const names = await peopleOf(db);
  const clean = (s: string | undefined) => (s === undefined ? undefined : withoutNames(s, names));
  const chosen = storyParts.filter((p) => parts.includes(p));
  const practice = forms.practices[transfer.practiceId];
  const records = (role: SectionRole): { at: SectionAt; data: EntryData }[] => {
    const at = templates.sectionWithRole(role);
    if (!at) return [];
    return snapshot.entries
      .filter((e: SnapshotEntry) => e.template === at.kind && e.section === at.section.id && !isInternal(at.section, e.data))
      .sort((a, b) => a.position - b.position)
      .map((e) => ({ at, data: e.data }));
  };

  const story: Record<string, unknown> = {};
  if (chosen.includes('context')) {
    const context = records('pir-context').flatMap(({ at, data }) => prose(at.section, data, true) ?? []).join('\n\n');
    if (context) story.context = clean(context);
  }
  if (chosen.includes('core-features')) {
    story.coreFeatures = records('pir-core-features').flatMap(({ at: { section: s }, data }) => {
      const link = fieldWithRole(s, 'core-feature');
      const feature = link && Array.isArray(data[link.id]) ? (data[link.id] as string[])[0] : undefined;
      const decisionField = fieldWithRole(s, 'feature-decision');
      const decision = optionMeaning(decisionField, decisionField && data[decisionField.id]);
      if (!feature || (decision !== 'keep' && decision !== 'adapt' && decision !== 'drop')) return [];
      const name = practice?.coreFeatures?.find((f) => f.id === feature)?.name ?? feature;
      return [dropUndefined({ feature, name, decision, how: clean(text(data, fieldWithRole(s, 'adaptation'))), effect: clean(text(data, fieldWithRole(s, 'effect'))) })];
    });
  }
  if (chosen.includes('results')) {
    const kpis = templates.sectionWithRole('kpis');
    let headlines = 0;
    story.results = records('pir-results').flatMap(({ at: { section: s }, data }) => {
      const title = clean(text(data, fieldWithRole(s, 'title')));
      if (!title) return [];
      const toKpi = kpis && fieldLinkingTo(s, sectionKey(kpis.kind, kpis.section.id));
      const isIndicator = !!toKpi && Array.isArray(data[toKpi.id]) && (data[toKpi.id] as string[]).length > 0;
      const latestValue = number(data, fieldWithRole(s, 'latest'));
      const latestPeriod = text(data, fieldWithRole(s, 'latest-period'));
      const headlineField = fieldWithRole(s, 'headline');
      // The practice page lists at most three per story: the first three the team marked.
      const headline = optionMeaning(headlineField, headlineField && data[headlineField.id]) === 'yes' && headlines < headlineLimit;
      if (headline) headlines++;
      return [
        dropUndefined({
          title,
          kind: isIndicator ? ('indicator' as const) : ('objective' as const),
          unit: clean(text(data, fieldWithRole(s, 'unit'))),
          baseline: number(data, fieldWithRole(s, 'baseline')),
          target: number(data, fieldWithRole(s, 'target')),
          latest: latestValue !== undefined && latestPeriod ? { value: latestValue, period: latestPeriod } : undefined,
          result: clean(prose(s, data, false)),
          headline,
        }),
      ];
    });
  }
  if (chosen.includes('factors')) {
    story.factors = records('pir-factors').flatMap(({ at: { section: s }, data }) => {
      const kindField = fieldWithRole(s, 'factor-kind');
      const domainField = fieldWithRole(s, 'cfir-domain');
      const kind = optionMeaning(kindField, kindField && data[kindField.id]);
      const domain = optionMeaning(domainField, domainField && data[domainField.id]);
      const words = clean(prose(s, data, true));
      if ((kind !== 'barrier' && kind !== 'facilitator') || !cfirDomainIds.includes(domain as CfirDomain) || !words) return [];
      return [{ kind, domain: domain as CfirDomain, text: words }];
    });
  }
  if (chosen.includes('sustainability')) {
    const sustainability = records('pir-sustainability').map(({ at: { section: s }, data }) =>
      dropUndefined({ funding: clean(text(data, fieldWithRole(s, 'funding'))), policy: clean(text(data, fieldWithRole(s, 'policy'))), note: clean(prose(s, data, true)) }),
    )[0];
    if (sustainability && Object.keys(sustainability).length > 0) story.sustainability = sustainability;
  }
  if (chosen.includes('lessons')) story.lessons = records('pir-lessons').flatMap(({ at, data }) => clean(prose(at.section, data, true)) ?? []);

  const to = report.approvedAt.slice(0, 10);
  const from = (await startOf(db, transfer)) ?? to;
  const practiceTitle = practice?.title ?? transfer.practiceId;
  const orgName = organisation.name;
  const regionId = organisation.regionId ?? undefined;
  const country = regionId ? forms.regions?.[regionId]?.country : undefined;
  const features = (story.coreFeatures as AdoptionStory['coreFeatures'] | undefined) ?? [];
  const count = (d: string) => features.filter((f) => f.decision === d).length;
  const decisions = features.length ? ` It kept ${count('keep')} of the practice's core features as they are, adapted ${count('adapt')} and dropped ${count('drop')}.` : '';
  const title = `${orgName} adopted ${practiceTitle.replace(/^The /, 'the ')}`;
  const summary = `${title} between ${monthYear(from)} and ${monthYear(to)}.${decisions}`;
  const candidate = {
    id: `${slug(orgName)}-${transfer.practiceId}-${randomBytes(2).toString('hex')}`,
    practice: transfer.practiceId,
    title: title.length > 200 ? `${title.slice(0, 199)}…` : title,
    summary: summary.length > 400 ? `${summary.slice(0, 399)}…` : summary,
    organisation: { name: orgName, isDemo: organisation.isDemo },
    ...(country ? { country, region: regionId } : {}),
    period: { from: from > to ? to : from, to },
    parts: chosen,
    ...story,
    source: { reportVersion: report.number, approvedAt: new Date(report.approvedAt).toISOString() },
    publishedAt: now.toISOString(),
  };
  const parsed = adoptionStorySchema.safeParse(candidate);
  if (!parsed.success) return { ok: false, reason: 'invalid-story', message: t('stories:compose.invalid', { issues: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }) };
  return { ok: true, story: parsed.data };
}

/**
 * When the adoption started, as a day: the transfer's creation, or its first submission for review if that came
 * earlier (a transfer whose history was brought in from before it was opened here).
 */
async function startOf(db: Db | Tx, transfer: { id: string; createdAt: string }): Promise<string | undefined> {
  const earliest = await first(db.select({ at: schema.submission.submittedAt }).from(schema.submission).where(eq(schema.submission.transferId, transfer.id)).orderBy(asc(schema.submission.submittedAt)).limit(1));
  const days = [transfer.createdAt, earliest?.at].filter((d): d is string => !!d).map((d) => d.slice(0, 10));
  return days.sort()[0];
}
