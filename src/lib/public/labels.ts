/** Turns facet ids into the words people read; programme labels come from the programmes collection. */
import { useStrings } from '../../i18n/ui';
import type { Facet } from './catalogue';

export function facetValueLabel(facet: Facet, value: string, programmeAcronyms: Record<string, string>): string {
  const t = useStrings();
  switch (facet) {
    case 'theme':
      return t.labels.theme[value as keyof typeof t.labels.theme] ?? value;
    case 'country':
      return t.labels.country[value.toUpperCase() as keyof typeof t.labels.country] ?? value;
    case 'evidence':
      return t.labels.evidence[value as keyof typeof t.labels.evidence] ?? value;
    case 'programme':
      return programmeAcronyms[value] ?? value;
  }
}
