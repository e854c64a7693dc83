import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { GuidelineModule } from '@renkei/guideline/guideline.module';
import { IncidentsModule } from '@renkei/incidents/incidents.module';
import { ObligationsEngineModule } from './obligations-engine.module';
import { IncidentObligationsResolver, ObligationsResolver } from './obligations.resolver';
import { ObligationsService } from './obligations.service';
import { ReportingRulesService } from './reporting-rules.service';

/** Statutory reporting clocks in the API: rules, obligations, submissions. */
@Module({
  imports: [AuditModule, GuidelineModule, IncidentsModule, ObligationsEngineModule],
  providers: [ObligationsService, ReportingRulesService, IncidentObligationsResolver, ObligationsResolver],
  exports: [ObligationsEngineModule],
})
export class ObligationsModule {}
