/**
 * The good practices and templates as the workspace needs them, read from the content collections. Content is
 * fixed for the life of a build, so each is read once per process and kept.
 */
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import type { Template } from '../../../schemas/template.ts';
import { currentLocale } from '../../../i18n/index.ts';
import { localizeTemplate, templateTranslationProblems } from '../templates/localize.ts';
import { createTemplateRegistry } from '../templates/registry.ts';
import { templatePagePattern } from './page-data.ts';
import { workspaceForms } from './workspace-forms.ts';

const memo = new Map<string, Promise<unknown>>();
function once<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!memo.has(key)) memo.set(key, load());
  return memo.get(key) as Promise<T>;
}

export function practiceChoices() {
  return once('practices', async () =>
    (await getCollection('practices'))
      .map((p) => ({ id: p.id, title: p.data.title, featureIds: p.data.coreFeatures.map((f) => f.id), features: p.data.coreFeatures.map((f) => ({ id: f.id, name: f.name })) }))
      .sort((a, b) => a.title.localeCompare(b.title)),
  );
}

export function getPractice(id: string) {
  return once(`practice:${id}`, async () => (await getEntry('practices', id)) ?? null);
}

/**
 * A transfer's practice as its pages and downloads name it: the title, and the core features it asks the team to
 * decide on. A practice file removed since the transfer opened leaves its id as the title and no features, so an
 * old transfer still opens, prints and exports.
 */
export async function transferPractice(transfer: { practiceId: string }) {
  const practice = await getPractice(transfer.practiceId);
  return { title: practice?.data.title ?? transfer.practiceId, features: practice?.data.coreFeatures ?? [] };
}

/** Each region profile's country, by region id (an organisation's `regionId`). */
export function regionCountries() {
  return once('region-countries', async () => (await getCollection('regions')).map((r) => ({ id: r.id, country: r.data.country })));
}

/**
 * The forms as the adoption story reads them (src/lib/server/stories/compose.ts): the same data as the built
 * /data/workspace-forms.json, made from the collections in a page.
 */
export function storyForms() {
  // In English: what the story is composed from is published, whoever's request composes it.
  return once('story-forms', async () => workspaceForms(await templateRegistry('en'), await practiceChoices(), await regionCountries()));
}

/**
 * The template registry (roles, sections by key) of every template file, in the language of the request (or
 * `locale`): labels, help, guiding questions and rubric read in it where a translation exists, ids and options stay
 * canonical (src/lib/server/templates/localize.ts). Read once per language.
 */
export function templateRegistry(locale: string = currentLocale()) {
  return once(`template-registry:${locale}`, async () => {
    const translations = await templateTranslations();
    return createTemplateRegistry((await getCollection('templates')).map((t) => ({ id: t.id, data: localizeTemplate(t.data, locale, translations.get(`${t.id}.${locale}`)) })));
  });
}

/**
 * The template translations (content/templates/<id>.<locale>.mdx), by "<id>.<locale>". One that no longer matches its
 * template's structure is left out, and said so in the log: tests/unit/template-translations.test.ts fails on it.
 */
export function templateTranslations() {
  return once('template-translations', async () => {
    const originals = new Map((await getCollection('templates')).map((t) => [t.id, t.data]));
    const found = new Map<string, unknown>();
    for (const entry of await getCollection('translations')) {
      if (!entry.id.startsWith('templates/')) continue;
      const id = entry.id.slice('templates/'.length);
      const original = originals.get(id.slice(0, id.lastIndexOf('.')));
      const problems = original ? templateTranslationProblems(original, entry.data) : ['no such template'];
      if (problems.length > 0) console.warn(`Template translation ${entry.id} is not used: ${problems.join('; ')}`);
      else found.set(id, entry.data);
    }
    return found;
  });
}

/**
 * A template's content entry with its frontmatter in `locale` (as the workspace shows it), and the translation
 * entry whose body a page renders instead of the original's, when there is one: for the public template pages.
 */
export async function localizedTemplateEntry<E extends { id: string; data: Template }>(entry: E, locale: string): Promise<E & { translation?: CollectionEntry<'translations'> }> {
  const translation = locale === 'en' ? undefined : await getEntry('translations', `templates/${entry.id}.${locale}`);
  const usable = translation && (await templateTranslations()).has(`${entry.id}.${locale}`) ? translation : undefined;
  return { ...entry, data: localizeTemplate(entry.data, locale, usable?.data), ...(usable ? { translation: usable } : {}) };
}

/** The path pattern of the template pages (transfer id, kind), made once. */
export function templatePages() {
  return once('template-pages', async () => templatePagePattern((await templateRegistry('en')).kinds.map((k) => k.kind)));
}
