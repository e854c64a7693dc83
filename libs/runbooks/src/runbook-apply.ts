import { EntityManager } from 'typeorm';
import { Actor } from '@renkei/core/context/actor';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { IncidentTaskEntity } from '@renkei/incidents/entities/incident-task.entity';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { RunbookApplicationEntity, RunbookTaskLinkEntity } from './entities/application.entity';
import { RunbookEntity, RunbookVersionEntity } from './entities/runbook.entity';
import { stepsOf } from './runbook-content';
import { AssigneeContext, PlannedTask, StepContent, planTasks } from './runbook-plan';
import { TemplateValues, renderTemplate } from './runbook-template';
import { RunbookScope } from './runbooks.enums';

/** Effective duties per organisation on some components (the responsibility map's answer). */
export type DutiesFor = (componentIds: string[], manager: EntityManager) => Promise<Map<string, Set<Duty>>>;

/** What the directory, the map and the incident say about who does what, read in the caller's transaction. */
export async function assigneeContext(
  manager: EntityManager,
  incident: IncidentEntity,
  dutiesFor: DutiesFor,
): Promise<AssigneeContext> {
  const componentIds = (
    (await manager.query(`SELECT component_id FROM incident_component WHERE incident_id = $1`, [
      incident.id,
    ])) as {
      component_id: string;
    }[]
  ).map((row) => row.component_id);
  const participants = (
    (await manager.query(`SELECT organisation_id FROM incident_participant WHERE incident_id = $1`, [
      incident.id,
    ])) as { organisation_id: string }[]
  ).map((row) => row.organisation_id);
  const organisations = (await manager.query(`SELECT id, name_en, guideline_roles FROM organisation`)) as {
    id: string;
    name_en: string;
    guideline_roles: GuidelineRole[];
  }[];
  const organisationsByRole = new Map<GuidelineRole, string[]>();
  for (const organisation of organisations) {
    for (const role of organisation.guideline_roles) {
      organisationsByRole.set(role, [...(organisationsByRole.get(role) ?? []), organisation.id]);
    }
  }
  return {
    dutiesByOrganisation: componentIds.length ? await dutiesFor(componentIds, manager) : new Map(),
    participantIds: new Set(participants),
    organisationsByRole,
    existingOrganisationIds: new Set(organisations.map((o) => o.id)),
    reporterOrganisationId: incident.reporterOrganisationId,
    organisationNames: new Map(organisations.map((o) => [o.id, o.name_en])),
    hasComponents: componentIds.length > 0,
  };
}

export function templateValues(
  incident: IncidentEntity,
  version: RunbookVersionEntity,
  appliedAt: Date,
): TemplateValues {
  return {
    'incident.reference': incident.reference,
    'incident.title': incident.title,
    'incident.severity': incident.severity,
    'incident.status': incident.status,
    'incident.tlp': incident.tlp,
    'incident.category': incident.category,
    'incident.incidentType': incident.incidentTypeId ?? '',
    'incident.reportedAt': incident.reportedAt.toISOString(),
    'incident.detectedAt': incident.detectedAt ? incident.detectedAt.toISOString() : '',
    'incident.personalDataInvolved': incident.personalDataInvolved ? 'yes / あり' : 'no / なし',
    'runbook.title': version.titleJa,
    appliedAt: appliedAt.toISOString(),
  };
}

function taskDescription(step: StepContent, planned: PlannedTask): string {
  const parts = [step.instructionsJa, step.instructionsEn].filter((text) => text.trim());
  if (step.decision) {
    parts.push(
      `**${step.decision.questionJa}** / ${step.decision.questionEn}\n\n` +
        step.decision.options.map((option) => `- ${option.labelJa} / ${option.labelEn}`).join('\n'),
    );
  }
  if (planned.gap) parts.push(`⚠ 責任の空白 / Responsibility gap: ${planned.gap}`);
  return parts.join('\n\n---\n\n');
}

export interface AppliedRunbook {
  application: RunbookApplicationEntity;
  taskIds: string[];
  gaps: number;
}

/**
 * Turns a published version into the incident's tasks, inside the caller's transaction: the
 * application row, one task per step and resolved organisation (an unassigned one flagged as a
 * responsibility gap when nobody could be resolved), the task ↔ step links and one timeline entry.
 * The caller has checked who may do this and writes the audit event.
 */
export async function writeRunbookApplication(
  manager: EntityManager,
  input: {
    incident: IncidentEntity;
    runbook: RunbookEntity;
    version: RunbookVersionEntity;
    context: AssigneeContext;
    actor: Actor | null;
    appliedAt: Date;
  },
): Promise<AppliedRunbook> {
  const { incident, runbook, version, context, actor, appliedAt } = input;
  const steps = await stepsOf(manager, [version.id]);
  const plan = planTasks(steps, context, appliedAt);
  const values = templateValues(incident, version, appliedAt);
  const application = await manager.save(
    manager.create(RunbookApplicationEntity, {
      incidentId: incident.id,
      runbookId: runbook.id,
      versionId: version.id,
      appliedAt,
      appliedById: actor?.userId ?? null,
      appliedByOrganisationId:
        actor?.organisationId ?? runbook.ownerOrganisationId ?? incident.reporterOrganisationId,
    }),
  );
  const inserted = await manager.insert(
    IncidentTaskEntity,
    plan.map((planned) => ({
      incidentId: incident.id,
      title: planned.step.titleJa,
      description: taskDescription(planned.step, planned),
      assigneeOrganisationId: planned.organisationId,
      assigneeUserId: null,
      dueAt: planned.dueAt,
      createdById: actor?.userId ?? null,
    })),
  );
  const taskIds = inserted.identifiers.map((identifier) => identifier.id as string);
  const stepIds = new Map(steps.map((step) => [step.key, step.id]));
  await manager.insert(
    RunbookTaskLinkEntity,
    plan.map((planned, index) => ({
      taskId: taskIds[index],
      applicationId: application.id,
      stepId: stepIds.get(planned.step.key) as string,
      stepKey: planned.step.key,
      position: planned.position,
      checkSheetKeys: planned.step.checkSheetKeys,
      cpsfMeasureIds: planned.step.cpsfMeasureIds,
      onDefaultPath: planned.onDefaultPath,
      responsibilityGap: planned.gap !== null,
      gapReason: planned.gap,
      renderedTemplateJa: planned.step.templateJa ? renderTemplate(planned.step.templateJa, values) : null,
      renderedTemplateEn: planned.step.templateEn ? renderTemplate(planned.step.templateEn, values) : null,
    })),
  );
  const gaps = plan.filter((planned) => planned.gap).length;
  // Everyone who sees the incident reads this: a stakeholder's own runbook is not named in it.
  const named = runbook.scope === RunbookScope.CITY_WIDE;
  await appendTimeline(
    manager,
    incident.id,
    TimelineEntryKind.RUNBOOK_APPLIED,
    `${named ? `Runbook applied: ${version.titleJa} (v${version.number})` : 'An organisation’s own runbook was applied'}: ${plan.length} tasks${gaps ? `, ${gaps} without anyone responsible` : ''}`,
    {
      applicationId: application.id,
      ...(named ? { runbookId: runbook.id, versionId: version.id, version: version.number } : {}),
      tasks: plan.length,
      responsibilityGaps: gaps,
    },
    actor,
  );
  await manager.query(`UPDATE incident SET version = version + 1, updated_at = now() WHERE id = $1`, [
    incident.id,
  ]);
  return { application, taskIds, gaps };
}
