export { ReportingModule } from './reporting.module';
export { ReportSectionRegistry } from './report/report-sections';
export type {
  ReportSectionProvider,
  ReportSectionContext,
  ReportTaskDetailsProvider,
} from './report/report-sections';
export { highlighted } from './report/report-document';
export type { ReportBlock, ReportCell } from './report/report-document';
