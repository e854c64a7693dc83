import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { policyFromRow, snapshotOf } from '@renkei/alerting/alert-context';
import { TargetKind } from '@renkei/alerting/alerting.enums';
import type { PolicyStep, PolicyTarget } from '@renkei/alerting/entities/escalation-policy.entity';
import type { PolicySnapshot } from '@renkei/alerting/entities/escalation.entity';
import { selectPolicy } from '@renkei/alerting/routing';
import { AuditService } from '@renkei/audit/audit.service';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { IncidentHooks } from '@renkei/core/events/incident-hooks';
import type { GuidelineRole } from '@renkei/directory/directory.enums';
import type { DrillRouting } from '@renkei/incidents/entities/incident.entity';
import { DetectionSource, IncidentStatus, ParticipantSource, Tlp } from '@renkei/incidents/incidents.enums';
import { ResponsibilityService } from '@renkei/responsibility/responsibility.service';
import { resolveAudience } from './audience';
import { ExerciseEntity, ExerciseInjectEntity } from './entities/exercise.entity';
import { exerciseSeconds, recordExerciseEvent } from './exercise-access';
import { scaleSeconds } from './exercise-clock';
import { ExerciseRole, InjectState } from './exercises.enums';

/**
 * Sends one inject through the real alerting chain: a drill incident (hidden from the register)
 * carries it, with an escalation built from the city's own policy for the exercise's severity and
 * category — its first step replaced by the inject's audience, its timings compressed by the
 * exercise's speed — and routing that never leaves the playing organisations. Runs in the caller's
 * transaction, with the exercise and the inject locked.
 */
