/** RSS feed of study visits and events, of good practices as they are reviewed, and of adoption stories as they are published. */
import rss from '@astrojs/rss';
import type { APIRoute } from 'astro';
import { useStrings } from '../i18n/ui';
import { getPractices, getStories, getVisits } from '../lib/public/content';
import { feedDateOf } from '../lib/public/dates';
import { paths } from '../lib/public/paths';

export const GET: APIRoute = async ({ site }) => {
  const t = useStrings();
  const visits = (await getVisits()).map((v) => ({
    title: v.data.title,
    description: v.data.summary,
    // Only a visit a source dates to the day gets a pubDate: RSS dates are full days, and turning a month or a
    // half-year into one would invent it. Undated items stay in the feed, listed after the dated ones.
    pubDate: feedDateOf(v.data.when),
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
  const stories = (await getStories()).map((s) => ({
    title: s.title,
    // Invented demo data says so wherever the story appears, a feed reader included.
    description: s.organisation.isDemo ? `${t.stories.demo}. ${s.summary}` : s.summary,
    pubDate: new Date(s.publishedAt),
    link: paths.adoption(s.id),
    categories: [t.labels.type.story],
  }));
  return rss({
    title: t.feed.title,
    description: t.site.tagline,
    site: site!,
    items: [...visits, ...practices, ...stories].sort((a, b) => (b.pubDate?.getTime() ?? 0) - (a.pubDate?.getTime() ?? 0)),
  });
};
