import type { APIRoute, GetStaticPaths } from 'astro';
import { getTemplates } from '../../lib/public/content';
import { paths } from '../../lib/public/paths';
import { buildWorksheetDocx } from '../../lib/public/worksheet-docx';

export const getStaticPaths = (async () => (await getTemplates()).map((template) => ({ params: { id: template.id }, props: { template } }))) satisfies GetStaticPaths;

/** The template as a Word worksheet, written to the static site at build time like the Markdown one. */
export const GET: APIRoute = async ({ props, site }) => {
  const { template } = props as Awaited<ReturnType<typeof getStaticPaths>>[number]['props'];
  return new Response(new Uint8Array(await buildWorksheetDocx(template.data, new URL(paths.template(template.id), site).href)), {
    headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' },
  });
};
