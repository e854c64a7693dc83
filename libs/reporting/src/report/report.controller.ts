import { Controller, Get, Param, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput } from '@renkei/core/errors/domain.errors';
import { JsonErrorFilter } from '@renkei/core/errors/http-error.filter';
import { ReportFormat, ReportLanguage } from '../reporting.enums';
import { IncidentReportService } from './incident-report.service';
import { REPORT_CONTENT_TYPE, REPORT_EXTENSION } from './report-render';

const FORMAT_PARAMETER: Record<string, ReportFormat> = {
  markdown: ReportFormat.MARKDOWN,
  md: ReportFormat.MARKDOWN,
  html: ReportFormat.HTML,
  print: ReportFormat.PRINT_HTML,
  pdf: ReportFormat.PRINT_HTML,
};

/**
 * The incident report as a file: `GET /reports/incidents/:id?format=markdown|html|print&lang=ja|en&template=<id>`,
 * authenticated like GraphQL by the global guard (`Authorization: Bearer <access token>` or
 * `X-API-Key`), with the same visibility (an incident the caller may not see is 404).
 */
@Controller('reports')
@UseFilters(JsonErrorFilter)
export class ReportController {
  constructor(private readonly reports: IncidentReportService) {}

  @Get('incidents/:id')
  @RequirePermission(Permission.INCIDENT_READ)
  async download(
    @CurrentActor() actor: Actor,
    @Param('id') id: string,
    @Query('format') formatParameter: string | undefined,
    @Query('lang') languageParameter: string | undefined,
    @Query('template') templateId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    if (!isUuid(id)) throw badInput('id', `${id} is not a valid id`);
    const format = FORMAT_PARAMETER[(formatParameter ?? 'markdown').toLowerCase()];
    if (!format) throw badInput('format', 'format must be markdown, html or print');
    const language = (languageParameter ?? 'ja').toLowerCase();
    if (language !== ReportLanguage.JA && language !== ReportLanguage.EN) {
      throw badInput('lang', 'lang must be ja or en');
    }
    if (templateId !== undefined && !isUuid(templateId))
      throw badInput('template', `${templateId} is not a valid id`);
    const { text, reference } = await this.reports.render(actor, id, {
      templateId,
      language: language as ReportLanguage,
      format,
    });
    const filename = `${reference}-report-${language}.${REPORT_EXTENSION[format]}`.replace(
      /[^A-Za-z0-9._-]/g,
      '_',
    );
    response
      .status(200)
      .set({
        'content-type': REPORT_CONTENT_TYPE[format],
        'content-disposition': `attachment; filename="${filename}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
        // A report carries TLP-marked information: never kept by shared caches or the browser.
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
        'content-security-policy':
          "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
        'referrer-policy': 'no-referrer',
      })
      .send(text);
  }
}
