import type { APIRoute, GetStaticPaths } from 'astro';
import { useStrings } from '../../../i18n/ui';
import { getPractices } from '../../../lib/public/content';
import { renderShareCard } from '../../../lib/public/share-card';

export const getStaticPaths = (async () => (await getPractices()).map((practice) => ({ params: { id: practice.id }, props: { practice } }))) satisfies GetStaticPaths;

/** A good practice's share card: its title, who runs it and where. */
export const GET: APIRoute = async ({ props, site }) => {
  const { practice } = props as Awaited<ReturnType<typeof getStaticPaths>>[number]['props'];
  const t = useStrings();
  const { data } = practice;
  const png = await renderShareCard({ eyebrow: t.labels.type.practice, title: data.title, lines: [data.owner, t.labels.country[data.country]], footer: `${t.site.name} · ${site!.host}` });
  return new Response(png, { headers: { 'Content-Type': 'image/png' } });
};
