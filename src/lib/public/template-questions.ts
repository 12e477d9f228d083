/** Groups a template's guiding questions by stakeholder, in the fixed order every template page and form uses. */
import type { z } from 'astro/zod';
import type { guidingQuestion } from '../../schemas/template';
import { stakeholderGroupIds, type StakeholderGroup } from '../../schemas/taxonomy';

type Question = z.infer<typeof guidingQuestion>;
export type QuestionGroup = { stakeholder: StakeholderGroup | 'everyone'; questions: string[] };

export function groupQuestions(questions: Question[]): QuestionGroup[] {
  const order: (StakeholderGroup | 'everyone')[] = ['everyone', ...stakeholderGroupIds];
  return order
    .map((stakeholder) => ({
      stakeholder,
      questions: questions.filter((q) => (q.stakeholder ?? 'everyone') === stakeholder).map((q) => q.question),
    }))
    .filter((g) => g.questions.length > 0);
}
