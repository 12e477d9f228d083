/**
 * The good practices and templates as the workspace needs them, read from the content collections. Content is
 * fixed for the life of a build, so each is read once per process and kept.
 */
import { getCollection, getEntry } from 'astro:content';
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
  return once('story-forms', async () => workspaceForms(await templateRegistry(), await practiceChoices(), await regionCountries()));
}

/** The template registry (roles, sections by key) of every template file, read once. */
export function templateRegistry() {
  return once('template-registry', async () => createTemplateRegistry(await getCollection('templates')));
}

/** The path pattern of the template pages (transfer id, kind), made once. */
export function templatePages() {
  return once('template-pages', async () => templatePagePattern((await templateRegistry()).kinds.map((k) => k.kind)));
}
