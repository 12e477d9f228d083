/**
 * Which built pages search engines are told about. The sitemap integration sees every route without parameters,
 * on-demand ones included (the workspace, administration, sign-in), so the private ones are named here; the
 * built-site test checks that each URL left in the sitemap is a prerendered public page.
 */
export const privatePrefixes = ['/admin/', '/workspace/', '/sign-in/', '/sign-out/', '/forgot-password/', '/reset-password/', '/invitations/', '/forbidden/', '/404/', '/500/'] as const;

/** Paths robots.txt asks crawlers to stay out of: the signed-in halves of the portal. */
export const disallowedPrefixes = ['/admin/', '/workspace/'] as const;

export function isPublicPage(url: string): boolean {
  const path = new URL(url, 'http://x').pathname.replace(/\/?$/, '/');
  return !privatePrefixes.some((prefix) => path.startsWith(prefix));
}

export function robotsTxt(site: URL): string {
  return ['User-agent: *', ...disallowedPrefixes.map((p) => `Disallow: ${p}`), '', `Sitemap: ${new URL('/sitemap-index.xml', site).href}`, ''].join('\n');
}
