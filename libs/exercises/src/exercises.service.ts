import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { enqueue } from '@renkei/alerting/outbox';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor } from '@renkei/core/context/actor';
import { badInput, conflict, notFound } from '@renkei/core/errors/domain.errors';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { decodeCursor, encodeCursor, PageInput, pageSize } from '@renkei/core/pagination/connection';
import type {
  CreateExerciseInput,
  ParticipantInput,
  UpdateExerciseInput,
  UpdateInjectInput,
} from './dto/exercise.type';
import { ExerciseEntity, ExerciseInjectEntity, ExerciseParticipantEntity } from './entities/exercise.entity';
import {
  ExerciseAccess,
  exerciseVisibility,
  loadAccess,
  recordExerciseEvent,
  requireFacilitator,
} from './exercise-access';
import { startExerciseJob } from './exercise-jobs';
import { ExerciseRole, ExerciseStatus, InjectState } from './exercises.enums';
import type { ScenarioContent } from './scenario-content';
import { checkInjectReferences, validateInject } from './scenario-validation';
import { ScenariosService } from './scenarios.service';

/** An exercise's injects as planned from a scenario version (the run keeps them, whatever the library does). */
export function plannedInjects(
  exerciseId: string,
  content: ScenarioContent,
): Partial<ExerciseInjectEntity>[] {
  return content.injects.map((inject, index) => ({
    exerciseId,
    key: inject.key,
    sequence: index + 1,
    offsetSeconds: inject.offsetSeconds,
    titleJa: inject.titleJa,
    titleEn: inject.titleEn,
    textJa: inject.textJa,
    textEn: inject.textEn,
    audience: inject.audience,
    acknowledgementRequired: inject.acknowledgementRequired,
    expectedActions: inject.expectedActions,
  }));
}

