import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, conflict } from '@renkei/core/errors/domain.errors';
import { IncidentCommandsService } from '@renkei/incidents/incident-commands.service';
import { IncidentsService } from '@renkei/incidents/incidents.service';
import { TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { ResponsibilityService } from '@renkei/responsibility/responsibility.service';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { RunbookApplicationEntity, RunbookTaskLinkEntity } from './entities/application.entity';
import { RunbookEntity, RunbookVersionEntity } from './entities/runbook.entity';
import { DutiesFor, assigneeContext, writeRunbookApplication } from './runbook-apply';
import { RunbookLibraryService, runbookVisibility } from './runbook-library.service';
import { RunbookVersionStatus } from './runbooks.enums';

/** A runbook version applied to an incident, as a reader of the incident may know it. */
export interface AppliedRunbookView {
  applicationId: string;
  appliedAt: Date;
  versionNumber: number;
  /** null when the reader may not see the runbook (another organisation's own runbook). */
  titleJa: string | null;
  titleEn: string | null;
}

/** The runbook step an incident task came from. */
export interface TaskStepView {
  taskId: string;
  applicationId: string;
  /** 0-based position of the step in its version. */
  position: number;
  stepTitleJa: string;
  stepTitleEn: string;
  checkSheetKeys: string[];
  cpsfMeasureIds: string[];
  onDefaultPath: boolean;
}

export interface Suggestion {
  runbook: RunbookEntity;
  version: RunbookVersionEntity;
  score: number;
  reasons: string[];
}

/** Runbooks on incidents: applying one, suggesting which, and the task ↔ step links. */
@Injectable()
export class RunbookApplicationService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly incidents: IncidentsService,
    private readonly commands: IncidentCommandsService,
    private readonly library: RunbookLibraryService,
    private readonly map: ResponsibilityService,
  ) {}

  /** The map's effective duties per organisation on the components (own and inherited). */
  readonly dutiesFor: DutiesFor = async (componentIds, manager) => {
    const { byOrganisation } = await this.map.partiesFor(componentIds, manager);
    return new Map(
      [...byOrganisation].map(([organisationId, items]) => [
        organisationId,
        new Set<Duty>(items.map((item) => item.assignment.duty)),
      ]),
    );
  };

  /**
   * Applies a published version to an incident the actor may manage. Applying the same version to
   * the same incident again is refused (CONFLICT): its tasks exist already, and a second set would
   * double every assignment. A newer version of the same runbook may be applied.
   */
  async apply(actor: Actor, incidentId: string, versionId: string): Promise<RunbookApplicationEntity> {
    if (!isUuid(incidentId)) throw badInput('incidentId', `${incidentId} is not a valid id`);
    if (!isUuid(versionId)) throw badInput('runbookVersionId', `${versionId} is not a valid id`);
    return this.commands.runOnIncident(actor, incidentId, async (manager, incident) => {
      const { runbook, version } = await this.publishedVersion(actor, manager, versionId);
      if (await manager.findOneBy(RunbookApplicationEntity, { incidentId, versionId })) {
        throw conflict(
          `Version ${version.number} of this runbook is already applied to the incident`,
          'runbookVersionId',
        );
      }
      const context = await assigneeContext(manager, incident, this.dutiesFor);
      const { application, taskIds, gaps } = await writeRunbookApplication(manager, {
        incident,
        runbook,
        version,
        context,
        actor,
        appliedAt: new Date(),
      });
      await this.audit.record(manager, {
        action: 'runbook.applied',
        entityType: 'incident',
        entityId: incidentId,
        data: {
          applicationId: application.id,
          runbookId: runbook.id,
          versionId,
          taskIds,
          responsibilityGaps: gaps,
        },
      });
      return {
        result: application,
        event: 'incident.timeline',
        detail: { kind: TimelineEntryKind.RUNBOOK_APPLIED },
      };
    });
  }

  private async publishedVersion(
    actor: Actor,
    manager: EntityManager,
    versionId: string,
  ): Promise<{ runbook: RunbookEntity; version: RunbookVersionEntity }> {
    const version = await manager.findOneBy(RunbookVersionEntity, { id: versionId });
    const runbook = version
      ? await this.library.findVisible(actor, version.runbookId, manager).catch(() => null)
      : null;
    if (!version || !runbook)
      throw badInput('runbookVersionId', `Runbook version ${versionId} does not exist`);
    if (version.status !== RunbookVersionStatus.PUBLISHED) {
      throw badInput('runbookVersionId', 'Only a published version can be applied; publish the draft first');
    }
    if (runbook.retiredAt) throw badInput('runbookVersionId', 'The runbook is retired');
    return { runbook, version };
  }

  /**
   * Published runbooks whose applicability matches the incident, most specific first, leaving out
   * those already applied. Every dimension a runbook names must match (an empty one matches all):
   * incident type (weight 8), incident category (4), the guideline category of an affected
   * component (2), severity (1). Ties: narrower applicability, then the city's own before Renkei's
   * examples, then the title. None for a drill incident.
   */
  async suggestions(actor: Actor, incidentId: string): Promise<Suggestion[]> {
    const incident = await this.incidents.findVisible(actor, incidentId);
    // A tabletop exercise's drill incident is played from the scenario, not from the city's runbooks.
    if (incident.exerciseId) return [];
    const componentCategories = (
      (await this.dataSource.query(
        `SELECT DISTINCT c.category FROM incident_component ic JOIN component c ON c.id = ic.component_id WHERE ic.incident_id = $1`,
        [incidentId],
      )) as { category: string }[]
    ).map((row) => row.category);
    const visibility = runbookVisibility(actor, 'r', 1);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT r.id FROM runbook r
        WHERE r.current_version_id IS NOT NULL AND r.retired_at IS NULL AND ${visibility.sql}
          AND NOT EXISTS (SELECT 1 FROM runbook_application a WHERE a.incident_id = $1 AND a.runbook_id = r.id)`,
      [incidentId, ...visibility.params],
    );
    const runbooks = await this.library.runbooksByIds(rows.map((row) => row.id));
    const versions = new Map(
      (await this.library.versionsByIds(runbooks.map((r) => r.currentVersionId as string))).map((v) => [
        v.id,
        v,
      ]),
    );
    const suggestions: (Suggestion & { breadth: number })[] = [];
    for (const runbook of runbooks) {
      const version = versions.get(runbook.currentVersionId as string) as RunbookVersionEntity;
      const reasons: string[] = [];
      let score = 0;
      let matches = true;
      // A dimension the incident does not tell yet (no incident type, no component) neither matches
      // nor rules the runbook out; one it tells must match. A runbook naming conditions needs at
      // least one of them met to be suggested.
      const dimension = (listed: string[], actual: string[], weight: number, label: string) => {
        if (listed.length === 0 || actual.length === 0) return;
        const hit = actual.filter((value) => listed.includes(value));
        if (hit.length === 0) matches = false;
        else {
          score += weight;
          reasons.push(`${label} ${hit.join(', ')}`);
        }
      };
      dimension(
        version.incidentTypeIds,
        incident.incidentTypeId ? [incident.incidentTypeId] : [],
        8,
        'incident type',
      );
      dimension(version.incidentCategories, [incident.category], 4, 'incident category');
      dimension(version.componentCategories, componentCategories, 2, 'component category');
      dimension(version.severities, [incident.severity], 1, 'severity');
      const breadth =
        version.incidentTypeIds.length +
        version.incidentCategories.length +
        version.componentCategories.length +
        version.severities.length;
      if (!matches || (breadth > 0 && score === 0)) continue;
      suggestions.push({ runbook, version, score, reasons, breadth });
    }
    suggestions.sort(
      (a, b) =>
        b.score - a.score ||
        a.breadth - b.breadth ||
        Number(a.runbook.isExample) - Number(b.runbook.isExample) ||
        a.version.titleEn.localeCompare(b.version.titleEn),
    );
    return suggestions.map(({ breadth: _breadth, ...suggestion }) => suggestion);
  }

  /**
   * The runbooks applied to an incident and the steps behind its tasks, as the actor may read them:
   * whoever sees the incident sees which step a task came from and the guideline items it serves
   * (Task.runbookStep); the runbook is named only to those who may see it (runbookVisibility) — like
   * the timeline, which does not name a stakeholder's own runbook. NOT_FOUND for an incident the
   * actor may not see.
   */
  async readableStepsOf(
    actor: Actor,
    incidentId: string,
  ): Promise<{ applications: AppliedRunbookView[]; steps: TaskStepView[] }> {
    await this.incidents.findVisible(actor, incidentId);
    const visibility = runbookVisibility(actor, 'r', 1);
    const applications = (await this.dataSource.query(
      `SELECT a.id AS "applicationId", a.applied_at AS "appliedAt", v.number AS "versionNumber",
              CASE WHEN ${visibility.sql} THEN v.title_ja END AS "titleJa",
              CASE WHEN ${visibility.sql} THEN v.title_en END AS "titleEn"
         FROM runbook_application a
         JOIN runbook_version v ON v.id = a.version_id
         JOIN runbook r ON r.id = a.runbook_id
        WHERE a.incident_id = $1
        ORDER BY a.applied_at, a.id`,
      [incidentId, ...visibility.params],
    )) as AppliedRunbookView[];
    const steps = (await this.dataSource.query(
      `SELECT l.task_id AS "taskId", l.application_id AS "applicationId", l.position,
              s.title_ja AS "stepTitleJa", s.title_en AS "stepTitleEn",
              l.check_sheet_keys AS "checkSheetKeys", l.cpsf_measure_ids AS "cpsfMeasureIds",
              l.on_default_path AS "onDefaultPath"
         FROM runbook_task_link l
         JOIN runbook_application a ON a.id = l.application_id
         JOIN runbook_step s ON s.id = l.step_id
        WHERE a.incident_id = $1
        ORDER BY a.applied_at, l.position`,
      [incidentId],
    )) as TaskStepView[];
    return { applications, steps };
  }

  // ---- batch loaders ----

  async applicationsOf(incidentIds: readonly string[]): Promise<RunbookApplicationEntity[]> {
    if (incidentIds.length === 0) return [];
    return this.dataSource.getRepository(RunbookApplicationEntity).find({
      where: { incidentId: In([...incidentIds]) },
      order: { appliedAt: 'ASC' },
    });
  }

  async linksOf(taskIds: readonly string[]): Promise<RunbookTaskLinkEntity[]> {
    if (taskIds.length === 0) return [];
    return this.dataSource.getRepository(RunbookTaskLinkEntity).findBy({ taskId: In([...taskIds]) });
  }

  async linksOfApplications(applicationIds: readonly string[]): Promise<RunbookTaskLinkEntity[]> {
    if (applicationIds.length === 0) return [];
    return this.dataSource.getRepository(RunbookTaskLinkEntity).find({
      where: { applicationId: In([...applicationIds]) },
      order: { position: 'ASC' },
    });
  }

  async applicationsByIds(ids: readonly string[]): Promise<RunbookApplicationEntity[]> {
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(RunbookApplicationEntity).findBy({ id: In([...ids]) });
  }
}
