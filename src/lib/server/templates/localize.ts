/**
 * Placeholder until helper "templates" brings the real module: a stored option value shown in the reader's language,
 * from the `optionLabels` the localized registry adds to each field with options (else the value itself).
 */
export const optionLabel = (field: { id?: string; optionLabels?: Record<string, string> }, value: string) => field.optionLabels?.[value] ?? value;
