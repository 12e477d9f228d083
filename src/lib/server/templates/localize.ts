/**
 * A template in the reader's language. A translation is a file beside the template, `<id>.<locale>.mdx`, with the
 * original's frontmatter, its prose translated (src/schemas/translation.ts); here its texts are laid over the
 * canonical template by position: sections, fields, quadrants, dimensions and rubric criteria by id, guiding
 * questions, options and `basedOn` lines by index. Everything code reads stays canonical: ids, roles, kinds, orders,
 * stages and the options themselves, which are what records store (and what `meanings`, `statusMeaning` and
 * `directionMeaning` name, in a translation too). What an option reads is added beside them, as `optionLabels`.
 *
 * Pure: the translation comes from the content collections (src/lib/server/transfers/practices.ts) or from a test.
 */
import { defaultLocale, pseudoLocale } from '../../../i18n/locales.ts';
import { pseudoString } from '../../../i18n/pseudo.ts';
import type { Template } from '../../../schemas/template.ts';

/** A field as a localized template gives it: its options canonical, and what each reads in the template's language. */
export type OptionLabelled = { options?: string[]; optionLabels?: Record<string, string> };

type Question = { stakeholder?: string; question?: string };
type FieldText = { id?: string; label?: string; help?: string; type?: string; role?: string; options?: string[] };
type SectionText = { id?: string; title?: string; description?: string; guidingQuestions?: Question[]; fields?: FieldText[] };
/** The frontmatter of a template translation, as far as it is read: the prose, and the ids it is matched by. */
export type TemplateText = {
  kind?: string;
  title?: string;
  summary?: string;
  basedOn?: string[];
  workspace?: { title?: string; review?: { stage?: string; title?: string; coreFeatureOptions?: Record<string, string>; rubric?: { id?: string; label?: string }[] } };
  sections?: SectionText[];
  quadrants?: { id?: string; title?: string; description?: string; guidingQuestions?: Question[] }[];
  dimensions?: { id?: string; name?: string; description?: string; lowAnchor?: string; highAnchor?: string }[];
};

/** What a stored option value reads as in the field's language: its translation, or the value itself. */
export function optionLabel(field: OptionLabelled | undefined, value: string): string {
  const labels = field?.optionLabels;
  return labels && Object.hasOwn(labels, value) ? labels[value]! : value;
}

/**
 * The canonical option a submitted value stands for: the value itself when it is one, or the option whose
 * translation it is (a form or an import that sent what it showed). Anything else is returned unchanged, for
 * validation to refuse.
 */
export function canonicalOption(field: OptionLabelled, value: string): string {
  if (!field.optionLabels || field.options?.includes(value)) return value;
  return Object.entries(field.optionLabels).find(([, label]) => label === value)?.[0] ?? value;
}

/**
 * The template in `locale`: English (or any language without a translation) as it is; the pseudo-locale generated
 * from English; any other language from its translation's frontmatter. A translation that does not match the
 * template's structure is not used (tests/unit/template-translations.test.ts fails on it).
 */
export function localizeTemplate<T extends Template>(template: T, locale: string, translation?: unknown): T {
  if (locale === defaultLocale) return template;
  if (locale === pseudoLocale.code) return overlay(template, pseudoTemplateText(template));
  if (!translation || templateTranslationProblems(template, translation).length > 0) return template;
  return overlay(template, translation as TemplateText);
}

