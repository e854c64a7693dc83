import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { ObligationsEngine } from './obligations.engine';

/** The obligations clock, shared by the API (incident hooks) and the worker (deadline jobs). */
@Module({
  imports: [AuditModule],
  providers: [ObligationsEngine],
  exports: [ObligationsEngine],
})
export class ObligationsEngineModule {}
