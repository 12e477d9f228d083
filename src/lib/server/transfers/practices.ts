/** The good practices as the workspace needs them, read from the content collections at request time. */
import { getCollection, getEntry } from 'astro:content';

export async function practiceChoices() {
  return (await getCollection('practices')).map((p) => ({ id: p.id, title: p.data.title, featureIds: p.data.coreFeatures.map((f) => f.id) })).sort((a, b) => a.title.localeCompare(b.title));
}

export async function getPractice(id: string) {
  return getEntry('practices', id);
}

export async function getTemplateByContentId(id: string) {
  const entry = await getEntry('templates', id);
  if (!entry) throw new Error(`Template content/templates/${id}.mdx is missing`);
  return entry.data;
}
