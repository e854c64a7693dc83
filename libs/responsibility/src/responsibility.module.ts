import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { DirectoryModule } from '@renkei/directory/directory.module';
import { ResponsibilityResolver } from './responsibility.resolver';
import { ResponsibilityService } from './responsibility.service';

@Module({
  imports: [AuditModule, DirectoryModule],
  providers: [ResponsibilityService, ResponsibilityResolver],
  exports: [ResponsibilityService],
})
export class ResponsibilityModule {}
