import type { APIRoute, GetStaticPaths } from 'astro';
import { getTemplates } from '../../lib/public/content';
import { paths } from '../../lib/public/paths';
import { buildWorksheet } from '../../lib/public/worksheet';

export const getStaticPaths = (async () => (await getTemplates()).map((template) => ({ params: { id: template.id }, props: { template } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) => {
  const { template } = props as Awaited<ReturnType<typeof getStaticPaths>>[number]['props'];
  return new Response(buildWorksheet(template.data, new URL(paths.template(template.id), site).href), {
    headers: { 'Content-Type': 'text/markdown; charset=utf-8' },
  });
};
