import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { ReportTemplate, ReportTemplateInput, toReportTemplate } from '../dto/report-template.type';
import { ReportFormat, ReportLanguage } from '../reporting.enums';
import { ReportTemplatesService } from '../templates/report-templates.service';
import { IncidentReportService } from './incident-report.service';

/** The incident report and the templates it is written in. */
@Resolver()
export class ReportResolver {
  constructor(
    private readonly reports: IncidentReportService,
    private readonly templates: ReportTemplatesService,
  ) {}

  @Query(() => String, {
    description:
      'The incident management report (IR③) of an incident you may see, as you may see it, in the template’s format. Also downloadable: GET /reports/incidents/{id}?format=markdown|html|print&lang=ja|en.',
  })
  @RequirePermission(Permission.INCIDENT_READ)
  async incidentReport(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('templateId', {
      type: () => ID,
      nullable: true,
      description: 'Default: the city’s default template.',
    })
    templateId?: string,
    @Args('language', { type: () => ReportLanguage, defaultValue: ReportLanguage.JA })
    language?: ReportLanguage,
    @Args('format', { type: () => ReportFormat, defaultValue: ReportFormat.MARKDOWN }) format?: ReportFormat,
  ): Promise<string> {
    const { text } = await this.reports.render(actor, incidentId, {
      templateId,
      language: language ?? ReportLanguage.JA,
      format: format ?? ReportFormat.MARKDOWN,
    });
    return text;
  }

  @Query(() => [ReportTemplate], { description: 'The city’s report templates, the default first.' })
  @RequirePermission(Permission.INCIDENT_READ)
  async reportTemplates(): Promise<ReportTemplate[]> {
    return (await this.templates.list()).map(toReportTemplate);
  }

  @Mutation(() => ReportTemplate)
  @RequirePermission(Permission.REPORT_TEMPLATE_MANAGE)
  async createReportTemplate(@Args('input') input: ReportTemplateInput): Promise<ReportTemplate> {
    return toReportTemplate(await this.templates.create(input));
  }

  @Mutation(() => ReportTemplate, { description: 'Replaces the whole template.' })
  @RequirePermission(Permission.REPORT_TEMPLATE_MANAGE)
  async updateReportTemplate(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: ReportTemplateInput,
  ): Promise<ReportTemplate> {
    return toReportTemplate(await this.templates.update(id, input));
  }

  @Mutation(() => Boolean, { description: 'The default template cannot be deleted.' })
  @RequirePermission(Permission.REPORT_TEMPLATE_MANAGE)
  async deleteReportTemplate(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.templates.delete(id);
  }
}
