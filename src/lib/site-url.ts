/**
 * The portal's public address, read once by the build (Astro's `site`: canonical links, sitemap, robots.txt, feed,
 * calendar files, worksheets, Open Graph) and by the server (links in e-mails, the Origin check). PUBLIC_SITE_URL
 * when set; otherwise where `npm start` will listen, from the same HOST and PORT the server reads, so a build made
 * for `PORT=8080 npm start` does not point at port 4321.
 */
export function siteUrl(env: Record<string, string | undefined> = process.env): string {
  return env.PUBLIC_SITE_URL || `http://${env.HOST || 'localhost'}:${env.PORT || 4321}`;
}
