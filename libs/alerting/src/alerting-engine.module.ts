import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { AcknowledgementService } from './acknowledgement.service';
import { EscalationEngine } from './escalation-engine';

/**
 * The escalation workflow and acknowledgement, shared by the API (which reports and acknowledges)
 * and the worker (which fires steps and reminders). Importing it registers the incident hook.
 */
@Module({
  imports: [AuditModule],
  providers: [EscalationEngine, AcknowledgementService],
  exports: [EscalationEngine, AcknowledgementService],
})
export class AlertingEngineModule {}
