import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertsService } from '@renkei/alerting/alerts.service';
import {
  CATEGORY_LABEL,
  SEVERITY_LABEL,
  STATUS_LABEL,
  formatTokyoTime,
} from '@renkei/alerting/email/alert-labels';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { badInput } from '@renkei/core/errors/domain.errors';
import { encodeCursor } from '@renkei/core/pagination/connection';
import { DirectoryService } from '@renkei/directory/directory.service';
import { GuidelineService } from '@renkei/guideline/guideline.service';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { TimelineEntryEntity } from '@renkei/incidents/entities/timeline-entry.entity';
import { IncidentsService } from '@renkei/incidents/incidents.service';
import { TLP_LABEL } from '@renkei/incidents/incidents.enums';
import { ReportTemplateEntity } from '../entities/report-template.entity';
import { BUILT_IN_SECTIONS, ReportFormat, ReportLanguage, ReportSection } from '../reporting.enums';
import { ReportTemplatesService } from '../templates/report-templates.service';
import { ReportBlock, ReportDocument, ReportSectionContent, TLP_DEFINITION } from './report-document';
import {
  DETECTION_SOURCE_LABEL,
  DUTY_LABEL,
  LABEL,
  PARTICIPANT_SOURCE_LABEL,
  ROLE_LABEL,
  SECTION_HEADING,
  TASK_STATUS_LABEL,
  formatDuration,
} from './report-labels';
import { renderReport } from './report-render';
import { ReportSectionContext, ReportSectionRegistry, TaskDetails } from './report-sections';

type Language = 'ja' | 'en';

/** Everything the built-in sections print, read with the reader's rights. */
interface ReportRecord {
  incident: IncidentEntity;
  organisationName: Map<string, string>;
  components: Awaited<ReturnType<IncidentsService['componentsOf']>>;
  participants: Awaited<ReturnType<IncidentsService['participantsOf']>>;
  members: Awaited<ReturnType<IncidentsService['membersOf']>>;
  tasks: Awaited<ReturnType<IncidentsService['tasksOf']>>;
  timeline: TimelineEntryEntity[];
  engagements: Awaited<ReturnType<AlertsService['engagementsOf']>>;
  alerts: Awaited<ReturnType<AlertsService['alertsOf']>>;
  severityCriteria: { ja: string; en: string } | null;
  /** Columns other contexts add to the tasks table (the runbook step a task came from). */
  taskDetails: TaskDetails;
}

/**
 * The incident management report (IR③): one incident's record, as its reader may see it, in the
 * city's agreed format. Every read goes through the owning context's service with the reader:
 * the incident through its visibility rule (NOT_FOUND otherwise), alerts through the alerting rule
 * (outside the promotion body, one's own organisation's only), and what other contexts contribute
 * through their providers, which are handed the reader too.
 */
