import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { IncidentsModule } from '@renkei/incidents/incidents.module';
import { AckController, WebhookReplyController } from './ack.controller';
import { AlertingEngineModule } from './alerting-engine.module';
import { AlertResolver, IncidentAlertsResolver } from './alerting.resolver';
import { AlertsService } from './alerts.service';
import { IntegrationsModule } from './integrations/integrations.module';
import { MailboxController } from './mailbox.controller';
import { PoliciesService } from './policies.service';

/** Alerting in the API: GraphQL, the acknowledgement pages, machine replies and the mail catcher. */
@Module({
  imports: [AuditModule, IncidentsModule, AlertingEngineModule, IntegrationsModule],
  controllers: [AckController, WebhookReplyController, MailboxController],
  providers: [AlertsService, PoliciesService, IncidentAlertsResolver, AlertResolver],
  exports: [AlertingEngineModule, AlertsService],
})
export class AlertingModule {}
