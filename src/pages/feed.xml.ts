/** RSS feed of study visits and events, and of good practices as they are reviewed. */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { useStrings } from '../i18n/ui';
import { getPractices, getVisits } from '../lib/public/content';
import { paths } from '../lib/public/paths';

export const GET: APIRoute = async ({ site }) => {
  const t = useStrings();
  const visits = (await getVisits()).map((v) => ({
    title: v.data.title,
    description: v.data.summary,
    pubDate: v.data.when.start,
    link: paths.visit(v.id),
    categories: [t.labels.visitKind[v.data.kind]],
  }));
  const practices = (await getPractices()).map((p) => ({
    title: p.data.title,
    description: p.data.summary,
    pubDate: p.data.lastReviewed,
    link: paths.practice(p.id),
    categories: [t.labels.type.practice],
  }));
  return rss({
    title: t.feed.title,
    description: t.site.tagline,
    site: site!,
    items: [...visits, ...practices].sort((a, b) => b.pubDate.getTime() - a.pubDate.getTime()),
  });
};
