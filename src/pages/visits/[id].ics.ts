import type { APIRoute, GetStaticPaths } from 'astro';
import { buildVisitCalendar, hasCalendar } from '../../lib/public/calendar';
import { getVisits } from '../../lib/public/content';
import { paths } from '../../lib/public/paths';

export const getStaticPaths = (async () =>
  (await getVisits()).filter((v) => hasCalendar(v.data)).map((visit) => ({ params: { id: visit.id }, props: { visit } }))) satisfies GetStaticPaths;

export const GET: APIRoute = ({ props, site }) => {
  const { visit } = props as Awaited<ReturnType<typeof getStaticPaths>>[number]['props'];
  const body = buildVisitCalendar(visit.id, visit.data, new URL(paths.visit(visit.id), site).href);
  return new Response(body, { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
};
