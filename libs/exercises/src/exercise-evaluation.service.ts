import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { badInput, conflict, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { DataSource, EntityManager, In } from 'typeorm';
import { AfterActionReport } from './after-action';
import { AfterActionService } from './after-action.service';
import type {
  AfterActionNotesInput,
  ImprovementItemInput,
  RateActionInput,
  RateObjectiveInput,
} from './dto/exercise.type';
import {
  ExerciseImprovementItemEntity,
  ExerciseObjectiveRatingEntity,
  ExerciseRatingEntity,
} from './entities/exercise-records.entity';
import { ExerciseInjectEntity } from './entities/exercise.entity';
import { ExerciseAccess, loadAccess, recordExerciseEvent, requireFacilitator } from './exercise-access';
import { ExerciseStatus, ImprovementStatus, LIVE_STATUSES } from './exercises.enums';

/**
 * Evaluation and the improvement plan: evaluators rate expected actions and objectives (a rating after
 * the finish regenerates the after-action report), the facilitator adds notes and plan items, and the
 * owner organisation of an item tracks its status. Ratings are read by staff only.
 */
@Injectable()
export class ExerciseEvaluationService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly reports: AfterActionService,
  ) {}

  async rateAction(actor: Actor, exerciseId: string, input: RateActionInput): Promise<ExerciseRatingEntity> {
    return this.dataSource.transaction(async (manager) => {
      const access = await this.evaluatorAccess(manager, actor, exerciseId);
      const inject = await manager
        .getRepository(ExerciseInjectEntity)
        .findOneBy({ id: input.injectId, exerciseId });
      if (!inject) throw badInput('input.injectId', 'No inject of this exercise has this id');
      if (!inject.expectedActions.some((action) => action.key === input.actionKey)) {
        throw badInput('input.actionKey', `The inject expects no action ${input.actionKey}`);
      }
      await manager.query(
        `INSERT INTO exercise_rating (exercise_id, inject_id, action_key, rating, note, evaluator_id, evaluator_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (inject_id, action_key) DO UPDATE
           SET rating = excluded.rating, note = excluded.note, evaluator_id = excluded.evaluator_id,
               evaluator_name = excluded.evaluator_name, rated_at = now()`,
        [
          exerciseId,
          input.injectId,
          input.actionKey,
          input.rating,
          input.note,
          actor.userId,
          actor.displayName,
        ],
      );
      await recordExerciseEvent(manager, this.events, {
        exercise: access.exercise,
        kind: 'rating',
        message: `Inject ${inject.sequence} action ${input.actionKey} rated ${input.rating}`,
        visibleTo: [],
        data: { injectId: inject.id, actionKey: input.actionKey, rating: input.rating, note: input.note },
      });
      await this.audit.record(manager, {
        action: 'exercise.action_rated',
        entityType: 'exercise',
        entityId: exerciseId,
        actor,
        data: { injectId: inject.id, actionKey: input.actionKey, rating: input.rating },
      });
      await this.refreshReport(manager, access);
      return manager.getRepository(ExerciseRatingEntity).findOneByOrFail({
        injectId: input.injectId,
        actionKey: input.actionKey,
      });
    });
  }

  async rateObjective(
    actor: Actor,
    exerciseId: string,
    input: RateObjectiveInput,
  ): Promise<ExerciseObjectiveRatingEntity> {
    return this.dataSource.transaction(async (manager) => {
      const access = await this.evaluatorAccess(manager, actor, exerciseId);
      if (!access.exercise.objectives.some((objective) => objective.key === input.objectiveKey)) {
        throw badInput('input.objectiveKey', `The exercise has no objective ${input.objectiveKey}`);
      }
      await manager.query(
        `INSERT INTO exercise_objective_rating (exercise_id, objective_key, rating, note, evaluator_id, evaluator_name)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (exercise_id, objective_key) DO UPDATE
           SET rating = excluded.rating, note = excluded.note, evaluator_id = excluded.evaluator_id,
               evaluator_name = excluded.evaluator_name, rated_at = now()`,
        [exerciseId, input.objectiveKey, input.rating, input.note, actor.userId, actor.displayName],
      );
      await recordExerciseEvent(manager, this.events, {
        exercise: access.exercise,
        kind: 'rating',
        message: `Objective ${input.objectiveKey} rated ${input.rating}`,
        visibleTo: [],
        data: { objectiveKey: input.objectiveKey, rating: input.rating, note: input.note },
      });
      await this.audit.record(manager, {
        action: 'exercise.objective_rated',
        entityType: 'exercise',
        entityId: exerciseId,
        actor,
        data: { objectiveKey: input.objectiveKey, rating: input.rating },
      });
      await this.refreshReport(manager, access);
      return manager.getRepository(ExerciseObjectiveRatingEntity).findOneByOrFail({
        exerciseId,
        objectiveKey: input.objectiveKey,
      });
    });
  }

  async setReportNotes(
    actor: Actor,
    exerciseId: string,
    input: AfterActionNotesInput,
  ): Promise<AfterActionReport> {
    return this.dataSource.transaction(async (manager) => {
      const access = await loadAccess(manager, actor, exerciseId, true);
      requireFacilitator(access);
      if (access.exercise.status !== ExerciseStatus.FINISHED) {
        throw conflict('The after-action report exists once the exercise has finished');
      }
      const notes = {
        strengths: input.strengths.map((s) => s.trim()).filter(Boolean),
        areasForImprovement: input.areasForImprovement.map((s) => s.trim()).filter(Boolean),
      };
      await manager.query(`UPDATE exercise SET report_notes = $2::jsonb WHERE id = $1`, [
        exerciseId,
        JSON.stringify(notes),
      ]);
      access.exercise.reportNotes = notes;
      await this.audit.record(manager, {
        action: 'exercise.report_notes',
        entityType: 'exercise',
        entityId: exerciseId,
        actor,
        data: { strengths: notes.strengths.length, areasForImprovement: notes.areasForImprovement.length },
      });
      return this.reports.generate(manager, access.exercise);
    });
  }

  async addImprovementItem(
    actor: Actor,
    exerciseId: string,
    input: ImprovementItemInput,
  ): Promise<ExerciseImprovementItemEntity> {
    if (!input.title) throw badInput('input.title', 'title is required');
    return this.dataSource.transaction(async (manager) => {
      const access = await loadAccess(manager, actor, exerciseId, true);
      requireFacilitator(access);
      await this.checkItemReferences(manager, input);
      const item = await manager.save(
        manager.create(ExerciseImprovementItemEntity, {
          exerciseId,
          title: input.title as string,
          description: input.description ?? '',
          ownerOrganisationId: input.ownerOrganisationId ?? null,
          dueDate: input.dueDate ?? null,
          status: input.status ?? ImprovementStatus.OPEN,
          linkKind: input.linkKind,
          linkId: input.linkId ?? null,
          completedAt: input.status === ImprovementStatus.DONE ? new Date() : null,
        }),
      );
      await this.audit.record(manager, {
        action: 'exercise.improvement_added',
        entityType: 'exercise',
        entityId: exerciseId,
        actor,
        data: { itemId: item.id, title: item.title, ownerOrganisationId: item.ownerOrganisationId },
      });
      return item;
    });
  }

  /** The facilitator assigns and edits; the owner organisation tracks its status. */
  async updateImprovementItem(
    actor: Actor,
    itemId: string,
    input: ImprovementItemInput,
  ): Promise<ExerciseImprovementItemEntity> {
    if (!isUuid(itemId)) throw notFound('Improvement item', itemId);
    return this.dataSource.transaction(async (manager) => {
      const item = await manager
        .getRepository(ExerciseImprovementItemEntity)
        .createQueryBuilder('i')
        .setLock('pessimistic_write')
        .where('i.id = :id', { id: itemId })
        .getOne();
      if (!item) throw notFound('Improvement item', itemId);
      const access = await loadAccess(manager, actor, item.exerciseId).catch(() => {
        throw notFound('Improvement item', itemId);
      });
      const owner = item.ownerOrganisationId === actor.organisationId;
      // Outside the exercise's staff an organisation sees only the items it owns.
      if (!access.staff && !owner) throw notFound('Improvement item', itemId);
      if (!access.facilitator) {
        const onlyStatus = Object.entries(input).every(
          ([key, value]) => key === 'status' || value === undefined,
        );
        if (!owner || !onlyStatus) {
          throw forbidden(
            'The facilitator edits the plan; the owner organisation may update its item’s status',
          );
        }
      }
      await this.checkItemReferences(manager, input);
      if (input.title !== undefined) item.title = input.title;
      if (input.description !== undefined) item.description = input.description;
      if (input.ownerOrganisationId !== undefined) item.ownerOrganisationId = input.ownerOrganisationId;
      if (input.dueDate !== undefined) item.dueDate = input.dueDate;
      if (input.linkKind !== undefined) item.linkKind = input.linkKind;
      if (input.linkId !== undefined) item.linkId = input.linkId;
      if (input.status !== undefined && input.status !== item.status) {
        item.status = input.status;
        item.completedAt = input.status === ImprovementStatus.DONE ? new Date() : null;
      }
      const saved = await manager.save(item);
      await this.audit.record(manager, {
        action: 'exercise.improvement_updated',
        entityType: 'exercise',
        entityId: item.exerciseId,
        actor,
        data: { itemId, fields: Object.keys(input), status: saved.status },
      });
      return saved;
    });
  }

  /** Ratings of several exercises at once, for staff (never shown to players). */
  async ratings(accesses: ExerciseAccess[]): Promise<ExerciseRatingEntity[]> {
    const ids = accesses.filter((a) => a.staff).map((a) => a.exercise.id);
    if (ids.length === 0) return [];
    return this.dataSource.getRepository(ExerciseRatingEntity).find({
      where: { exerciseId: In(ids) },
      order: { ratedAt: 'ASC' },
    });
  }

  async objectiveRatings(accesses: ExerciseAccess[]): Promise<ExerciseObjectiveRatingEntity[]> {
    const ids = accesses.filter((a) => a.staff).map((a) => a.exercise.id);
    if (ids.length === 0) return [];
    return this.dataSource
      .getRepository(ExerciseObjectiveRatingEntity)
      .find({ where: { exerciseId: In(ids) } });
  }

  /** The improvement plan: staff see it whole; an organisation the items it owns. */
  async improvementItems(actor: Actor, accesses: ExerciseAccess[]): Promise<ExerciseImprovementItemEntity[]> {
    if (accesses.length === 0) return [];
    const rows = await this.dataSource.getRepository(ExerciseImprovementItemEntity).find({
      where: { exerciseId: In(accesses.map((a) => a.exercise.id)) },
      order: { createdAt: 'ASC' },
    });
    const staff = new Set(accesses.filter((a) => a.staff).map((a) => a.exercise.id));
    return rows.filter(
      (row) => staff.has(row.exerciseId) || row.ownerOrganisationId === actor.organisationId,
    );
  }

  private async evaluatorAccess(
    manager: EntityManager,
    actor: Actor,
    exerciseId: string,
  ): Promise<ExerciseAccess> {
    const access = await loadAccess(manager, actor, exerciseId, true);
    if (!access.evaluator) throw forbidden('Only the exercise’s evaluators and facilitators rate');
    if (![...LIVE_STATUSES, ExerciseStatus.FINISHED].includes(access.exercise.status)) {
      throw conflict(`The exercise is ${access.exercise.status}: ratings start with the exercise`);
    }
    return access;
  }

  /** A rating after the finish updates the report (the plan keeps what was already assigned). */
  private async refreshReport(manager: EntityManager, access: ExerciseAccess): Promise<void> {
    if (access.exercise.status === ExerciseStatus.FINISHED)
      await this.reports.generate(manager, access.exercise);
  }

  private async checkItemReferences(manager: EntityManager, input: ImprovementItemInput): Promise<void> {
    // YYYY-MM-DD is checked by the input type; the date must also exist (not 2026-02-30).
    if (input.dueDate) {
      const day = new Date(`${input.dueDate}T00:00:00Z`);
      if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== input.dueDate) {
        throw badInput('input.dueDate', `${input.dueDate} is not a date`);
      }
    }
    if (input.ownerOrganisationId) {
      const [found] = (await manager.query(`SELECT 1 FROM organisation WHERE id = $1`, [
        input.ownerOrganisationId,
      ])) as unknown[];
      if (!found) throw badInput('input.ownerOrganisationId', `No organisation ${input.ownerOrganisationId}`);
    }
  }
}
