import { Controller, Get, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { badInput } from '@renkei/core/errors/domain.errors';
import { JsonErrorFilter } from '@renkei/core/errors/http-error.filter';
import { EDITION_PATTERN } from './dto/catalogue.type';
import { ExportFile, ExportFormat, SelfAssessmentExport } from './export/self-assessment-export';

function parseFormat(format: string | undefined): ExportFormat {
  if (format === undefined || format === 'xlsx') return 'xlsx';
  if (format === 'csv') return 'csv';
  throw badInput('format', 'format is csv or xlsx');
}

function parseEdition(edition: string | undefined): string | undefined {
  if (edition !== undefined && !EDITION_PATTERN.test(edition))
    throw badInput('edition', 'edition looks like 3.0');
  return edition;
}

function send(response: Response, file: ExportFile): void {
  response
    .status(200)
    .set({
      'content-type': file.contentType,
      'content-disposition': `attachment; filename="${file.fileName}"; filename*=UTF-8''${encodeURIComponent(file.fileNameJa)}`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    })
    .send(file.body);
}

/**
 * Downloads of the self-assessment as the guideline's check sheet (別紙1). Authenticated like the
 * GraphQL API (Authorization: Bearer <access token>, or X-Api-Key) and scoped the same way: one's own
 * organisation, every organisation for the promotion body.
 */
@Controller('exports/self-assessment')
@UseFilters(JsonErrorFilter)
export class SelfAssessmentController {
  constructor(private readonly exports: SelfAssessmentExport) {}

  /** GET /exports/self-assessment?organisationId=…&format=csv|xlsx[&edition=3.0] */
  @Get()
  @RequirePermission(Permission.SELF_ASSESSMENT_READ)
  async organisation(
    @CurrentActor() actor: Actor,
    @Res() response: Response,
    @Query('organisationId') organisationId?: string,
    @Query('format') format?: string,
    @Query('edition') edition?: string,
  ): Promise<void> {
    const chosen = parseFormat(format);
    const resolvedEdition = parseEdition(edition);
    const id = organisationId ?? actor.organisationId;
    send(response, await this.exports.organisation(actor, id, chosen, resolvedEdition));
  }

  /** GET /exports/self-assessment/city?format=csv|xlsx[&edition=3.0]: every visible organisation. */
  @Get('city')
  @RequirePermission(Permission.SELF_ASSESSMENT_READ)
  async city(
    @CurrentActor() actor: Actor,
    @Res() response: Response,
    @Query('format') format?: string,
    @Query('edition') edition?: string,
  ): Promise<void> {
    send(response, await this.exports.city(actor, parseFormat(format), parseEdition(edition)));
  }
}
