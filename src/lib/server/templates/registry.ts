/**
 * The templates as code asks about them: "the actions section", "the end date of an action", "which statuses mean
 * done". Every answer comes from the roles the template files declare (content/templates/*.mdx, schema in
 * src/schemas/template.ts), so no code names a template's section id, field id or option label, and renaming one
 * in a template file changes nothing else.
 *
 * Pure: it is built from parsed templates, wherever they come from (the content collections in pages, see
 * `templateRegistry` in ../transfers/practices.ts; the frontmatter itself in tests).
 */
import type { FieldRole, SectionRole, StatusMeaning, Template } from '../../../schemas/template.ts';

export type TemplateKind = Template['kind'];
export type Section = Template['sections'][number];
export type Field = Section['fields'][number];

/** The key of a section across templates, "<template kind>/<section id>", as `linksTo` names it. */
export const sectionKey = (kind: string, sectionId: string) => `${kind}/${sectionId}`;

/** The special link target that is not a section: the core features of the transfer's practice. */
export const coreFeatures = 'core-features';

/** A section found by role, with the template kind its records are stored under. */
export type SectionRef = { kind: TemplateKind; key: string; section: Section };

export type TemplateRegistry = {
  /** The templates by kind. */
  templates: ReadonlyMap<TemplateKind, Template>;
  /** Every section of every template, by "<template kind>/<section id>". */
  sections: ReadonlyMap<string, Section>;
  /** The section that has a role, or undefined when no template declares it. */
  sectionWithRole(role: SectionRole): SectionRef | undefined;
  /** The same, for code that cannot work without it: throws, naming the role. */
  requireSection(role: SectionRole): SectionRef;
};

/** The field of a section that has a role, if any. */
export function fieldWithRole(section: Section, role: FieldRole): Field | undefined {
  return section.fields.find((f) => f.role === role);
}

/** The field of a section that links to a target ("<kind>/<section>" or "core-features"), if any. */
export function fieldLinkingTo(section: Section, target: string): Field | undefined {
  return section.fields.find((f) => f.linksTo === target);
}

/** A status field's options by meaning: those not named done or cancelled are open unless `open` is listed. */
export function statusOptions(field: Field): Record<StatusMeaning, string[]> {
  const meaning = field.statusMeaning;
  const done = meaning?.done ?? [];
  const cancelled = meaning?.cancelled ?? [];
  const open = meaning?.open ?? (field.options ?? []).filter((o) => !done.includes(o) && !cancelled.includes(o));
  return { open, done, cancelled };
}

/** The options that mean a record is finished one way or another: done or cancelled. */
export function closedOptions(field: Field): string[] {
  const { done, cancelled } = statusOptions(field);
  return [...done, ...cancelled];
}

/**
 * The SQLite JSON path of a field's value, `$."<field id>"`. Field ids are local ids (lower-case words joined by
 * hyphens, checked by the template schema); anything else is refused here rather than quoted, so a path can never
 * carry more than one key.
 */
export function jsonPath(fieldId: string): string {
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(fieldId)) throw new Error(`Not a field id: ${JSON.stringify(fieldId)}`);
  return `$."${fieldId}"`;
}

/** The link targets a section's fields name, each once, in field order. */
export function linkTargetsOf(section: Section): string[] {
  return [...new Set(section.fields.flatMap((f) => (f.linksTo ? [f.linksTo] : [])))];
}

/**
 * The registry of a set of templates, one per kind. Checks what one file's schema cannot: a section role is given
 * once across all templates, and every `linksTo` names a section that exists (or the core features).
 */
export function createTemplateRegistry(templates: Iterable<Template>): TemplateRegistry {
  const byKind = new Map<TemplateKind, Template>();
  const sections = new Map<string, Section>();
  const byRole = new Map<SectionRole, SectionRef>();
  for (const t of templates) {
    if (byKind.has(t.kind)) throw new Error(`Two templates drive the "${t.kind}" form`);
    byKind.set(t.kind, t);
    for (const s of t.sections) {
      const key = sectionKey(t.kind, s.id);
      sections.set(key, s);
      if (!s.role) continue;
      const other = byRole.get(s.role);
      if (other) throw new Error(`Section role "${s.role}" is given to both ${other.key} and ${key}`);
      byRole.set(s.role, { kind: t.kind, key, section: s });
    }
  }
  for (const [key, s] of sections)
    for (const f of s.fields)
      if (f.linksTo && f.linksTo !== coreFeatures && !sections.has(f.linksTo)) throw new Error(`${key}.${f.id} links to ${f.linksTo}, which no template has`);
  return {
    templates: byKind,
    sections,
    sectionWithRole: (role) => byRole.get(role),
    requireSection(role) {
      const found = byRole.get(role);
      if (!found) throw new Error(`No template has a section with role "${role}"`);
      return found;
    },
  };
}

/** Every link target any of the sections names, each once. */
export function linkTargetsOfAll(sections: Iterable<Section>): string[] {
  return [...new Set([...sections].flatMap(linkTargetsOf))];
}

/**
 * What each link target offers, from a transfer's records: for a "<kind>/<section>" target the records of that
 * section, for "core-features" the practice's features, each turned into what the caller needs (an id for the
 * check of a save, an id and a label for a form). The one place link targets are worked out: the form's choices
 * and the ids a save accepts cannot differ.
 */
export function groupLinkTargets<E extends { template: string; section: string }, F, T>(
  targets: Iterable<string>,
  entries: readonly E[],
  features: readonly F[],
  ofEntry: (entry: E, target: string) => T,
  ofFeature: (feature: F) => T,
): Record<string, T[]> {
  const result: Record<string, T[]> = {};
  for (const target of targets) result[target] = target === coreFeatures ? features.map(ofFeature) : [];
  for (const e of entries) {
    const key = sectionKey(e.template, e.section);
    if (key !== coreFeatures && result[key]) result[key].push(ofEntry(e, key));
  }
  return result;
}
