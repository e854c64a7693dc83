import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { IncidentsModule } from '@renkei/incidents/incidents.module';
import { ResponsibilityModule } from '@renkei/responsibility/responsibility.module';
import { AlertingEngineModule } from '../alerting-engine.module';
import { EventIntegrationsResolver } from './event-integrations.resolver';
import { EventIntegrationsService } from './event-integrations.service';
import { PagerDutyController } from './pagerduty.controller';
import { PagerDutyEventsService } from './pagerduty-events.service';

/** Ingestion from existing tools: PagerDuty Events API v2 routing keys and their endpoint. */
@Module({
  imports: [AuditModule, IncidentsModule, ResponsibilityModule, AlertingEngineModule],
  controllers: [PagerDutyController],
  providers: [EventIntegrationsService, PagerDutyEventsService, EventIntegrationsResolver],
})
export class IntegrationsModule {}