/** Planning exercises (from a scenario version, with participants and adjusted injects) and reading them. */
@Injectable()
export class ExercisesService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly scenarios: ScenariosService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async create(actor: Actor, input: CreateExerciseInput): Promise<ExerciseAccess> {
    const scheduledAt = input.scheduledAt ? new Date(input.scheduledAt) : null;
    if (scheduledAt && scheduledAt.getTime() < Date.now() - 60_000) {
      throw badInput('input.scheduledAt', 'scheduledAt is in the past');
    }
    return this.dataSource.transaction(async (manager) => {
      const source = await this.scenarios.get(input.scenarioId, manager).catch(() => {
        throw badInput('input.scenarioId', `No scenario ${input.scenarioId}`);
      });
      if (source.scenario.archivedAt) throw badInput('input.scenarioId', 'The scenario is archived');
      await this.checkParticipants(manager, input.participants, 'input.participants');
      const content: ScenarioContent = source.current.content;
      const exercise = await manager.save(
        manager.create(ExerciseEntity, {
          title: input.title?.trim() || content.titleJa,
          description: input.description,
          scenarioId: source.scenario.id,
          scenarioVersionId: source.current.id,
          scenarioVersionNumber: source.current.number,
          objectives: content.objectives,
          status: ExerciseStatus.SCHEDULED,
          severity: input.severity,
          category: input.category,
          speed: input.speed,
          scheduledAt,
          organiserOrganisationId: actor.organisationId,
          createdById: actor.userId,
        }),
      );
      await manager.insert(ExerciseInjectEntity, plannedInjects(exercise.id, content));
      await this.writeParticipants(manager, exercise.id, input.participants);
      if (scheduledAt) {
        await enqueue(manager, [
          startExerciseJob({ exerciseId: exercise.id, scheduledAt: scheduledAt.toISOString() }),
        ]);
      }
      await this.audit.record(manager, {
        action: 'exercise.created',
        entityType: 'exercise',
        entityId: exercise.id,
        actor,
        data: {
          scenarioId: source.scenario.id,
          scenarioVersion: source.current.number,
          speed: input.speed,
          scheduledAt: scheduledAt?.toISOString() ?? null,
          participants: input.participants.map((p) => ({ organisationId: p.organisationId, role: p.role })),
        },
      });
      return loadAccess(manager, actor, exercise.id);
    });
  }

  async update(actor: Actor, id: string, input: UpdateExerciseInput): Promise<ExerciseAccess> {
    return this.dataSource.transaction(async (manager) => {
      const access = await loadAccess(manager, actor, id, true);
      requireFacilitator(access);
      const { exercise } = access;
      if (exercise.version !== input.expectedVersion) {
        throw conflict(
          `The exercise changed since you read it (version ${exercise.version}, you had ${input.expectedVersion})`,
          'expectedVersion',
        );
      }
      const planning = exercise.status === ExerciseStatus.SCHEDULED;
      if (input.speed !== undefined && !(planning || exercise.status === ExerciseStatus.PAUSED)) {
        throw badInput('input.speed', 'The speed can change only before the start or while paused');
      }
      if (input.scheduledAt !== undefined && !planning) {
        throw badInput('input.scheduledAt', 'Only a scheduled exercise can be rescheduled');
      }
      const scheduledAt = input.scheduledAt
        ? new Date(input.scheduledAt)
        : input.scheduledAt === null
          ? null
          : undefined;
      if (scheduledAt && scheduledAt.getTime() < Date.now() - 60_000) {
        throw badInput('input.scheduledAt', 'scheduledAt is in the past');
      }
      if (input.title !== undefined) exercise.title = input.title.trim();
      if (input.description !== undefined) exercise.description = input.description;
      if (input.speed !== undefined) exercise.speed = input.speed;
      if (scheduledAt !== undefined) exercise.scheduledAt = scheduledAt;
      await manager.query(
        `UPDATE exercise SET title = $2, description = $3, speed = $4, scheduled_at = $5, version = version + 1,
                updated_at = now() WHERE id = $1`,
        [exercise.id, exercise.title, exercise.description, exercise.speed, exercise.scheduledAt],
      );
      if (scheduledAt) {
        await enqueue(manager, [
          startExerciseJob({ exerciseId: exercise.id, scheduledAt: scheduledAt.toISOString() }),
        ]);
      }
      await this.audit.record(manager, {
        action: 'exercise.updated',
        entityType: 'exercise',
        entityId: exercise.id,
        actor,
        data: { ...input, expectedVersion: undefined },
      });
      return loadAccess(manager, actor, id);
    });
  }

  /** Replaces the participants (before the finish). Players added while running receive later injects. */
  async setParticipants(actor: Actor, id: string, participants: ParticipantInput[]): Promise<ExerciseAccess> {
    return this.dataSource.transaction(async (manager) => {
      const access = await loadAccess(manager, actor, id, true);
      requireFacilitator(access);
      if ([ExerciseStatus.FINISHED, ExerciseStatus.CANCELLED].includes(access.exercise.status)) {
        throw conflict(`The exercise is ${access.exercise.status}`);
      }
      await this.checkParticipants(manager, participants, 'participants');
      await manager.delete(ExerciseParticipantEntity, { exerciseId: id });
      await this.writeParticipants(manager, id, participants);
      await recordExerciseEvent(manager, this.events, {
        exercise: access.exercise,
        kind: 'exercise.participants',
        message: `Participants: ${participants.length} organisation(s)`,
        data: { participants: participants.map((p) => ({ organisationId: p.organisationId, role: p.role })) },
      });
      await this.audit.record(manager, {
        action: 'exercise.participants_set',
        entityType: 'exercise',
        entityId: id,
        actor,
        data: { participants: participants.map((p) => ({ organisationId: p.organisationId, role: p.role })) },
      });
      return loadAccess(manager, actor, id);
    });
  }

  /** Adjusts a planned inject (before the start, or while paused, and before it is sent). */
  async updateInject(
    actor: Actor,
    injectId: string,
    input: UpdateInjectInput,
  ): Promise<ExerciseInjectEntity> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(`SELECT exercise_id FROM exercise_inject WHERE id = $1`, [
        injectId,
      ])) as {
        exercise_id: string;
      }[];
      // An inject of an exercise one may not see does not exist, like an unknown one.
      if (!row) throw notFound('Inject', injectId);
      const access = await loadAccess(manager, actor, row.exercise_id, true).catch(() => {
        throw notFound('Inject', injectId);
      });
      requireFacilitator(access);
      if (![ExerciseStatus.SCHEDULED, ExerciseStatus.PAUSED].includes(access.exercise.status)) {
        throw conflict('Injects can be adjusted before the start or while paused');
      }
      const inject = await manager.getRepository(ExerciseInjectEntity).findOneByOrFail({ id: injectId });
      if (inject.state !== InjectState.PENDING) throw conflict(`The inject was already ${inject.state}`);
      const next = {
        titleJa: input.titleJa ?? inject.titleJa,
        titleEn: input.titleEn ?? inject.titleEn,
        textJa: input.textJa ?? inject.textJa,
        textEn: input.textEn ?? inject.textEn,
        offsetSeconds: input.offsetSeconds ?? inject.offsetSeconds,
        audience: input.audience ?? inject.audience,
        acknowledgementRequired: input.acknowledgementRequired ?? inject.acknowledgementRequired,
        expectedActions: (input.expectedActions ?? inject.expectedActions).map((action) => ({
          ...action,
          objectiveKey: action.objectiveKey ?? null,
        })),
      };
      validateInject(
        next,
        access.exercise.objectives.map((objective) => objective.key),
        'input',
      );
      await checkInjectReferences(manager, [{ inject: next, prefix: 'input' }]);
      Object.assign(inject, next);
      const saved = await manager.save(inject);
      await this.audit.record(manager, {
        action: 'exercise.inject_adjusted',
        entityType: 'exercise',
        entityId: access.exercise.id,
        actor,
        data: { injectId, fields: Object.keys(input) },
      });
      return saved;
    });
  }

  async get(actor: Actor, id: string): Promise<ExerciseAccess> {
    return loadAccess(this.dataSource.manager, actor, id);
  }

  async list(
    actor: Actor,
    filter: { statuses?: ExerciseStatus[] },
    page?: PageInput,
  ): Promise<{
    rows: ExerciseEntity[];
    roles: Map<string, ExerciseRole>;
    hasNextPage: boolean;
    totalCount: number;
  }> {
    const first = pageSize(page, this.config.maxPageSize);
    const visibility = exerciseVisibility(actor, 0);
    const params: unknown[] = [...visibility.params];
    const conditions = [visibility.sql];
    if (filter.statuses?.length) {
      params.push(filter.statuses);
      conditions.push(`e.status = ANY($${params.length}::text[])`);
    }
    const [{ count }] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM exercise e WHERE ${conditions.join(' AND ')}`,
      params,
    )) as { count: number }[];
    if (page?.after) {
      const [createdAt, cursorId] = decodeCursor(page.after, 2);
      if (
        typeof createdAt !== 'string' ||
        typeof cursorId !== 'string' ||
        Number.isNaN(Date.parse(createdAt))
      ) {
        throw badInput('page.after', 'Invalid cursor');
      }
      params.push(new Date(createdAt), cursorId);
      conditions.push(`(e.created_at, e.id) < ($${params.length - 1}, $${params.length}::uuid)`);
    }
    const ids = (await this.dataSource.query(
      `SELECT e.id FROM exercise e WHERE ${conditions.join(' AND ')} ORDER BY e.created_at DESC, e.id DESC LIMIT ${first + 1}`,
      params,
    )) as { id: string }[];
    const pageIds = ids.slice(0, first).map((row) => row.id);
    const entities = pageIds.length
      ? await this.dataSource.getRepository(ExerciseEntity).findBy({ id: In(pageIds) })
      : [];
    const byId = new Map(entities.map((entity) => [entity.id, entity]));
    const roles = new Map<string, ExerciseRole>();
    if (pageIds.length) {
      const rows = (await this.dataSource.query(
        `SELECT exercise_id, role FROM exercise_participant WHERE exercise_id = ANY($1::uuid[]) AND organisation_id = $2`,
        [pageIds, actor.organisationId],
      )) as { exercise_id: string; role: ExerciseRole }[];
      for (const row of rows) roles.set(row.exercise_id, row.role);
    }
    return {
      rows: pageIds.map((id) => byId.get(id) as ExerciseEntity),
      roles,
      hasNextPage: ids.length > first,
      totalCount: count,
    };
  }

  cursorOf(entity: ExerciseEntity): string {
    return encodeCursor([entity.createdAt.toISOString(), entity.id]);
  }

  async participants(exerciseIds: readonly string[]): Promise<ExerciseParticipantEntity[]> {
    return this.dataSource.getRepository(ExerciseParticipantEntity).find({
      where: { exerciseId: In([...exerciseIds]) },
      relations: { organisation: true },
      order: { createdAt: 'ASC' },
    });
  }

  /**
   * Injects of exercises the caller sees: every one for staff; for players only those sent to their
   * organisation (a player does not read what is coming).
   */
  async injects(actor: Actor, accessById: Map<string, ExerciseAccess>): Promise<ExerciseInjectEntity[]> {
    const ids = [...accessById.keys()];
    if (ids.length === 0) return [];
    const rows = await this.dataSource.getRepository(ExerciseInjectEntity).find({
      where: { exerciseId: In(ids) },
      order: { sequence: 'ASC' },
    });
    return rows.filter(
      (row) =>
        accessById.get(row.exerciseId)?.staff ||
        (row.state === InjectState.SENT && row.recipientOrganisationIds.includes(actor.organisationId)),
    );
  }

  private async checkParticipants(
    manager: EntityManager,
    participants: ParticipantInput[],
    field: string,
  ): Promise<void> {
    const seen = new Set<string>();
    participants.forEach((participant, index) => {
      if (seen.has(participant.organisationId)) {
        throw badInput(`${field}.${index}.organisationId`, 'An organisation takes part once');
      }
      seen.add(participant.organisationId);
    });
    if (participants.length === 0) return;
    const organisations = (await manager.query(`SELECT id FROM organisation WHERE id = ANY($1::uuid[])`, [
      participants.map((p) => p.organisationId),
    ])) as { id: string }[];
    const known = new Set(organisations.map((row) => row.id));
    const contactIds = participants.flatMap((p) => p.contactIds);
    const contacts = contactIds.length
      ? ((await manager.query(`SELECT id, organisation_id FROM contact WHERE id = ANY($1::uuid[])`, [
          contactIds,
        ])) as {
          id: string;
          organisation_id: string;
        }[])
      : [];
    const contactOrganisation = new Map(contacts.map((row) => [row.id, row.organisation_id]));
    participants.forEach((participant, index) => {
      if (!known.has(participant.organisationId)) {
        throw badInput(`${field}.${index}.organisationId`, `No organisation ${participant.organisationId}`);
      }
      participant.contactIds.forEach((contactId, c) => {
        if (contactOrganisation.get(contactId) !== participant.organisationId) {
          throw badInput(
            `${field}.${index}.contactIds.${c}`,
            `Contact ${contactId} is not one of the organisation’s`,
          );
        }
      });
    });
  }

  private async writeParticipants(
    manager: EntityManager,
    exerciseId: string,
    participants: ParticipantInput[],
  ) {
    if (participants.length === 0) return;
    await manager.insert(
      ExerciseParticipantEntity,
      participants.map((participant) => ({
        exerciseId,
        organisationId: participant.organisationId,
        role: participant.role,
        contactIds: participant.contactIds,
      })),
    );
  }
}
