/**
 * A template as a Markdown worksheet to download and fill in offline (or paste into a shared document),
 * built from the same frontmatter as the page and the workspace forms.
 */
import { useStrings } from '../../i18n/ui';
import type { Template } from '../../schemas/template';
import { groupQuestions } from './template-questions';

export function buildWorksheet(template: Template, pageUrl: string): string {
  const t = useStrings();
  const who = (s: string) => (s === 'everyone' ? t.templates.forEveryone : t.labels.stakeholder[s as keyof typeof t.labels.stakeholder]);
  const lines: string[] = [`# ${template.title}`, '', template.summary, '', `Source: ${pageUrl}`, ''];
  for (const quadrant of template.quadrants) {
    lines.push(`## ${quadrant.title} (${quadrant.origin})`, '', quadrant.description, '');
    for (const group of groupQuestions(quadrant.guidingQuestions)) {
      lines.push(`### ${who(group.stakeholder)}`, '', ...group.questions.map((q) => `- ${q}`), '');
    }
    lines.push('Items:', '', '1. ', '2. ', '3. ', '');
  }
  if (template.dimensions.length > 0) {
    lines.push(`## ${t.templates.dimensions}`, '', `| Dimension | Score (${template.scale?.min ?? 0}–${template.scale?.max ?? 5}) | Note |`, '| --- | --- | --- |');
    for (const d of template.dimensions) lines.push(`| ${d.name} |  |  |`);
    lines.push('');
  }
  for (const section of template.sections) {
    lines.push(`## ${section.title}`, '');
    if (section.description) lines.push(section.description, '');
    for (const group of groupQuestions(section.guidingQuestions)) {
      lines.push(`### ${who(group.stakeholder)}`, '', ...group.questions.map((q) => `- ${q}`), '');
    }
    for (const field of section.fields) {
      lines.push(`**${field.label}**${field.required ? ` (${t.templates.required})` : ''}${field.help ? ` — ${field.help}` : ''}`, '');
      lines.push(field.options ? `Choose one: ${field.options.join(' / ')}` : '…', '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
