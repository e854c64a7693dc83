import { Module } from '@nestjs/common';
import { AlertingEngineModule } from '@renkei/alerting/alerting-engine.module';
import { AuditModule } from '@renkei/audit/audit.module';
import { ResponsibilityModule } from '@renkei/responsibility/responsibility.module';
import { AfterActionService } from './after-action.service';
import { ExerciseRunner } from './exercise-runner';
import { InjectDispatch } from './inject-dispatch';

/** The exercise clock and inject dispatch, shared by the API (facilitators' commands) and the worker (jobs). */
@Module({
  imports: [AuditModule, AlertingEngineModule, ResponsibilityModule],
  providers: [InjectDispatch, AfterActionService, ExerciseRunner],
  exports: [InjectDispatch, AfterActionService, ExerciseRunner],
})
export class ExerciseEngineModule {}
