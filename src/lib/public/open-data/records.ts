/**
 * Content entries as open-data records (schemas.ts, version 1). Everything is mapped field by field, so that a
 * change to a content schema shows up here as a type error rather than as a silent change to published data.
 * Absent values become null; a visit's or programme's dates are written at the precision the sources give.
 */
import type { AdoptionStory } from '../../../schemas/story.ts';
import type { Practice } from '../../../schemas/practice.ts';
import type { Programme } from '../../../schemas/programme.ts';
import type { Region } from '../../../schemas/region.ts';
import type { Source } from '../../../schemas/source.ts';
import type { Visit } from '../../../schemas/visit.ts';
import { isoDay } from '../dates.ts';
import { paths } from '../paths.ts';
import { spanAtPrecision } from './partial-dates.ts';
import type { RecordOf } from './schemas.ts';

type Entry<T> = { id: string; data: T };
const orNull = <T>(value: T | undefined): T | null => value ?? null;
const absolute = (path: string, site: URL) => new URL(path, site).href;
const ids = (refs: { id: string }[]) => refs.map((r) => r.id);
const links = (resources: Practice['resources'], site: URL) => resources.map((r) => ({ ...r, url: absolute(r.url, site) }));

export function practiceRecord({ id, data }: Entry<Practice>, site: URL): RecordOf<'practices'> {
  return {
    id,
    url: absolute(paths.practice(id), site),
    title: data.title,
    summary: data.summary,
    owner: data.owner,
    region: data.region.id,
    country: data.country,
    programmes: data.programmes.map((p) => p.id),
    themes: data.themes,
    recognition: { label: data.recognition.label, source: data.recognition.source.id },
    evidence: data.evidence ? { level: data.evidence.level, evaluation: data.evidence.evaluation, source: data.evidence.source.id } : null,
    sources: ids(data.sources),
    targetPopulation: data.targetPopulation,
    careSettings: data.careSettings,
    coreFeatures: data.coreFeatures.map((f) => ({
      id: f.id,
      name: f.name,
      description: f.description,
      kind: f.kind,
      prerequisites: f.prerequisites,
      requiredMaturity: f.requiredMaturity,
    })),
    coreFeaturesNote: orNull(data.coreFeaturesNote),
    resourcesNeeded: data.resourcesNeeded,
    outcomes: data.outcomes.map((o) => ({ indicator: o.indicator, baseline: orNull(o.baseline), result: o.result, source: o.source })),
    evaluation: data.evaluation
      ? { framework: orNull(data.evaluation.framework), evaluator: orNull(data.evaluation.evaluator), mastDomains: data.evaluation.mastDomains, summary: orNull(data.evaluation.summary) }
      : null,
    transferability: data.transferability,
    lessons: data.lessons,
    contacts: data.contacts.map((c) => ({ role: c.role, organisation: c.organisation, url: orNull(c.url) })),
    resources: links(data.resources, site),
    languages: data.languages,
    period: orNull(data.period),
    lastReviewed: isoDay(data.lastReviewed),
  };
}

export function adoptionRecord(story: AdoptionStory, site: URL): RecordOf<'adoptions'> {
  return {
    id: story.id,
    url: absolute(paths.adoption(story.id), site),
    practice: story.practice,
    title: story.title,
    summary: story.summary,
    organisation: { name: story.organisation.name, isDemo: story.organisation.isDemo },
    country: orNull(story.country),
    region: orNull(story.region),
    period: { from: story.period.from, to: story.period.to },
    parts: story.parts,
    context: orNull(story.context),
    coreFeatures: story.coreFeatures.map((f) => ({ feature: f.feature, name: f.name, decision: f.decision, how: orNull(f.how), effect: orNull(f.effect) })),
    results: story.results.map((r) => ({
      title: r.title,
      kind: r.kind,
      unit: orNull(r.unit),
      baseline: orNull(r.baseline),
      target: orNull(r.target),
      latest: r.latest ? { value: r.latest.value, period: r.latest.period } : null,
      result: orNull(r.result),
      headline: r.headline,
    })),
    factors: story.factors.map((f) => ({ kind: f.kind, domain: f.domain, text: f.text })),
    sustainability: story.sustainability
      ? { funding: orNull(story.sustainability.funding), policy: orNull(story.sustainability.policy), note: orNull(story.sustainability.note) }
      : null,
    lessons: story.lessons,
    reportVersion: story.source.reportVersion,
    reportApprovedAt: story.source.approvedAt,
    publishedAt: story.publishedAt,
  };
}

