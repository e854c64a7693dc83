import { Module } from '@nestjs/common';
import { AlertingModule } from '@renkei/alerting/alerting.module';
import { AuditModule } from '@renkei/audit/audit.module';
import { DirectoryModule } from '@renkei/directory/directory.module';
import { GuidelineModule } from '@renkei/guideline/guideline.module';
import { IncidentsModule } from '@renkei/incidents/incidents.module';
import { IncidentMetricsResolver } from './metrics/incident-metrics.resolver';
import { IncidentMetricsService } from './metrics/incident-metrics.service';
import { IncidentReportService } from './report/incident-report.service';
import { ReportController } from './report/report.controller';
import { ReportResolver } from './report/report.resolver';
import { ReportSectionRegistry } from './report/report-sections';
import { InquiryContactsService } from './statements/inquiry-contacts.service';
import { PublicStatementsResolver } from './statements/public-statements.resolver';
import { PublicStatementsService } from './statements/public-statements.service';
import { PublicStatusService } from './statements/public-status.service';
import { StatusController } from './statements/status.controller';
import { ReportTemplatesService } from './templates/report-templates.service';

/**
 * Reporting: the incident management report (IR③) in the city's templates, response-time metrics,
 * statements to residents and the public status page. Other contexts add report sections through
 * the exported ReportSectionRegistry.
 */
@Module({
  imports: [AuditModule, DirectoryModule, GuidelineModule, IncidentsModule, AlertingModule],
  controllers: [ReportController, StatusController],
  providers: [
    ReportSectionRegistry,
    ReportTemplatesService,
    IncidentReportService,
    ReportResolver,
    IncidentMetricsService,
    IncidentMetricsResolver,
    PublicStatementsService,
    InquiryContactsService,
    PublicStatusService,
    PublicStatementsResolver,
  ],
  exports: [ReportSectionRegistry, IncidentReportService],
})
export class ReportingModule {}
