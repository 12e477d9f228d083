/**
 * A title as it reads inside a sentence: "Submit situation analysis (SWOT and maturity)", not "(swot and maturity)".
 * Only capitalised words are lowered (a capital, then small letters); acronyms (SWOT, KPI, PDSA), plurals of them
 * (KPIs) and words cased on purpose (eHealth) keep their letters.
 */
export function inSentence(title: string): string {
  return title.replace(/\p{L}+/gu, (word) => (/^\p{Lu}\p{Ll}*$/u.test(word) ? word.toLowerCase() : word));
}
