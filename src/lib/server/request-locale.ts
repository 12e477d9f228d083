/**
 * Which language a request is answered in. Public pages carry it in their URL (`/da/…`; English at the root). The
 * workspace speaks each person's chosen language (Account), whatever the URL. Pages seen before signing in (sign-in,
 * invitations, password reset) take `?lang=<code>`, which their language links set. `Accept-Language` never decides:
 * it may only suggest (see `suggestedLocale`).
 */
import { defaultLocale, isLocale, localeCodes } from '../../i18n/locales.ts';

export function requestLocale(url: URL, user: { locale: string | null } | null): string {
  if (user) return user.locale && isLocale(user.locale) ? user.locale : defaultLocale;
  const prefix = url.pathname.split('/')[1];
  if (prefix && prefix !== defaultLocale && isLocale(prefix)) return prefix;
  const asked = url.searchParams.get('lang');
  return asked && isLocale(asked) ? asked : defaultLocale;
}

/**
 * The served language the browser prefers most, if it is not the one shown: for a "Read this in …" link. Quality
 * values are honoured; a region tag (da-DK) matches its language.
 */
export function suggestedLocale(acceptLanguage: string | null | undefined, shown: string): string | undefined {
  if (!acceptLanguage) return undefined;
  const wanted = acceptLanguage
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? 1);
      return { tag: tag.trim().toLowerCase(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((w) => w.q > 0 && w.tag)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of wanted) {
    const code = localeCodes.find((c) => c === tag || c === tag.split('-')[0]);
    if (code) return code === shown ? undefined : code;
  }
  return undefined;
}