@Injectable()
export class IncidentReportService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly alerts: AlertsService,
    private readonly directory: DirectoryService,
    private readonly guideline: GuidelineService,
    private readonly templates: ReportTemplatesService,
    private readonly registry: ReportSectionRegistry,
  ) {}

  async render(
    actor: Actor,
    incidentId: string,
    options: { templateId?: string | null; language: ReportLanguage; format: ReportFormat },
  ): Promise<{ text: string; reference: string }> {
    const document = await this.build(actor, incidentId, options.templateId, options.language);
    return { text: renderReport(document, options.format), reference: document.reference };
  }

  async build(
    actor: Actor,
    incidentId: string,
    templateId: string | null | undefined,
    language: ReportLanguage,
  ): Promise<ReportDocument> {
    const incident = await this.incidents.findVisible(actor, incidentId);
    const template = await this.templates.resolve(templateId);
    if (!template.languages.includes(language)) {
      throw badInput(
        'language',
        `The template “${template.name}” is written in ${template.languages.join(', ')} only`,
      );
    }
    const lang = language as Language;
    const context: ReportSectionContext = {
      actor,
      incident,
      language: lang,
      manager: this.dataSource.manager,
    };
    const record = await this.read(context, template.sections.includes(ReportSection.TASKS));
    const sections: ReportSectionContent[] = [];
    // Exactly the template's sections, in its order (see ReportSectionRegistry).
    for (const key of template.sections) {
      const blocks = BUILT_IN_SECTIONS.includes(key)
        ? this.builtIn(key as ReportSection, record, actor, lang)
        : await this.contributed(key, context);
      if (blocks) sections.push({ key, heading: this.heading(template, key, lang), blocks });
    }
    return {
      language: lang,
      documentTitle: LABEL.documentTitle[lang],
      reference: incident.reference,
      incidentTitle: incident.title,
      tlp: incident.tlp,
      tlpLabel: TLP_LABEL[incident.tlp],
      tlpDefinition: TLP_DEFINITION[incident.tlp][lang],
      generatedLine: LABEL.generated[lang](formatTokyoTime(new Date()), actor.displayName, template.name),
      intro: lang === 'ja' ? template.introJa : template.introEn,
      closing: lang === 'ja' ? template.closingJa : template.closingEn,
      sections,
    };
  }

  private heading(template: ReportTemplateEntity, key: string, lang: Language): string {
    const override = template.headings?.[key]?.[lang];
    if (override) return override;
    if (BUILT_IN_SECTIONS.includes(key)) return SECTION_HEADING[key as ReportSection][lang];
    return this.registry.get(key)?.heading[lang] ?? key;
  }

  private async contributed(key: string, context: ReportSectionContext): Promise<ReportBlock[] | null> {
    const provider = this.registry.get(key);
    // A template may still name a section whose context is not part of this installation.
    if (!provider) return null;
    return provider.build(context);
  }

  private async read(context: ReportSectionContext, withTasks: boolean): Promise<ReportRecord> {
    const { actor, incident } = context;
    const ids = [incident.id];
    const [components, participants, members, tasks, timeline, engagements, alerts, severities] =
      await Promise.all([
        this.incidents.componentsOf(ids),
        this.incidents.participantsOf(ids),
        this.incidents.membersOf(ids),
        this.incidents.tasksOf(ids),
        this.wholeTimeline(incident.id),
        this.alerts.engagementsOf(ids),
        this.alerts.alertsOf(actor, ids),
        this.incidents.severityDefinitions(),
      ]);
    const organisationIds = new Set<string>([
      incident.reporterOrganisationId,
      ...participants.map((p) => p.organisationId),
      ...tasks.flatMap((t) => (t.assigneeOrganisationId ? [t.assigneeOrganisationId] : [])),
      ...alerts.map((a) => a.organisationId),
    ]);
    const organisations = await this.directory.organisationsByIds([...organisationIds]);
    const severity = severities.find((s) => s.level === incident.severity);
    return {
      incident,
      organisationName: new Map(organisations.map((o) => [o.id, `${o.nameJa}\u0000${o.nameEn}`])),
      components,
      participants,
      members,
      tasks,
      timeline,
      engagements,
      alerts,
      severityCriteria: severity ? { ja: severity.criteriaJa, en: severity.criteriaEn } : null,
      taskDetails: withTasks
        ? await this.registry.taskDetails(context, tasks)
        : { columns: [], cells: new Map(), blocks: [] },
    };
  }

  /** The timeline through the incidents service's own paged read, oldest first. */
  private async wholeTimeline(incidentId: string): Promise<TimelineEntryEntity[]> {
    const entries: TimelineEntryEntity[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await this.incidents.timeline(incidentId, { first: 100, after });
      entries.push(...page.rows);
      if (!page.hasNextPage || page.rows.length === 0) return entries;
      after = encodeCursor([String(page.rows[page.rows.length - 1].sequence)]);
    }
  }

  private builtIn(key: ReportSection, r: ReportRecord, actor: Actor, l: Language): ReportBlock[] {
    const time = (date: Date | null | undefined) => (date ? formatTokyoTime(date) : LABEL.none[l]);
    const orgName = (id: string | null) => {
      if (!id) return LABEL.none[l];
      const [ja, en] = (r.organisationName.get(id) ?? '\u0000').split('\u0000');
      return (l === 'ja' ? ja : en) || ja || en || LABEL.none[l];
    };
    const yesNo = (value: boolean) => (value ? LABEL.yes[l] : LABEL.no[l]);
    const i = r.incident;
    switch (key) {
      case ReportSection.SUMMARY: {
        const type = i.incidentTypeId ? this.guideline.incidentType(i.incidentTypeId) : undefined;
        const phases = (
          [
            'detectedAt',
            'reportedAt',
            'triagedAt',
            'respondingAt',
            'containedAt',
            'recoveringAt',
            'resolvedAt',
            'closedAt',
            'reopenedAt',
          ] as const
        ).filter((phase) => i[phase]);
        return [
          {
            kind: 'fields',
            rows: [
              { label: LABEL.reference[l], value: i.reference },
              { label: LABEL.title[l], value: i.title },
              { label: LABEL.severity[l], value: `${i.severity} ${SEVERITY_LABEL[i.severity][l]}` },
              { label: LABEL.status[l], value: STATUS_LABEL[i.status][l] },
              { label: LABEL.tlp[l], value: TLP_LABEL[i.tlp] },
              { label: LABEL.category[l], value: CATEGORY_LABEL[i.category][l] },
              ...(type
                ? [
                    {
                      label: LABEL.incidentType[l],
                      value: `${type.id} ${l === 'ja' ? type.incidentJa : type.incidentEn}`,
                    },
                  ]
                : []),
              { label: LABEL.detectionSource[l], value: DETECTION_SOURCE_LABEL[i.detectionSource][l] },
              { label: LABEL.personalData[l], value: yesNo(i.personalDataInvolved) },
              { label: LABEL.safety[l], value: yesNo(i.safetyImpact) },
              { label: LABEL.reporterOrganisation[l], value: orgName(i.reporterOrganisationId) },
              ...(i.occurrenceCount > 1
                ? [{ label: LABEL.occurrences[l], value: String(i.occurrenceCount) }]
                : []),
              ...phases.map((phase) => ({ label: LABEL.phases[phase][l], value: time(i[phase]) })),
            ],
          },
        ];
      }
      case ReportSection.IMPACT:
        return [
          { kind: 'paragraph', text: i.description.trim() || LABEL.noDescription[l] },
          ...(r.severityCriteria?.[l]
            ? [
                {
                  kind: 'fields' as const,
                  rows: [
                    { label: `${LABEL.severityMeaning[l]} (${i.severity})`, value: r.severityCriteria[l] },
                  ],
                },
              ]
            : []),
          ...(i.personalDataInvolved ? [{ kind: 'paragraph' as const, text: LABEL.personalDataYes[l] }] : []),
          ...(i.safetyImpact ? [{ kind: 'paragraph' as const, text: LABEL.safetyYes[l] }] : []),
        ];
      case ReportSection.COMPONENTS:
        return [
          {
            kind: 'table',
            columns: [
              LABEL.components[l],
              LABEL.componentCategory[l],
              LABEL.componentKind[l],
              LABEL.addedAt[l],
            ],
            rows: r.components.map((c) => [
              l === 'ja' ? c.component.nameJa : c.component.nameEn || c.component.nameJa,
              c.component.category,
              c.component.kind,
              time(c.addedAt),
            ]),
            empty: LABEL.noComponents[l],
          },
        ];
      case ReportSection.PARTICIPANTS:
        return [
          {
            kind: 'table',
            columns: [LABEL.organisation[l], LABEL.duties[l], LABEL.source[l]],
            rows: r.participants.map((p) => [
              orgName(p.organisationId),
              p.duties.map((duty) => DUTY_LABEL[duty]?.[l] ?? duty).join(l === 'ja' ? '、' : ', ') ||
                LABEL.none[l],
              PARTICIPANT_SOURCE_LABEL[p.source]?.[l] ?? p.source,
            ]),
            empty: LABEL.noParticipants[l],
          },
          { kind: 'paragraph', text: LABEL.people[l] },
          {
            kind: 'table',
            columns: [LABEL.person[l], LABEL.role[l]],
            rows: r.members.map((m) => [
              m.user?.displayName ?? LABEL.none[l],
              ROLE_LABEL[m.role]?.[l] ?? m.role,
            ]),
            empty: LABEL.noPeople[l],
          },
        ];
      case ReportSection.ALERTS: {
        const blocks: ReportBlock[] = [
          {
            kind: 'table',
            columns: [
              LABEL.organisation[l],
              LABEL.firstAlerted[l],
              LABEL.acknowledgementRequired[l],
              LABEL.acknowledgedAt[l],
              LABEL.acknowledgedBy[l],
              LABEL.timeToAcknowledge[l],
            ],
            rows: r.engagements.map((e) => [
              (l === 'ja' ? e.organisation.nameJa : e.organisation.nameEn) || e.organisation.nameJa,
              time(e.firstAlertedAt),
              yesNo(e.acknowledgementRequired),
              e.firstAcknowledgedAt ? time(e.firstAcknowledgedAt) : LABEL.notAcknowledged[l],
              e.acknowledgedByName ?? LABEL.none[l],
              e.firstAcknowledgedAt
                ? formatDuration((e.firstAcknowledgedAt.getTime() - e.firstAlertedAt.getTime()) / 1000, l)
                : LABEL.none[l],
            ]),
            empty: LABEL.noEngagements[l],
          },
          { kind: 'paragraph', text: LABEL.alertsDetail[l] },
          {
            kind: 'table',
            columns: [
              LABEL.organisation[l],
              LABEL.recipient[l],
              LABEL.purpose[l],
              LABEL.state[l],
              LABEL.sentAt[l],
              LABEL.acknowledgedAt[l],
            ],
            rows: r.alerts.map((a) => [
              orgName(a.organisationId),
              a.recipientName,
              a.purpose,
              a.state,
              time(a.sentAt ?? a.createdAt),
              a.acknowledgedAt ? time(a.acknowledgedAt) : LABEL.none[l],
            ]),
            empty: LABEL.noAlerts[l],
          },
        ];
        if (!isCityWide(actor)) blocks.push({ kind: 'note', text: LABEL.otherOrganisationsAlerts[l] });
        return blocks;
      }
      case ReportSection.TIMELINE:
        return [
          {
            kind: 'table',
            columns: [LABEL.time[l], LABEL.actor[l], LABEL.entry[l]],
            rows: r.timeline.map((t) => [time(t.occurredAt), t.actorName, t.message]),
            empty: LABEL.noTimeline[l],
          },
        ];
      case ReportSection.TASKS: {
        const memberName = new Map(r.members.map((m) => [m.userId, m.user?.displayName ?? '']));
        const details = r.taskDetails;
        return [
          {
            kind: 'table',
            columns: [
              LABEL.task[l],
              LABEL.status[l],
              LABEL.assignee[l],
              LABEL.due[l],
              LABEL.completed[l],
              ...details.columns,
            ],
            rows: r.tasks.map((t) => [
              t.title,
              TASK_STATUS_LABEL[t.status][l],
              [
                orgName(t.assigneeOrganisationId),
                ...(t.assigneeUserId && memberName.get(t.assigneeUserId)
                  ? [memberName.get(t.assigneeUserId) as string]
                  : []),
              ].join(' / '),
              time(t.dueAt),
              time(t.completedAt),
              ...(details.cells.get(t.id) ?? []),
            ]),
            empty: LABEL.noTasks[l],
          },
          ...details.blocks,
        ];
      }
    }
  }
}
