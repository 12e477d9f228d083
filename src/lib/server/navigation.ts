/**
 * Which navigation link marks the page a person is on, as GOV.UK's service navigation does: `aria-current="page"`
 * on the link to this very page, `aria-current="true"` on the link of the section the page is in (a transfer's
 * pages under Transfers, a review stage under its Review tab). Read from the address, so a new page is marked
 * without having to say where it belongs.
 */
export type AriaCurrent = 'page' | 'true' | undefined;

const withSlash = (path: string) => (path.endsWith('/') ? path : `${path}/`);

/**
 * For a link to `href` seen on `pathname`: 'page' when they are the same page, 'true' when the page is below it
 * (`nested`: false for links whose address is the start of every other, like the workspace home).
 */
export function ariaCurrent(pathname: string, href: string, nested = true): AriaCurrent {
  const [page, link] = [withSlash(pathname), withSlash(href)];
  if (page === link) return 'page';
  return nested && page.startsWith(link) ? 'true' : undefined;
}
