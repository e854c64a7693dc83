/**
 * Report and message templates: Markdown with {{placeholders}} filled from the incident when the
 * runbook is applied. Values are data, never markup: they are put on one line and every Markdown and
 * HTML metacharacter is escaped, so an incident titled `[click](https://evil)` or `<img onerror>`
 * renders as that literal text.
 */

export const TEMPLATE_PLACEHOLDERS = [
  'incident.reference',
  'incident.title',
  'incident.severity',
  'incident.status',
  'incident.tlp',
  'incident.category',
  'incident.incidentType',
  'incident.reportedAt',
  'incident.detectedAt',
  'incident.personalDataInvolved',
  'runbook.title',
  'appliedAt',
] as const;

export type TemplatePlaceholder = (typeof TEMPLATE_PLACEHOLDERS)[number];
export type TemplateValues = Record<TemplatePlaceholder, string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g;
const KNOWN: ReadonlySet<string> = new Set(TEMPLATE_PLACEHOLDERS);

/** Placeholders a template uses that Renkei does not know (empty when the template is fine). */
export function unknownPlaceholders(template: string): string[] {
  const unknown = new Set<string>();
  for (const match of template.matchAll(PLACEHOLDER)) if (!KNOWN.has(match[1])) unknown.add(match[1]);
  return [...unknown];
}

/** A value made safe to drop into Markdown: one line, metacharacters and HTML escaped. */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#+\-.!|~])/g, '\\$1');
}

/** Fills the placeholders; unknown ones (refused when the template was saved) are left as written. */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    KNOWN.has(name) ? escapeMarkdown(values[name as TemplatePlaceholder]) : whole,
  );
}
