import { registerEnumType } from '@nestjs/graphql';

/** The languages a report, a statement and the status page are written in (Japanese is authoritative). */
export enum ReportLanguage {
  JA = 'ja',
  EN = 'en',
}

export enum ReportFormat {
  /** CommonMark with GitHub tables: for chat, tickets and e-mail. */
  MARKDOWN = 'MARKDOWN',
  /** A standalone HTML page for the screen. */
  HTML = 'HTML',
  /** HTML made for printing to PDF: A4, a page per section, the TLP marking on every page. */
  PRINT_HTML = 'PRINT_HTML',
}

/** The sections the incident report builds itself; other contexts add theirs (ReportSectionRegistry). */
export enum ReportSection {
  SUMMARY = 'SUMMARY',
  IMPACT = 'IMPACT',
  COMPONENTS = 'COMPONENTS',
  PARTICIPANTS = 'PARTICIPANTS',
  ALERTS = 'ALERTS',
  TIMELINE = 'TIMELINE',
  TASKS = 'TASKS',
}

export const BUILT_IN_SECTIONS = Object.values(ReportSection) as string[];

/**
 * A statement to residents (住民への情報提供, §3.2.2). Approval by a coordinator publishes it; it is
 * shown on the public status page only while its incident is TLP:CLEAR (decided when the page is read).
 */
export enum PublicStatementStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  WITHDRAWN = 'WITHDRAWN',
}

for (const [name, value] of Object.entries({
  ReportLanguage,
  ReportFormat,
  PublicStatementStatus,
})) {
  registerEnumType(value, { name });
}
