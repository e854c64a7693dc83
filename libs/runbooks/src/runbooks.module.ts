import { Module } from '@nestjs/common';
import { AuditModule } from '@renkei/audit/audit.module';
import { DirectoryModule } from '@renkei/directory/directory.module';
import { GuidelineModule } from '@renkei/guideline/guideline.module';
import { IncidentsModule } from '@renkei/incidents/incidents.module';
import { ReportingModule } from '@renkei/reporting/reporting.module';
import { ResponsibilityModule } from '@renkei/responsibility/responsibility.module';
import {
  IncidentRunbooksResolver,
  PostIncidentReviewResolver,
  RunbookApplicationResolver,
  TaskRunbookStepResolver,
} from './incident-runbooks.resolver';
import { PostIncidentReviewService } from './post-incident-review.service';
import { RunbookApplicationService } from './runbook-application.service';
import { RunbookLibraryService } from './runbook-library.service';
import { RunbookTaskDetails } from './runbook-task-details';
import { RunbookVersionResolver, RunbooksResolver } from './runbooks.resolver';

/**
 * Runbooks (IR③), applying them to incidents, and lessons learned (IR⑤); the runbook step behind
 * each task in the incident report (registered with reporting's ReportSectionRegistry).
 */
@Module({
  imports: [
    AuditModule,
    DirectoryModule,
    ResponsibilityModule,
    GuidelineModule,
    IncidentsModule,
    ReportingModule,
  ],
  providers: [
    RunbookLibraryService,
    RunbookApplicationService,
    PostIncidentReviewService,
    RunbooksResolver,
    RunbookVersionResolver,
    IncidentRunbooksResolver,
    PostIncidentReviewResolver,
    RunbookApplicationResolver,
    TaskRunbookStepResolver,
    RunbookTaskDetails,
  ],
  exports: [RunbookLibraryService, RunbookApplicationService],
})
export class RunbooksModule {}
