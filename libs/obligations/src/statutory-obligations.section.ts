import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode } from '@renkei/core/errors/domain.errors';
import { DirectoryService } from '@renkei/directory/directory.service';
import type { ReportBlock } from '@renkei/reporting/report/report-document';
import {
  ReportSectionContext,
  ReportSectionProvider,
  ReportSectionRegistry,
} from '@renkei/reporting/report/report-sections';
import { ObligationsService } from './obligations.service';
import {
  OBLIGATIONS_SECTION_HEADING,
  OBLIGATIONS_SECTION_KEY,
  obligationReportBlocks,
} from './obligations-report';

/**
 * The incident report's STATUTORY_OBLIGATIONS section (IR③: obligations and their status). It lives
 * here, not in reporting, so the dependency points from the context that knows the data to the one
 * that prints reports: reporting knows no obligation, and obligations already depends on everything
 * reporting does (incidents, directory, alerting), so this adds no cycle.
 */
@Injectable()
export class StatutoryObligationsSection implements ReportSectionProvider, OnModuleInit {
  readonly key = OBLIGATIONS_SECTION_KEY;
  readonly heading = OBLIGATIONS_SECTION_HEADING;

  constructor(
    private readonly registry: ReportSectionRegistry,
    private readonly obligations: ObligationsService,
    private readonly directory: DirectoryService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async build({ actor, incident, language }: ReportSectionContext): Promise<ReportBlock[] | null> {
    // The obligations context's own read rule, with the reader (not the report's word for it).
    const readable = await this.obligations.readableOf(actor, incident.id).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) return null;
      throw error;
    });
    if (!readable) return null;
    const organisationIds = new Set<string>();
    for (const o of readable.obligations) {
      organisationIds.add(o.ownerOrganisationId);
      if (o.delegatedFromOrganisationId) organisationIds.add(o.delegatedFromOrganisationId);
    }
    for (const rule of readable.rules) organisationIds.add(rule.authorityOrganisationId);
    const organisations = await this.directory.organisationsByIds([...organisationIds]);
    return obligationReportBlocks(
      readable.obligations,
      readable.rules,
      new Map(organisations.map((o) => [o.id, { nameJa: o.nameJa, nameEn: o.nameEn }])),
      language,
      new Date(),
    );
  }
}
