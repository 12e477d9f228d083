import type { APIRoute } from 'astro';
import { useStrings } from '../../i18n/ui';
import { renderShareCard } from '../../lib/public/share-card';

/** The site-wide share card, for every public page without one of its own. */
export const GET: APIRoute = async ({ site }) => {
  const t = useStrings();
  const png = await renderShareCard({ eyebrow: t.site.name, title: t.site.tagline, lines: [], footer: site!.host });
  return new Response(png, { headers: { 'Content-Type': 'image/png' } });
};
