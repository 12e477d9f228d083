import { describe, expect, it } from 'vitest';
import { inSentence } from '../../src/lib/public/in-sentence.ts';
import { realTemplates } from '../support/templates.ts';

describe('inSentence', () => {
  it('lowers capitalised words but keeps acronyms, as in the SWOT stage’s submit button', () => {
    expect(inSentence('Situation analysis (SWOT and maturity)')).toBe('situation analysis (SWOT and maturity)');
    expect(inSentence('PDSA cycles and workshops')).toBe('PDSA cycles and workshops');
  });

  it('keeps plurals of acronyms and words cased on purpose', () => {
    expect(inSentence('KPIs of the plan')).toBe('KPIs of the plan');
    expect(inSentence('Digital infrastructure (eHealth services)')).toBe('digital infrastructure (eHealth services)');
  });

  it('lowers ordinary titles, accented ones too', () => {
    expect(inSentence('Action plan')).toBe('action plan');
    expect(inSentence('Évaluation Finale')).toBe('évaluation finale');
  });

  it('leaves no template stage title with a lowered acronym', () => {
    for (const stage of realTemplates().stages) for (const word of stage.title.match(/\b[A-Z]{2,}\b/g) ?? []) expect(inSentence(stage.title)).toContain(word);
  });
});