@Injectable()
export class InjectDispatch {
  constructor(
    private readonly hooks: IncidentHooks,
    private readonly responsibility: ResponsibilityService,
    private readonly events: DomainEvents,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async send(
    manager: EntityManager,
    exercise: ExerciseEntity,
    inject: ExerciseInjectEntity,
    options: { now: Date; latenessMs: number | null; sentById: string | null },
  ): Promise<ExerciseInjectEntity> {
    const players = (await manager.query(
      `SELECT p.organisation_id AS "organisationId", o.guideline_roles AS roles, p.contact_ids AS "contactIds"
         FROM exercise_participant p JOIN organisation o ON o.id = p.organisation_id
        WHERE p.exercise_id = $1 AND p.role = '${ExerciseRole.PLAYER}'`,
      [exercise.id],
    )) as { organisationId: string; roles: GuidelineRole[]; contactIds: string[] }[];
    const componentIds = [...new Set(inject.audience.duties.flatMap((duty) => duty.componentIds))];
    const effective = await this.responsibility.effectiveFor(componentIds, manager);
    const holders = new Map(
      [...effective].map(([componentId, list]) => [
        componentId,
        list.map((item) => ({ organisationId: item.assignment.organisationId, duty: item.assignment.duty })),
      ]),
    );
    const contactRows = (await manager.query(
      `SELECT id, organisation_id FROM contact
        WHERE id = ANY($1::uuid[]) OR id IN (SELECT unnest(contact_ids) FROM exercise_participant WHERE exercise_id = $2)`,
      [inject.audience.contactIds, exercise.id],
    )) as { id: string; organisation_id: string }[];
    const contactOrganisation = new Map(contactRows.map((row) => [row.id, row.organisation_id]));
    const resolved = resolveAudience(inject.audience, players, holders, contactOrganisation);

    const sequence = inject.sequence;
    let incidentId: string | null = null;
    if (resolved.organisationIds.length) {
      const policy = await this.drillPolicy(manager, exercise, inject, resolved, contactOrganisation);
      const drill: DrillRouting = {
        exerciseId: exercise.id,
        exerciseTitle: exercise.title,
        injectId: inject.id,
        injectKey: inject.key,
        injectSequence: sequence,
        organisationIds: resolved.organisationIds,
        policy,
      };
      const reference = `DRILL-${exercise.id.replace(/-/g, '').slice(0, 10).toUpperCase()}-${String(sequence).padStart(3, '0')}`;
      const text = inject.textJa === inject.textEn ? inject.textEn : `${inject.textJa}\n\n${inject.textEn}`;
      const [row] = (await manager.query(
        `INSERT INTO incident (reference, title, description, severity, category, detection_source, tlp, status,
                               reported_at, detected_at, reporter_organisation_id, last_occurrence_at, exercise_id, drill, version)
         VALUES ($1, $2, $3, $4, $5, '${DetectionSource.OTHER}', '${Tlp.AMBER}', '${IncidentStatus.NEW}',
                 $6, $6, $7, $6, $8, $9::jsonb, 1)
         RETURNING id`,
        [
          reference,
          `${exercise.title} — ${inject.titleJa === inject.titleEn ? inject.titleEn : `${inject.titleJa} / ${inject.titleEn}`}`,
          text,
          exercise.severity,
          exercise.category,
          options.now,
          exercise.organiserOrganisationId,
          exercise.id,
          JSON.stringify(drill),
        ],
      )) as { id: string }[];
      incidentId = row.id;
      // The inject's audience takes part in the drill incident (with the duties the audience named).
      const duties = new Map<string, Set<string>>();
      for (const { duty, componentIds: ids } of inject.audience.duties) {
        for (const componentId of ids) {
          for (const holder of holders.get(componentId) ?? []) {
            if (holder.duty === duty)
              duties.set(holder.organisationId, (duties.get(holder.organisationId) ?? new Set()).add(duty));
          }
        }
      }
      await manager.query(
        `INSERT INTO incident_participant (incident_id, organisation_id, duties, source)
         SELECT $1, o, COALESCE((SELECT array_agg(d) FROM jsonb_array_elements_text($3::jsonb -> o::text) d), '{}'), '${ParticipantSource.ALERTED}'
           FROM unnest($2::uuid[]) o
         ON CONFLICT DO NOTHING`,
        [
          incidentId,
          resolved.organisationIds,
          JSON.stringify(Object.fromEntries([...duties].map(([id, set]) => [id, [...set]]))),
        ],
      );
      await manager.query(
        `INSERT INTO incident_component (incident_id, component_id)
         SELECT $1, c FROM unnest($2::uuid[]) c ON CONFLICT DO NOTHING`,
        [incidentId, componentIds],
      );
      await this.hooks.run(manager, { kind: 'reported', incidentId });
    }

    const gapNames = resolved.gaps.length
      ? ((await manager.query(`SELECT id, name_en FROM component WHERE id = ANY($1::uuid[])`, [
          resolved.gaps.map((gap) => gap.componentId),
        ])) as { id: string; name_en: string }[])
      : [];
    inject.state = InjectState.SENT;
    inject.sentAt = options.now;
    inject.sentAtExerciseSeconds = exerciseSeconds(exercise, options.now);
    inject.latenessMs = options.latenessMs;
    inject.incidentId = incidentId;
    inject.recipientOrganisationIds = resolved.organisationIds;
    inject.responsibilityGaps = resolved.gaps;
    inject.sentById = options.sentById;
    inject.dueAt = null;
    await manager.query(
      `UPDATE exercise_inject SET state = $2, sent_at = $3, sent_at_exercise_seconds = $4, lateness_ms = $5,
              incident_id = $6, recipient_organisation_ids = $7, responsibility_gaps = $8::jsonb, sent_by_id = $9,
              due_at = NULL, updated_at = now()
        WHERE id = $1`,
      [
        inject.id,
        inject.state,
        inject.sentAt,
        inject.sentAtExerciseSeconds,
        inject.latenessMs,
        incidentId,
        resolved.organisationIds,
        JSON.stringify(resolved.gaps),
        options.sentById,
      ],
    );
    await recordExerciseEvent(manager, this.events, {
      exercise,
      kind: 'inject.sent',
      message: `Inject ${sequence} (${inject.titleEn}) sent to ${resolved.organisationIds.length} organisation(s)`,
      visibleTo: resolved.organisationIds,
      at: options.now,
      data: {
        injectId: inject.id,
        key: inject.key,
        sequence,
        titleJa: inject.titleJa,
        titleEn: inject.titleEn,
        textJa: inject.textJa,
        textEn: inject.textEn,
        adHoc: inject.adHoc,
        incidentId,
        recipientOrganisationIds: resolved.organisationIds,
        latenessMs: options.latenessMs,
        outside: resolved.outside.length,
        gaps: resolved.gaps.map((gap) => ({
          ...gap,
          componentName: gapNames.find((c) => c.id === gap.componentId)?.name_en ?? gap.componentId,
        })),
      },
    });
    await this.audit.record(manager, {
      action: 'exercise.inject_sent',
      entityType: 'exercise',
      entityId: exercise.id,
      actor: null,
      data: {
        injectId: inject.id,
        sequence,
        incidentId,
        organisationIds: resolved.organisationIds,
        notReached: resolved.outside,
        latenessMs: options.latenessMs,
      },
    });
    return inject;
  }

  /** The city's policy for the exercise's severity and category, with the inject's audience first. */
  private async drillPolicy(
    manager: EntityManager,
    exercise: ExerciseEntity,
    inject: ExerciseInjectEntity,
    resolved: { organisationIds: string[]; contactIds: string[] },
    contactOrganisation: Map<string, string>,
  ): Promise<PolicySnapshot> {
    const rows = (await manager.query(
      `SELECT * FROM escalation_policy WHERE organisation_id IS NULL`,
    )) as Record<string, unknown>[];
    const base = selectPolicy(rows.map(policyFromRow), exercise, null);
    const ack = inject.acknowledgementRequired;
    const first: PolicyTarget[] = [];
    for (const organisationId of resolved.organisationIds) {
      const contacts = resolved.contactIds.filter((id) => contactOrganisation.get(id) === organisationId);
      if (contacts.length) {
        for (const contactId of contacts)
          first.push({ kind: TargetKind.CONTACT, contactId, acknowledgementRequired: ack });
      } else {
        first.push({ kind: TargetKind.ORGANISATION, organisationId, acknowledgementRequired: ack });
      }
    }
    const speed = exercise.speed;
    const scale = (step: PolicyStep): PolicyStep => ({
      ...step,
      escalateAfterSeconds: scaleSeconds(step.escalateAfterSeconds, speed) as number,
    });
    if (!base) {
      return {
        id: '00000000-0000-0000-0000-000000000000',
        name: 'Drill (no city policy)',
        version: 1,
        steps: [{ escalateAfterSeconds: scaleSeconds(900, speed) as number, targets: first }],
        repeatCount: 0,
        reminderIntervalSeconds: null,
        maxReminders: 0,
        reescalateAfterSeconds: null,
        reescalateSeverities: [],
      };
    }
    const snapshot = snapshotOf(base);
    const [head, ...rest] = snapshot.steps;
    return {
      ...snapshot,
      name: `${snapshot.name} (drill)`,
      steps: [{ ...scale(head), targets: first }, ...(ack ? rest.map(scale) : [])],
      // An inject for information is told once: no repeated rounds chasing an acknowledgement nobody asked for.
      repeatCount: ack ? snapshot.repeatCount : 0,
      reminderIntervalSeconds: ack ? scaleSeconds(snapshot.reminderIntervalSeconds, speed) : null,
      reescalateAfterSeconds: null,
      reescalateSeverities: [],
    };
  }
}
