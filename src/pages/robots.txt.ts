import type { APIRoute } from 'astro';
import { robotsTxt } from '../lib/public/indexable';

/** Written at build time from `site` (PUBLIC_SITE_URL), since robots.txt must give the sitemap's absolute URL. */
export const GET: APIRoute = ({ site }) => new Response(robotsTxt(site!), { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