/** Lays the translated texts over the template; a text the translation lacks stays English. */
function overlay<T extends Template>(t: T, tr: TemplateText): T {
  const text = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v : fallback);
  const maybe = (v: unknown, fallback: string | undefined) => (fallback === undefined ? undefined : text(v, fallback));
  const byId = <X extends { id?: string }>(list: X[] | undefined, id: string) => list?.find((x) => x.id === id);
  const questions = <Q extends { question: string }>(qs: Q[], trs: Question[] | undefined) => qs.map((q, i) => ({ ...q, question: text(trs?.[i]?.question, q.question) }));
  const review = t.workspace.review;
  const trReview = tr.workspace?.review;
  return {
    ...t,
    title: text(tr.title, t.title),
    summary: text(tr.summary, t.summary),
    basedOn: t.basedOn.map((b, i) => text(tr.basedOn?.[i], b)),
    workspace: {
      ...t.workspace,
      title: text(tr.workspace?.title, t.workspace.title),
      review: review && {
        ...review,
        title: maybe(trReview?.title, review.title),
        coreFeatureOptions: review.coreFeatureOptions && {
          keep: text(trReview?.coreFeatureOptions?.keep, review.coreFeatureOptions.keep),
          adapt: text(trReview?.coreFeatureOptions?.adapt, review.coreFeatureOptions.adapt),
          drop: text(trReview?.coreFeatureOptions?.drop, review.coreFeatureOptions.drop),
        },
        rubric: review.rubric?.map((c) => ({ ...c, label: text(byId(trReview?.rubric, c.id)?.label, c.label) })),
      },
    },
    sections: t.sections.map((s) => {
      const ts = byId(tr.sections, s.id);
      return {
        ...s,
        title: text(ts?.title, s.title),
        description: maybe(ts?.description, s.description),
        guidingQuestions: questions(s.guidingQuestions, ts?.guidingQuestions),
        fields: s.fields.map((f) => {
          const tf = byId(ts?.fields, f.id);
          const labels = f.options && Object.fromEntries(f.options.map((o, i) => [o, text(tf?.options?.[i], o)]));
          return { ...f, label: text(tf?.label, f.label), help: maybe(tf?.help, f.help), ...(labels ? { optionLabels: labels } : {}) };
        }),
      };
    }),
    quadrants: t.quadrants.map((q) => {
      const tq = byId(tr.quadrants, q.id);
      return { ...q, title: text(tq?.title, q.title), description: text(tq?.description, q.description), guidingQuestions: questions(q.guidingQuestions, tq?.guidingQuestions) };
    }),
    dimensions: t.dimensions.map((d) => {
      const td = byId(tr.dimensions, d.id);
      return { ...d, name: text(td?.name, d.name), description: text(td?.description, d.description), lowAnchor: maybe(td?.lowAnchor, d.lowAnchor), highAnchor: maybe(td?.highAnchor, d.highAnchor) };
    }),
  };
}

/** The keys whose string values are prose, wherever they sit in a template (and the lists of prose, by key). */
const proseKeys = new Set(['title', 'summary', 'description', 'label', 'help', 'question', 'name', 'lowAnchor', 'highAnchor']);
const proseLists = new Set(['basedOn', 'options']);

/** The pseudo-locale's "translation" of a template: every prose text accented, nothing else touched. */
export function pseudoTemplateText(template: Template): TemplateText {
  const walk = (value: unknown, key: string, parent: string): unknown => {
    if (typeof value === 'string') return proseKeys.has(key) || proseLists.has(parent) || parent === 'coreFeatureOptions' ? pseudoString(value) : value;
    if (Array.isArray(value)) return value.map((v) => walk(v, '', key));
    if (value && typeof value === 'object' && !(value instanceof Date)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k, key)]));
    return value;
  };
  return walk(template, '', '') as TemplateText;
}

/**
 * How a translation's frontmatter differs in structure from its template: a different kind, sections, fields,
 * quadrants, dimensions or rubric criteria (by id, in order), a different number of guiding questions, options or
 * `basedOn` lines, a question asked of another stakeholder group, a field of another type or role, a prose text
 * missing, two options translated alike, a summary longer than the original may be, or a rubric label cut at an
 * unquoted comma. Empty when the translation can be laid over the template.
 */
