/**
 * Content in the reader's language. A translation is a file beside its original, `content/<folder>/<id>.<locale>.mdx`
 * (src/schemas/translation.ts), an entry of the one `translations` collection. Its frontmatter must be valid by its
 * folder's schema, like the original's: the first lookup checks every translation and fails the build naming the
 * file and field, so a broken translation never reaches a page (nor waits for the one language a build leaves out).
 *
 * `localize(entry)` gives the entry as a page in the current language shows it: the translation's data when one
 * exists, else the original's; `lang` says which language the content is in, `translation` how it was translated
 * (absent for the original), and `renderable` is the entry whose body `render()` shows.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import type { z } from 'astro/zod';
import { currentLocale, defaultLocale } from '../../i18n/index.ts';
import { configuredLocales } from '../../i18n/locales.ts';
import { practiceSchema } from '../../schemas/practice';
import { programmeSchema } from '../../schemas/programme';
import { regionSchema } from '../../schemas/region';
import { sourceSchema } from '../../schemas/source';
import { templateSchema, type Template } from '../../schemas/template';
import { localizeTemplate, templateTranslationProblems } from '../server/templates/localize.ts';
import { translationSchema, type Translation } from '../../schemas/translation';
import { visitSchema } from '../../schemas/visit';

/** The folders whose entries may be translated, each with the schema its translations must pass. */
export const translatableSchemas = {
  practices: practiceSchema,
  visits: visitSchema,
  templates: templateSchema,
  programmes: programmeSchema,
  regions: regionSchema,
  sources: sourceSchema,
} as const;
export type TranslatableCollection = keyof typeof translatableSchemas;

/** The language the original content is written in. */
export const originalLanguage = defaultLocale;

type TranslationEntry = CollectionEntry<'translations'>;
type Found = { entry: TranslationEntry; data: unknown; translation: Translation };

/** Every problem of one translation file, for a build failure that says where to look. */
export function translationProblems(folder: string, id: string, data: Record<string, unknown>, original?: unknown): { data?: unknown; translation?: Translation; problems: string[] } {
  const problems: string[] = [];
  const file = `content/${folder}/${id}.mdx`;
  const dot = id.lastIndexOf('.');
  const [of, locale] = [id.slice(0, dot), id.slice(dot + 1)];
  const schema = translatableSchemas[folder as TranslatableCollection];
  if (!schema) return { problems: [`${file}: content/${folder}/ has no translatable entries (translatable: ${Object.keys(translatableSchemas).join(', ')})`] };
  const block = translationSchema.unwrap().safeParse(data.translation);
  if (!block.success) problems.push(...block.error.issues.map((i) => `${file}: translation.${i.path.join('.')}: ${i.message}`));
  else {
    if (block.data.of !== of) problems.push(`${file}: translation.of is "${block.data.of}", but the file name says it translates "${of}"`);
    if (block.data.locale !== locale) problems.push(`${file}: translation.locale is "${block.data.locale}", but the file name says "${locale}"`);
  }
  if (locale === defaultLocale || !configuredLocales.some((l) => l.code === locale)) problems.push(`${file}: "${locale}" is not a language of the portal (src/i18n/locales.ts)`);
  if (folder === 'templates') {
    // A template's translation names its options in its own language while `meanings` keep the stored English ones,
    // which the schema would refuse: it is checked against its original's structure instead, and laid over it (the
    // workspace does the same, src/lib/server/templates/localize.ts).
    if (!original) return { problems: [...problems, `${file}: no template "${of}" to translate`] };
    problems.push(...templateTranslationProblems(original as Template, data).map((p) => `${file}: ${p}`));
    return { data: problems.length ? undefined : localizeTemplate(original as Template, locale, data), translation: block.success ? block.data : undefined, problems };
  }
  const parsed = (schema as z.ZodType).safeParse(data);
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => `${file}: ${i.path.join('.') || '(frontmatter)'}: ${i.message}`));
  return { data: parsed.success ? parsed.data : undefined, translation: block.success ? block.data : undefined, problems };
}

let loaded: Promise<Map<string, Found>> | undefined;
/** Every translation, checked, by `<folder>/<id>.<locale>`; throws (fails the build) listing every invalid one. */
export function allTranslations(): Promise<Map<string, Found>> {
  loaded ??= (async () => {
    const byKey = new Map<string, Found>();
    const problems: string[] = [];
    const templates = new Map((await getCollection('templates')).map((t) => [t.id, t.data]));
    for (const entry of await getCollection('translations')) {
      const slash = entry.id.indexOf('/');
      const [folder, id] = [entry.id.slice(0, slash), entry.id.slice(slash + 1)];
      const checked = translationProblems(folder, id, entry.data as Record<string, unknown>, folder === 'templates' ? templates.get(id.slice(0, id.lastIndexOf('.'))) : undefined);
      problems.push(...checked.problems);
      if (checked.problems.length === 0) byKey.set(entry.id, { entry, data: checked.data, translation: checked.translation! });
    }
    if (problems.length > 0) throw new Error(`Invalid content translation${problems.length > 1 ? 's' : ''}:\n${problems.join('\n')}`);
    return byKey;
  })();
  return loaded;
}

/** How the content a page shows relates to the page's language. */
export type ContentLanguage = {
  /** The language the content is written in (BCP 47). */
  lang: string;
  /** Absent for the original; else who translated it and whether a person checked it. */
  translation?: Translation;
  /** The entry whose body `render()` shows: the translation's, or the original's. */
  renderable: CollectionEntry<TranslatableCollection> | TranslationEntry;
};
export type Localized<C extends TranslatableCollection> = CollectionEntry<C> & ContentLanguage;

/** `entry` as a page in `locale` (the current language) shows it. */
export async function localize<E extends CollectionEntry<TranslatableCollection>>(entry: E, locale = currentLocale()): Promise<E & ContentLanguage> {
  const found = locale === originalLanguage ? undefined : (await allTranslations()).get(`${entry.collection}/${entry.id}.${locale}`);
  if (!found) return { ...entry, lang: originalLanguage, renderable: entry };
  return { ...entry, data: found.data as E['data'], lang: locale, translation: found.translation, renderable: found.entry } as unknown as E & ContentLanguage;
}

export const localizeAll = <E extends CollectionEntry<TranslatableCollection>>(entries: E[], locale = currentLocale()) => Promise.all(entries.map((e) => localize(e, locale)));

/**
 * The `lang` attribute for an element holding content: its language when the page is in another one, else nothing
 * (the page's own `lang` says it).
 */
export const contentLang = (content: { lang: string } | string, locale = currentLocale()) => {
  const lang = typeof content === 'string' ? content : content.lang;
  return lang === locale ? undefined : lang;
};

/** What the notice on a page says about its content: original, translated (by whom, reviewed or not), or not translated. */
export type ContentStatus = 'original' | 'human' | 'machine-reviewed' | 'machine' | 'untranslated';
export function contentStatus(content: { lang: string; translation?: Translation }, locale = currentLocale()): ContentStatus {
  if (content.translation) return content.translation.by === 'human' ? 'human' : content.translation.reviewed ? 'machine-reviewed' : 'machine';
  return content.lang === locale ? 'original' : 'untranslated';
}
