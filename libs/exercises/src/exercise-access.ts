import { EntityManager, In } from 'typeorm';
import { Permission, roleHas } from '@renkei/core/auth/permissions';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { afterCommit } from '@renkei/core/database/after-commit';
import { forbidden, notFound } from '@renkei/core/errors/domain.errors';
import type { DomainEvents } from '@renkei/core/events/domain-events';
import { isUuid } from '@renkei/core/database/database-errors';
import { ExerciseEntity } from './entities/exercise.entity';
import { ExerciseEventEntity } from './entities/exercise-records.entity';
import { elapsedAt } from './exercise-clock';
import { ExerciseRole } from './exercises.enums';

/** What the caller is in an exercise. */
export interface ExerciseAccess {
  exercise: ExerciseEntity;
  /** The caller's organisation's exercise role (null: not a participant). */
  role: ExerciseRole | null;
  /** Sees every organisation's side: facilitators, evaluators, observers and the promotion body. */
  staff: boolean;
  /** May run the exercise. */
  facilitator: boolean;
  /** May rate expected actions and objectives. */
  evaluator: boolean;
}

/** Who sees an exercise: the promotion body, its organiser and its participants (SQL over alias `e`). */
export function exerciseVisibility(actor: Actor, offset: number): { sql: string; params: unknown[] } {
  if (isCityWide(actor)) return { sql: 'TRUE', params: [] };
  return {
    sql: `(e.organiser_organisation_id = $${offset + 1}
           OR e.id IN (SELECT p.exercise_id FROM exercise_participant p WHERE p.organisation_id = $${offset + 1}))`,
    params: [actor.organisationId],
  };
}

/**
 * Loads an exercise the caller may see (NOT_FOUND otherwise — an invisible exercise does not exist)
 * and what the caller is in it. `lock` takes the row lock every clock change and inject holds.
 */
export async function loadAccess(
  manager: EntityManager,
  actor: Actor,
  exerciseId: string,
  lock = false,
): Promise<ExerciseAccess> {
  if (!isUuid(exerciseId)) throw notFound('Exercise', exerciseId);
  const visibility = exerciseVisibility(actor, 1);
  const [row] = (await manager.query(`SELECT e.id FROM exercise e WHERE e.id = $1 AND ${visibility.sql}`, [
    exerciseId,
    ...visibility.params,
  ])) as { id: string }[];
  if (!row) throw notFound('Exercise', exerciseId);
  const exercise = lock
    ? await manager
        .getRepository(ExerciseEntity)
        .createQueryBuilder('e')
        .setLock('pessimistic_write')
        .where('e.id = :id', { id: exerciseId })
        .getOneOrFail()
    : await manager.getRepository(ExerciseEntity).findOneByOrFail({ id: exerciseId });
  const [participant] = (await manager.query(
    `SELECT role FROM exercise_participant WHERE exercise_id = $1 AND organisation_id = $2`,
    [exerciseId, actor.organisationId],
  )) as { role: ExerciseRole }[];
  return accessOf(actor, exercise, participant?.role ?? null);
}

/** What the caller is in an exercise, given its organisation's participation. */
export function accessOf(actor: Actor, exercise: ExerciseEntity, role: ExerciseRole | null): ExerciseAccess {
  const manages = roleHas(actor.role, Permission.EXERCISE_MANAGE);
  const organiser = exercise.organiserOrganisationId === actor.organisationId;
  const facilitator = manages && (isCityWide(actor) || organiser || role === ExerciseRole.FACILITATOR);
  const evaluator = facilitator || role === ExerciseRole.EVALUATOR;
  const staff =
    facilitator ||
    isCityWide(actor) ||
    organiser ||
    role === ExerciseRole.EVALUATOR ||
    role === ExerciseRole.OBSERVER ||
    role === ExerciseRole.FACILITATOR;
  return { exercise, role, staff, facilitator, evaluator };
}

/** The caller's access to several exercises it can see, in two statements (invisible ones are left out). */
export async function loadAccesses(
  manager: EntityManager,
  actor: Actor,
  ids: readonly string[],
): Promise<Map<string, ExerciseAccess>> {
  const result = new Map<string, ExerciseAccess>();
  const valid = ids.filter(isUuid);
  if (valid.length === 0) return result;
  const visibility = exerciseVisibility(actor, 1);
  const visible = (await manager.query(
    `SELECT e.id FROM exercise e WHERE e.id = ANY($1::uuid[]) AND ${visibility.sql}`,
    [valid, ...visibility.params],
  )) as { id: string }[];
  if (visible.length === 0) return result;
  const exercises = await manager
    .getRepository(ExerciseEntity)
    .findBy({ id: In(visible.map((row) => row.id)) });
  const roles = (await manager.query(
    `SELECT exercise_id, role FROM exercise_participant WHERE exercise_id = ANY($1::uuid[]) AND organisation_id = $2`,
    [visible.map((row) => row.id), actor.organisationId],
  )) as { exercise_id: string; role: ExerciseRole }[];
  const roleOf = new Map(roles.map((row) => [row.exercise_id, row.role]));
  for (const exercise of exercises)
    result.set(exercise.id, accessOf(actor, exercise, roleOf.get(exercise.id) ?? null));
  return result;
}

export function requireFacilitator(access: ExerciseAccess): void {
  if (!access.facilitator) throw forbidden('Only the exercise’s facilitators may do this');
}

/** Seconds on the exercise clock now. */
export function exerciseSeconds(exercise: ExerciseEntity, now = new Date()): number {
  return Math.floor(elapsedAt(exercise, now) / 1000);
}

/**
 * Appends to the exercise's log and, after the commit, tells the exercise's live board.
 * `organisationId` names the organisation the event concerns (players see their own only; null: all).
 */
export async function recordExerciseEvent(
  manager: EntityManager,
  events: DomainEvents,
  event: {
    exercise: ExerciseEntity;
    kind: string;
    message: string;
    organisationId?: string | null;
    /** Players who may see it (default: the organisation concerned, or everyone when none). */
    visibleTo?: string[] | null;
    data?: Record<string, unknown>;
    at?: Date;
  },
): Promise<void> {
  const seconds = exerciseSeconds(event.exercise, event.at);
  await manager.insert(ExerciseEventEntity, {
    exerciseId: event.exercise.id,
    kind: event.kind,
    message: event.message,
    exerciseSeconds: seconds,
    organisationId: event.organisationId ?? null,
    data: (event.data ?? {}) as never,
  });
  const visibleTo =
    event.visibleTo !== undefined ? event.visibleTo : event.organisationId ? [event.organisationId] : null;
  const payload = {
    exerciseId: event.exercise.id,
    kind: event.kind,
    organisationIds: visibleTo,
    data: {
      ...(event.data ?? {}),
      message: event.message,
      organisationId: event.organisationId ?? null,
      exerciseSeconds: seconds,
      status: event.exercise.status,
      at: new Date().toISOString(),
    },
  };
  afterCommit(manager, () => events.emit('exercise', payload));
}