export function templateTranslationProblems(template: Template, translation: unknown): string[] {
  const tr = (translation ?? {}) as TemplateText;
  const problems: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${what}: ${JSON.stringify(b)} instead of ${JSON.stringify(a)}`);
  };
  const prose = (what: string, original: string | undefined, translated: unknown) => {
    if (original !== undefined && !(typeof translated === 'string' && translated.trim())) problems.push(`${what}: no translation`);
  };
  const ids = (list: { id?: string }[] | undefined) => (list ?? []).map((x) => x.id);
  const questions = (what: string, qs: { stakeholder?: string; question: string }[], trs: Question[] | undefined) => {
    same(`${what} guiding questions (stakeholders)`, qs.map((q) => q.stakeholder ?? null), (trs ?? []).map((q) => q.stakeholder ?? null));
    qs.forEach((q, i) => trs?.[i] && prose(`${what} guiding question ${i + 1}`, q.question, trs[i]!.question));
  };
  same('kind', template.kind, tr.kind);
  prose('title', template.title, tr.title);
  prose('summary', template.summary, tr.summary);
  // The public pages show the summary where the original's is limited (src/schemas/template.ts).
  if (typeof tr.summary === 'string' && tr.summary.trim().length > 300) problems.push(`summary: ${tr.summary.trim().length} characters, at most 300`);
  same('number of basedOn lines', template.basedOn.length, tr.basedOn?.length ?? 0);
  prose('workspace.title', template.workspace.title, tr.workspace?.title);
  const review = template.workspace.review;
  const trReview = tr.workspace?.review;
  same('workspace.review.stage', review?.stage, trReview?.stage);
  if (review) {
    prose('workspace.review.title', review.title, trReview?.title);
    same('workspace.review.rubric', ids(review.rubric), ids(trReview?.rubric));
    review.rubric?.forEach((c, i) => prose(`rubric criterion ${c.id}`, c.label, trReview?.rubric?.[i]?.label));
    // An unquoted comma in a `{ id, label }` line cuts the label and adds a key named after the rest of it.
    for (const c of trReview?.rubric ?? []) {
      const stray = Object.keys(c).filter((k) => k !== 'id' && k !== 'label');
      if (stray.length > 0) problems.push(`rubric criterion ${c.id}: label cut at a comma (quote it): ${stray.join(', ')}`);
    }
    same('workspace.review.coreFeatureOptions', Object.keys(review.coreFeatureOptions ?? {}), Object.keys(trReview?.coreFeatureOptions ?? {}));
  }
  same('sections', ids(template.sections), ids(tr.sections));
  for (const [si, s] of template.sections.entries()) {
    const ts = tr.sections?.[si];
    if (!ts || ts.id !== s.id) continue;
    prose(`section ${s.id} title`, s.title, ts.title);
    prose(`section ${s.id} description`, s.description, ts.description);
    questions(`section ${s.id}`, s.guidingQuestions, ts.guidingQuestions);
    same(`section ${s.id} fields`, ids(s.fields), ids(ts.fields));
    for (const [fi, f] of s.fields.entries()) {
      const tf = ts.fields?.[fi];
      if (!tf || tf.id !== f.id) continue;
      const where = `field ${s.id}.${f.id}`;
      same(`${where} type`, f.type, tf.type);
      same(`${where} role`, f.role ?? null, tf.role ?? null);
      prose(`${where} label`, f.label, tf.label);
      prose(`${where} help`, f.help, tf.help);
      same(`${where} number of options`, f.options?.length ?? 0, tf.options?.length ?? 0);
      f.options?.forEach((o, i) => prose(`${where} option "${o}"`, o, tf.options?.[i]));
      if (tf.options && new Set(tf.options).size !== tf.options.length) problems.push(`${where}: two options are translated alike`);
    }
  }
  same('quadrants', ids(template.quadrants), ids(tr.quadrants));
  for (const [qi, q] of template.quadrants.entries()) {
    const tq = tr.quadrants?.[qi];
    if (!tq || tq.id !== q.id) continue;
    prose(`quadrant ${q.id} title`, q.title, tq.title);
    prose(`quadrant ${q.id} description`, q.description, tq.description);
    questions(`quadrant ${q.id}`, q.guidingQuestions, tq.guidingQuestions);
  }
  same('dimensions', ids(template.dimensions), ids(tr.dimensions));
  for (const [di, d] of template.dimensions.entries()) {
    const td = tr.dimensions?.[di];
    if (!td || td.id !== d.id) continue;
    prose(`dimension ${d.id} name`, d.name, td.name);
    prose(`dimension ${d.id} description`, d.description, td.description);
    prose(`dimension ${d.id} lowAnchor`, d.lowAnchor, td.lowAnchor);
    prose(`dimension ${d.id} highAnchor`, d.highAnchor, td.highAnchor);
  }
  return problems;
}
