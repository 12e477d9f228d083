/** The open data, version 1: every file is written at build time from the content collections (see src/lib/public/open-data/). */
import type { APIRoute, GetStaticPaths } from 'astro';
import { openDataFile, openDataFileNames } from '../../../lib/public/open-data/files';

export const getStaticPaths = (() => openDataFileNames().map((file) => ({ params: { file } }))) satisfies GetStaticPaths;

export const GET: APIRoute = async ({ params, site }) => {
  const { body, type } = await openDataFile(params.file!, site!);
  return new Response(body, { headers: { 'Content-Type': type } });
};
