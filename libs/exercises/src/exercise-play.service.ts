import { Inject, Injectable } from '@nestjs/common';
import { AcknowledgementResult, AcknowledgementService } from '@renkei/alerting/acknowledgement.service';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, conflict, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { DataSource, EntityManager, In } from 'typeorm';
import { AfterActionService } from './after-action.service';
import type { ExerciseResponseInput } from './dto/exercise.type';
import { ExerciseEventEntity, ExerciseResponseEntity } from './entities/exercise-records.entity';
import { ExerciseEntity, ExerciseInjectEntity } from './entities/exercise.entity';
import { ExerciseAccess, exerciseSeconds, loadAccess, recordExerciseEvent } from './exercise-access';
import { ExerciseRole, InjectState, LIVE_STATUSES, ResponseKind } from './exercises.enums';

/** The exercise-wide events every participant sees (the clock). */
const CLOCK_EVENTS = [
  'exercise.started',
  'exercise.paused',
  'exercise.resumed',
  'exercise.jumped',
  'exercise.finished',
  'exercise.cancelled',
];

/** What players do in an exercise — acknowledge, respond, message — and what each may read of it. */
@Injectable()
export class ExercisePlayService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly acknowledgements: AcknowledgementService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly reports: AfterActionService,
  ) {}

  /** A player acknowledges an inject for their organisation (as the landing page's link would). */
  async acknowledgeInject(
    actor: Actor,
    injectId: string,
    note?: string | null,
  ): Promise<AcknowledgementResult> {
    const { inject, access } = await this.injectFor(actor, injectId);
    if (!inject.incidentId || !inject.recipientOrganisationIds.includes(actor.organisationId)) {
      // A player sees only the injects sent to it: any other does not exist for it.
      if (!access.staff) throw notFound('Inject', injectId);
      throw forbidden('This inject was not sent to your organisation');
    }
    if (!LIVE_STATUSES.includes(access.exercise.status)) {
      // The report is frozen at the finish: a late acknowledgement would contradict it.
      throw conflict(`The exercise is ${access.exercise.status}: acknowledgements ended with it`);
    }
    return this.acknowledgements.acknowledgeAsUser(actor, inject.incidentId, note);
  }

  async respond(
    actor: Actor,
    exerciseId: string,
    input: ExerciseResponseInput,
  ): Promise<ExerciseResponseEntity> {
    return this.dataSource.transaction(async (manager) => {
      const access = await loadAccess(manager, actor, exerciseId, true);
      if (access.role !== ExerciseRole.PLAYER) throw forbidden('Only playing organisations post responses');
      if (!LIVE_STATUSES.includes(access.exercise.status))
        throw conflict(`The exercise is ${access.exercise.status}`);
      if (input.injectId) {
        const [inject] = (await manager.query(
          `SELECT id FROM exercise_inject WHERE id = $1 AND exercise_id = $2 AND state = '${InjectState.SENT}'
              AND $3 = ANY(recipient_organisation_ids)`,
          [input.injectId, exerciseId, actor.organisationId],
        )) as unknown[];
        if (!inject) throw badInput('input.injectId', 'No inject your organisation received has this id');
      }
      if (input.toOrganisationIds.length) {
        const rows = (await manager.query(
          `SELECT organisation_id FROM exercise_participant WHERE exercise_id = $1 AND role = 'PLAYER'
              AND organisation_id = ANY($2::uuid[])`,
          [exerciseId, input.toOrganisationIds],
        )) as { organisation_id: string }[];
        const playing = new Set(rows.map((row) => row.organisation_id));
        const index = input.toOrganisationIds.findIndex((id) => !playing.has(id));
        if (index >= 0)
          throw badInput(`input.toOrganisationIds.${index}`, 'Not a playing organisation of the exercise');
      } else if (input.kind === 'MESSAGE') {
        throw badInput('input.toOrganisationIds', 'A message needs at least one addressee');
      }
      return this.writeResponse(manager, access.exercise, actor, {
        injectId: input.injectId ?? null,
        organisationId: actor.organisationId,
        userId: actor.userId,
        authorName: actor.displayName,
        kind: input.kind,
        text: input.text,
        toOrganisationIds: input.toOrganisationIds,
      });
    });
  }

  /**
   * A player's response from its alert's link (the landing page of a drill's inject): the token names
   * the alert, so the organisation, the recipient and the inject. Refused (null) when the token is
   * not a drill's, the exercise is not running or paused, or the organisation does not play.
   */
  async respondByToken(
    alertId: string,
    input: { kind: ResponseKind; text: string; name: string | null },
  ): Promise<ExerciseResponseEntity | 'not-running' | null> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT a.organisation_id, a.recipient_name, i.exercise_id, i.drill->>'injectId' AS inject_id
           FROM alert a JOIN incident i ON i.id = a.incident_id
          WHERE a.id = $1 AND i.exercise_id IS NOT NULL`,
        [alertId],
      )) as { organisation_id: string; recipient_name: string; exercise_id: string; inject_id: string }[];
      if (!row) return null;
      const exercise = await manager
        .getRepository(ExerciseEntity)
        .createQueryBuilder('e')
        .setLock('pessimistic_write')
        .where('e.id = :id', { id: row.exercise_id })
        .getOne();
      if (!exercise) return null;
      if (!LIVE_STATUSES.includes(exercise.status)) return 'not-running';
      const [playing] = (await manager.query(
        `SELECT 1 FROM exercise_participant WHERE exercise_id = $1 AND organisation_id = $2 AND role = 'PLAYER'`,
        [exercise.id, row.organisation_id],
      )) as unknown[];
      if (!playing) return null;
      const name = input.name?.trim().slice(0, 200);
      return this.writeResponse(manager, exercise, null, {
        injectId: row.inject_id,
        organisationId: row.organisation_id,
        userId: null,
        authorName: name ? `${name} (${row.recipient_name})` : row.recipient_name,
        kind: input.kind,
        text: input.text,
        toOrganisationIds: [],
      });
    });
  }

  private async writeResponse(
    manager: EntityManager,
    exercise: ExerciseEntity,
    actor: Actor | null,
    input: {
      injectId: string | null;
      organisationId: string;
      userId: string | null;
      authorName: string;
      kind: ResponseKind;
      text: string;
      toOrganisationIds: string[];
    },
  ): Promise<ExerciseResponseEntity> {
    const response = await manager.save(
      manager.create(ExerciseResponseEntity, {
        exerciseId: exercise.id,
        injectId: input.injectId,
        organisationId: input.organisationId,
        userId: input.userId,
        authorName: input.authorName,
        kind: input.kind,
        text: input.text.trim(),
        toOrganisationIds: [...new Set(input.toOrganisationIds)],
        exerciseSeconds: exerciseSeconds(exercise),
      }),
    );
    await recordExerciseEvent(manager, this.events, {
      exercise,
      kind: 'response',
      message: `${input.kind.toLowerCase()} from ${input.authorName}`,
      organisationId: input.organisationId,
      visibleTo: [input.organisationId, ...response.toOrganisationIds],
      data: {
        responseId: response.id,
        injectId: response.injectId,
        kind: response.kind,
        text: response.text,
        authorName: response.authorName,
        toOrganisationIds: response.toOrganisationIds,
      },
    });
    await this.audit.record(manager, {
      action: 'exercise.response',
      entityType: 'exercise',
      entityId: exercise.id,
      actor,
      data: {
        responseId: response.id,
        kind: input.kind,
        injectId: response.injectId,
        via: actor ? 'graphql' : 'link',
      },
    });
    return response;
  }

  // ---- reads, filtered by what the caller is in the exercise ----

  /** Responses of several exercises at once: all for staff; a player its own and those addressed to it. */
  async responses(actor: Actor, accesses: ExerciseAccess[]): Promise<ExerciseResponseEntity[]> {
    if (accesses.length === 0) return [];
    const staff = new Set(accesses.filter((a) => a.staff).map((a) => a.exercise.id));
    const rows = await this.dataSource.getRepository(ExerciseResponseEntity).find({
      where: { exerciseId: In(accesses.map((a) => a.exercise.id)) },
      order: { createdAt: 'ASC' },
    });
    return rows.filter(
      (row) =>
        staff.has(row.exerciseId) ||
        row.organisationId === actor.organisationId ||
        row.toOrganisationIds.includes(actor.organisationId),
    );
  }

  /**
   * The logs of several exercises at once: all of it for staff; for a player the clock's events, its
   * own organisation's, the injects sent to it and the messages addressed to it.
   */
  async eventLog(actor: Actor, accesses: ExerciseAccess[]): Promise<ExerciseEventEntity[]> {
    if (accesses.length === 0) return [];
    const staff = new Set(accesses.filter((a) => a.staff).map((a) => a.exercise.id));
    const rows = await this.dataSource.getRepository(ExerciseEventEntity).find({
      where: { exerciseId: In(accesses.map((a) => a.exercise.id)) },
      order: { id: 'ASC' },
    });
    const names = (value: unknown) =>
      Array.isArray(value) && (value as string[]).includes(actor.organisationId);
    return rows.filter(
      (row) =>
        staff.has(row.exerciseId) ||
        (row.organisationId === null && CLOCK_EVENTS.includes(row.kind)) ||
        row.organisationId === actor.organisationId ||
        (row.kind === 'inject.sent' && names(row.data.recipientOrganisationIds)) ||
        (row.kind === 'response' && names(row.data.toOrganisationIds)),
    );
  }

  private async injectFor(
    actor: Actor,
    injectId: string,
  ): Promise<{ inject: ExerciseInjectEntity; access: ExerciseAccess }> {
    if (!isUuid(injectId)) throw notFound('Inject', injectId);
    const inject = await this.dataSource.getRepository(ExerciseInjectEntity).findOneBy({ id: injectId });
    if (!inject) throw notFound('Inject', injectId);
    const access = await loadAccess(this.dataSource.manager, actor, inject.exerciseId).catch(() => {
      throw notFound('Inject', injectId);
    });
    return { inject, access };
  }
}
