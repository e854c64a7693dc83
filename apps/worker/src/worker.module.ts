import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { MaintenanceProcessor } from './maintenance.processor';

/** Every BullMQ processor. Alert delivery, escalation and exercise injects join here. */
@Module({
  imports: [AuditModule],
  providers: [MaintenanceProcessor],
})
export class WorkerModule {}
