/**
 * The sections monitoring reads, found by role. Pages and tests have the template registry; the server process
 * (reminders) has only the built forms file, so both are turned into the same small finder.
 */
import type { SectionRole } from '../../../schemas/template.ts';
import type { ReviewStageInfo, Section } from '../templates/registry.ts';
import type { WorkspaceForms } from '../transfers/workspace-forms.ts';

export type SectionAt = { kind: string; section: Section };
/** What monitoring needs of the templates: a section by role, and the review stages. The registry is one. */
export type MonitoringTemplates = { sectionWithRole(role: SectionRole): SectionAt | undefined; stages: readonly ReviewStageInfo[] };

/** The same questions answered from the built forms file (src/server/serve.ts has no content collections). */
export function templatesOfForms(forms: Pick<WorkspaceForms, 'templates' | 'stages'>): MonitoringTemplates {
  return {
    stages: forms.stages,
    sectionWithRole(role) {
      for (const [kind, form] of Object.entries(forms.templates)) {
        const section = form.sections.find((s) => s.role === role);
        if (section) return { kind, section };
      }
      return undefined;
    },
  };
}

/** The review stage that freezes a section's records (the action plan's stage for the actions), if any. */
export function stageHolding(templates: MonitoringTemplates, role: SectionRole): ReviewStageInfo | undefined {
  const at = templates.sectionWithRole(role);
  return at && templates.stages.find((s) => s.kinds.includes(at.kind));
}

/** Whether a stage's forms include the section with this role. */
export function stageHolds(templates: MonitoringTemplates | undefined, stage: ReviewStageInfo, role: SectionRole): boolean {
  const at = templates?.sectionWithRole(role);
  return !!at && stage.kinds.includes(at.kind);
}