const visitFormats = ['on-site', 'online', 'hybrid'] as const;
type VisitFormat = (typeof visitFormats)[number];

/** The format only when the sources give one (a value outside the three is how content says "not published"). */
export function publishedFormat(visit: Pick<Visit, 'format'>): VisitFormat | null {
  const format: unknown = visit.format;
  return visitFormats.includes(format as VisitFormat) ? (format as VisitFormat) : null;
}

/** A visit's dates at their precision (see spanAtPrecision); times only when the sources give them. */
export function visitWhen(when: Visit['when']): RecordOf<'visits'>['when'] {
  return {
    precision: when.precision,
    ...spanAtPrecision(when.start, when.end, when.precision),
    startTime: orNull(when.startTime),
    endTime: orNull(when.endTime),
    timeZone: when.startTime ? when.timeZone : null,
  };
}

export function visitRecord({ id, data }: Entry<Visit>, site: URL): RecordOf<'visits'> {
  return {
    id,
    url: absolute(paths.visit(id), site),
    title: data.title,
    summary: data.summary,
    kind: data.kind,
    host: data.host,
    practices: data.practices.map((p) => p.id),
    programme: data.programme?.id ?? null,
    country: orNull(data.country),
    when: visitWhen(data.when),
    format: publishedFormat(data),
    sources: ids(data.sources),
    location: orNull(data.location),
    learningObjectives: data.learningObjectives,
    agenda: data.agenda.map((a) => ({ time: orNull(a.time), topic: a.topic, presenter: orNull(a.presenter) })),
    cases: data.cases,
    materials: links(data.materials, site),
    followUp: orNull(data.followUp),
  };
}

export function programmeRecord({ id, data }: Entry<Programme>, site: URL): RecordOf<'programmes'> {
  const { period, funding } = data;
  return {
    id,
    url: absolute(paths.programme(id), site),
    title: data.title,
    acronym: data.acronym,
    summary: data.summary,
    period: { label: period.label, precision: period.precision, ...spanAtPrecision(period.start, period.end, period.precision) },
    funding: { funder: funding.funder, instrument: orNull(funding.instrument), amount: funding.amount ? { ...funding.amount } : null, reference: orNull(funding.reference) },
    coordinator: orNull(data.coordinator),
    partnership: orNull(data.partnership),
    partnerCount: orNull(data.partnerCount),
    countryCount: orNull(data.countryCount),
    countries: data.countries,
    countriesListed: orNull(data.countriesListed),
    partners: data.partners.map((p) => ({ name: p.name, country: orNull(p.country), role: orNull(p.role) })),
    workPackages: data.workPackages.map((w) => ({ code: w.code, title: w.title, lead: orNull(w.lead), summary: orNull(w.summary) })),
    resources: links(data.resources, site),
    sources: ids(data.sources),
  };
}

export function regionRecord({ id, data }: Entry<Region>, site: URL): RecordOf<'regions'> {
  return {
    id,
    url: absolute(paths.region(id), site),
    name: data.name,
    country: data.country,
    summary: data.summary,
    role: data.role,
    facts: data.facts.map((f) => ({ label: f.label, value: f.value, source: f.source })),
    sectors: data.sectors.map((s) => ({ name: s.name, role: s.role })),
    organisations: data.organisations.map((o) => ({ name: o.name, role: o.role })),
    resources: links(data.resources, site),
    sources: ids(data.sources),
  };
}

export function sourceRecord({ id, data }: Entry<Source>, site: URL): RecordOf<'sources'> {
  return {
    id,
    url: absolute(paths.source(id), site),
    title: data.title,
    publisher: data.publisher,
    kind: data.kind,
    documentUrl: orNull(data.url),
    covers: data.covers,
    caveat: orNull(data.caveat),
  };
}
