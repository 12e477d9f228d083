// @ts-check
import mdx from '@astrojs/mdx';
import node from '@astrojs/node';
import preact from '@astrojs/preact';
import sitemap from '@astrojs/sitemap';
import { defineConfig } from 'astro/config';
import buildStamp from './src/integrations/build-stamp.ts';
import { isPublicPage } from './src/lib/public/indexable.ts';
import { configuredLocales } from './src/i18n/locales.ts';
import { siteUrl } from './src/lib/site-url.ts';
import langMarks from './src/integrations/lang-marks.ts';
import pagefind from './src/integrations/pagefind.ts';
import serverWorkers from './src/integrations/server-workers.ts';

export default defineConfig({
  // Canonical links, sitemap, robots.txt, feed, calendar files, worksheets and Open Graph carry it: PUBLIC_SITE_URL,
  // or http://HOST:PORT as `npm start` will listen (src/lib/site-url.ts).
  site: siteUrl(process.env),
  output: 'static',
  // The publication job's builds keep their cache (content store, dependency cache) apart from dist/'s, so that a
  // `npm run build` while the server rebuilds the site cannot clear or half-write the other's store.
  cacheDir: process.env.PORTAL_BUILD_CACHE_DIR || undefined,
  // Workspace forms are text: refuse bodies over 1 MiB (the adapter's default is 1 GiB; formBodyLimit in
  // src/lib/server/http.ts is the same figure, for the middleware and the direct save path). Middleware mode: our
  // server (src/server/serve.ts) serves the static files and hands each request the one database connection
  // through `locals`, which only this mode's handler accepts. Pages render to one
  // string instead of streaming: a plan page of 300 records streams as thousands of small encoded chunks.
  adapter: node({ mode: 'middleware', bodySizeLimit: 1024 * 1024, experimentalDisableStreaming: true }),
  // The sitemap lists each page's other languages too (xhtml:link alternates), as its head does.
  integrations: [
    mdx(),
    preact(),
    sitemap({ filter: isPublicPage, i18n: { defaultLocale: 'en', locales: Object.fromEntries(configuredLocales.map((l) => [l.code, l.code])) } }),
    langMarks(),
    pagefind(),
    serverWorkers(),
    buildStamp(),
  ],
  trailingSlash: 'ignore',
  build: { format: 'directory' },
  // English lives at the root, other languages under /<code>/: one route file per public page type generates every
  // language (src/pages/[...lang]/, src/lib/public/locale-routes.ts), and the middleware reads the prefix. Astro's own
  // i18n routing is not used for that: it would also act on the workspace, whose language is the person's setting.
  i18n: { defaultLocale: 'en', locales: ['en'], routing: { prefixDefaultLocale: false } },
  security: {
    // Writes are checked against PUBLIC_SITE_URL by our own middleware (src/lib/server/request-context.ts); Astro's
    // check compares with the request's own Host and scheme, which a TLS-terminating proxy changes.
    checkOrigin: false,
    // Hashes every script and style Astro emits. Pagefind's search runs WebAssembly, hence 'wasm-unsafe-eval'.
    csp: {
      directives: ["default-src 'self'", "img-src 'self' data:", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"],
      scriptDirective: { resources: ["'self'", "'wasm-unsafe-eval'"] },
      // Pagefind's stylesheet is a file under /pagefind/; Astro's own styles are hashed.
      styleDirective: { resources: ["'self'"] },
    },
  },
  // Content has no code blocks; Shiki's inline styles would also clash with the CSP.
  markdown: { syntaxHighlight: false },
  devToolbar: { enabled: false },
  vite: {
    build: {
      rolldownOptions: {
        // Astro marks each MDX content module (its `?astroPropagatedAssets` variant) with a directive, "use
        // astro:head-inject", that nothing reads after bundling, and Rolldown warned once per content file (54) that
        // it may not be kept: withastro/astro#18087, open. It is the only module-level directive in this build (our
        // code and Preact have none). A filter on the message in `onwarn` would be narrower, but Vite 8.3 never
        // calls it for this check (tried), so the check is off: remove this line once Astro stops emitting it.
        checks: { moduleLevelDirective: false },
      },
    },
  },
});
