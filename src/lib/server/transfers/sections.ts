/** Every section of every template, keyed "<template kind>/<section id>", read from the template files once. */
import type { Section } from './entry-schema.ts';
import { templateRegistry } from './practices.ts';

let sections: Promise<Map<string, Section>> | undefined;

export function allSections(): Promise<Map<string, Section>> {
  sections ??= templateRegistry().then((registry) => new Map(registry.sections));
  return sections;
}
