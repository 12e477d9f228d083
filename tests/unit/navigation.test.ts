/** Which navigation link is marked as the current page or section (aria-current), read from the address. */
import { describe, expect, it } from 'vitest';
import { ariaCurrent } from '../../src/lib/server/navigation.ts';

describe('ariaCurrent', () => {
  it('marks the link to this very page as the page, with or without its trailing slash', () => {
    expect(ariaCurrent('/workspace/transfers/', '/workspace/transfers/')).toBe('page');
    expect(ariaCurrent('/workspace/cohort', '/workspace/cohort/')).toBe('page');
  });

  it('marks the link of the section a sub-page is in as current, not as the page', () => {
    expect(ariaCurrent('/workspace/transfers/abc/review/action-plan/', '/workspace/transfers/')).toBe('true');
    expect(ariaCurrent('/workspace/account/two-factor/', '/workspace/account/')).toBe('true');
  });

  it('leaves a link whose address starts every other (the workspace home) unmarked on other pages when not nested', () => {
    expect(ariaCurrent('/workspace/transfers/', '/workspace/', false)).toBeUndefined();
    expect(ariaCurrent('/workspace/', '/workspace/', false)).toBe('page');
  });

  it('does not mark a link whose address only shares a prefix of characters', () => {
    expect(ariaCurrent('/workspace/programmes/', '/workspace/programme/')).toBeUndefined();
    expect(ariaCurrent('/workspace/cohort/', '/workspace/transfers/')).toBeUndefined();
  });
});
