import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { DirectoryModule } from '@renkei/directory/directory.module';
import { GuidelineModule } from '@renkei/guideline/guideline.module';
import { ResponsibilityModule } from '@renkei/responsibility/responsibility.module';
import { IncidentCommandsService } from './incident-commands.service';
import { IncidentConnectionResolver, IncidentsResolver } from './incidents.resolver';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [AuditModule, DirectoryModule, ResponsibilityModule, GuidelineModule],
  providers: [IncidentsService, IncidentCommandsService, IncidentsResolver, IncidentConnectionResolver],
  exports: [IncidentsService, IncidentCommandsService],
})
export class IncidentsModule {}
