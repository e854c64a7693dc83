import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { DirectoryModule } from '@renkei/directory/directory.module';
import { GuidelineModule } from '@renkei/guideline/guideline.module';
import { IncidentsModule } from '@renkei/incidents/incidents.module';
import { ReportingModule } from '@renkei/reporting/reporting.module';
import { ObligationsEngineModule } from './obligations-engine.module';
import { IncidentObligationsResolver, ObligationsResolver } from './obligations.resolver';
import { ObligationsService } from './obligations.service';
import { ReportingRulesService } from './reporting-rules.service';
import { StatutoryObligationsSection } from './statutory-obligations.section';

/**
 * Statutory reporting clocks in the API: rules, obligations, submissions, and the obligations
 * section of the incident report (registered with reporting's ReportSectionRegistry).
 */
@Module({
  imports: [
    AuditModule,
    DirectoryModule,
    GuidelineModule,
    IncidentsModule,
    ObligationsEngineModule,
    ReportingModule,
  ],
  providers: [
    ObligationsService,
    ReportingRulesService,
    IncidentObligationsResolver,
    ObligationsResolver,
    StatutoryObligationsSection,
  ],
  exports: [ObligationsEngineModule],
})
export class ObligationsModule {}
