/**
 * The translate function: the request's language from withLocale, English outside; values filled in; plural forms by
 * the language's rules; a key a catalogue lacks in English; the kept lookups give what i18next gives.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { catalogues } from '../../src/i18n/catalogues.ts';
import { currentLocale, formats, t, tIn, withLocale } from '../../src/i18n/index.ts';
import { pseudoString } from '../../src/i18n/pseudo.ts';

describe('t', () => {
  it('speaks the language withLocale sets, English outside any, and English for an unknown language', () => {
    expect(currentLocale()).toBe('en');
    expect(withLocale('da', () => currentLocale())).toBe('da');
    expect(withLocale('xx', () => currentLocale())).toBe('en');
    expect(t('site:nav.home')).toBe('Home');
  });
  it('fills values the same way i18next does, whether the text is kept or not, and leaves an unknown slot as it is', async () => {
    const reference = i18next.createInstance();
    await reference.init({ resources: catalogues(), lng: 'en', interpolation: { escapeValue: false } });
    const args = { n: 3, of: 12 };
    expect(t('site:catalogue.showing', args)).toBe(reference.t('site:catalogue.showing', args));
    expect(t('site:catalogue.showing', args)).toBe(t('site:catalogue.showing', args));
    expect(t('site:catalogue.showing', { n: 1 } as never)).toBe('Showing 1 of {{of}} practices');
  });
  it('keeps a plain text per language: Danish and English never mix', () => {
    const en = tIn('en')('site:nav.home');
    const qps = tIn('qps')('site:nav.home');
    expect(en).toBe('Home');
    // qps is served in tests (PORTAL_PSEUDO_LOCALE=1 in the test servers); outside them it falls back to English.
    expect([pseudoString('Home'), 'Home']).toContain(qps);
    expect(tIn('en')('site:nav.home')).toBe('Home');
  });
  it('formats dates, numbers and lists as the language writes them', () => {
    expect(formats('en').day('2026-12-07')).toBe('7 December 2026');
    expect(formats('da').day('2026-12-07')).toBe('7. december 2026');
    expect(formats('de').number(1234.5)).toBe('1.234,5');
    expect(formats('es').list(['a', 'b', 'c'])).toBe('a, b y c');
  });
});

describe('a validation message made when the check fails', () => {
  it('is in the language of whoever sent the form, though the schema was made at start', async () => {
    const { inviteInput } = await import('../../src/lib/server/commands/invitations.ts');
    const refuse = () => inviteInput.safeParse({ email: 'a@example.org', organisationId: '', role: 'editor' }).error?.issues[0]?.message;
    expect(refuse()).toBe('Choose an organisation.');
    expect(withLocale('es', refuse)).toBe('Elija una organización.');
  });
});
