export { ReportingModule } from './reporting.module';
export { ReportSectionRegistry } from './report/report-sections';
export type { ReportSectionProvider, ReportSectionContext } from './report/report-sections';
export type { ReportBlock } from './report/report-document';
