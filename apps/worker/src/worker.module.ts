import { Module } from '@nestjs/common';
import { AlertingEngineModule } from '@renkei/alerting/alerting-engine.module';
import { DefaultDeliveryTransports } from '@renkei/alerting/delivery/delivery-transports';
import { DeliveryService, DeliveryTransports } from '@renkei/alerting/delivery/delivery.service';
import { AuditModule } from '@renkei/audit/audit.module';
import { ExerciseEngineModule } from '@renkei/exercises/exercise-engine.module';
import { ObligationsEngineModule } from '@renkei/obligations/obligations-engine.module';
import { AlertDeliveryProcessor, EscalationProcessor } from './alert.processors';
import { ExerciseClockProcessor } from './exercise.processor';
import { MaintenanceProcessor } from './maintenance.processor';
import { ObligationProcessor } from './obligation.processor';
import { OutboxRelay } from './outbox-relay';

/** Every BullMQ processor, and the outbox relay that feeds them. */
@Module({
  imports: [AuditModule, AlertingEngineModule, ExerciseEngineModule, ObligationsEngineModule],
  providers: [
    MaintenanceProcessor,
    OutboxRelay,
    DeliveryService,
    { provide: DeliveryTransports, useClass: DefaultDeliveryTransports },
    AlertDeliveryProcessor,
    EscalationProcessor,
    ExerciseClockProcessor,
    ObligationProcessor,
  ],
  exports: [OutboxRelay, DeliveryTransports],
})
export class WorkerModule {}
