import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode } from '@renkei/core/errors/domain.errors';
import type { IncidentTaskEntity } from '@renkei/incidents/entities/incident-task.entity';
import type { ReportBlock, ReportCell } from '@renkei/reporting/report/report-document';
import {
  ReportSectionContext,
  ReportSectionRegistry,
  ReportTaskDetailsProvider,
} from '@renkei/reporting/report/report-sections';
import { RunbookApplicationService } from './runbook-application.service';
import { RUNBOOK_TASK_COLUMNS, runbookTaskDetails } from './runbook-report';

/**
 * Adds the runbook step behind each task to the incident report's TASKS section. It lives in runbooks
 * and registers with reporting, so reporting never reads runbook tables: the dependency points from
 * the context that knows the data to the one that prints it.
 */
@Injectable()
export class RunbookTaskDetails implements ReportTaskDetailsProvider, OnModuleInit {
  readonly key = 'RUNBOOK_STEPS';
  readonly columns = RUNBOOK_TASK_COLUMNS;

  constructor(
    private readonly registry: ReportSectionRegistry,
    private readonly applications: RunbookApplicationService,
  ) {}

  onModuleInit(): void {
    this.registry.registerTaskDetails(this);
  }

  async build(
    { actor, incident, language }: ReportSectionContext,
    tasks: readonly IncidentTaskEntity[],
  ): Promise<{ cells: Map<string, ReportCell[]>; blocks: ReportBlock[] } | null> {
    // The runbooks context's own read rule, with the reader.
    const readable = await this.applications.readableStepsOf(actor, incident.id).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    });
    if (!readable) return null;
    return runbookTaskDetails(readable.applications, readable.steps, tasks, language);
  }
}
