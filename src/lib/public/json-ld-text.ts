/**
 * JSON-LD as the text of a <script type="application/ld+json"> element: one @graph under the schema.org context.
 * "<", ">" and "&" are written as JSON escapes, so a title holding "</script>" cannot end the element early; the
 * parsed value is unchanged.
 */
export function jsonLdText(nodes: readonly object[]): string {
  return JSON.stringify({ '@context': 'https://schema.org', '@graph': nodes }).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
