import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { enqueue, OutboxEntry } from '@renkei/alerting/outbox';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor } from '@renkei/core/context/actor';
import { badInput, conflict, notFound } from '@renkei/core/errors/domain.errors';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { IncidentHooks } from '@renkei/core/events/incident-hooks';
import { isUuid } from '@renkei/core/database/database-errors';
import { IncidentStatus } from '@renkei/incidents/incidents.enums';
import { AfterActionService } from './after-action.service';
import { ExerciseEntity, ExerciseInjectEntity } from './entities/exercise.entity';
import {
  ExerciseAccess,
  exerciseSeconds,
  loadAccess,
  recordExerciseEvent,
  requireFacilitator,
} from './exercise-access';
import { ClockState, elapsedAt, paused, running, wallTimeOf } from './exercise-clock';
import { fireInjectJob, FireInjectJob, StartExerciseJob } from './exercise-jobs';
import { ExerciseStatus, InjectState, LIVE_STATUSES } from './exercises.enums';
import { InjectDispatch } from './inject-dispatch';
import type { ScenarioInject } from './scenario-content';
import { checkInjectReferences, validateInject } from './scenario-validation';

/**
 * Runs exercises: the clock (start, pause, resume, jump), injects fired from delayed jobs exactly once
 * (each job re-checks the exercise's epoch and the inject's state under the exercise's row lock), ad-hoc
 * injects, finish and cancel. A sweep fires what is due when a job was lost (a worker restart, a Redis
 * without persistence) — still exactly once, through the same locked path.
 */
@Injectable()
export class ExerciseRunner {
  private readonly logger = new Logger(ExerciseRunner.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly dispatch: InjectDispatch,
    private readonly events: DomainEvents,
    private readonly hooks: IncidentHooks,
    private readonly audit: AuditService,
    private readonly reports: AfterActionService,
  ) {}

  async start(actor: Actor, id: string): Promise<ExerciseEntity> {
    return this.dataSource.transaction(async (manager) => {
      const access = await loadAccess(manager, actor, id, true);
      requireFacilitator(access);
      if (access.exercise.status !== ExerciseStatus.SCHEDULED) {
        throw conflict(`The exercise is ${access.exercise.status}: only a scheduled exercise can start`);
      }
      return this.begin(manager, access.exercise, actor);
    });
  }

  private async begin(
    manager: EntityManager,
    exercise: ExerciseEntity,
    actor: Actor | null,
  ): Promise<ExerciseEntity> {
    const [participants] = (await manager.query(
      `SELECT count(*)::int AS players FROM exercise_participant WHERE exercise_id = $1 AND role = 'PLAYER'`,
      [exercise.id],
    )) as { players: number }[];
    if (participants.players === 0) {
      throw conflict('The exercise has no playing organisation: add participants with the PLAYER role first');
    }
    const now = await this.now(manager);
    this.setClock(exercise, running(exercise, now, 0));
    exercise.startedAt = now;
    await this.saveClock(manager, exercise);
    await this.schedule(manager, exercise);
    await recordExerciseEvent(manager, this.events, {
      exercise,
      kind: 'exercise.started',
      message: `Exercise started at ${exercise.speed}× speed`,
      data: this.clockData(exercise),
    });
    await this.auditRun(manager, exercise, actor, 'exercise.started');
    return exercise;
  }

  async pause(actor: Actor, id: string): Promise<ExerciseEntity> {
    return this.control(actor, id, async (manager, exercise) => {
      if (exercise.status !== ExerciseStatus.RUNNING)
        throw conflict(`The exercise is ${exercise.status}, not running`);
      const now = await this.now(manager);
      this.setClock(exercise, paused(exercise, now));
      exercise.pausedAt = now;
      await this.saveClock(manager, exercise);
      await manager.query(
        `UPDATE exercise_inject SET due_at = NULL WHERE exercise_id = $1 AND state = '${InjectState.PENDING}'`,
        [exercise.id],
      );
      await recordExerciseEvent(manager, this.events, {
        exercise,
        kind: 'exercise.paused',
        message: 'Exercise paused',
        data: this.clockData(exercise),
      });
      return 'exercise.paused';
    });
  }

  async resume(actor: Actor, id: string): Promise<ExerciseEntity> {
    return this.control(actor, id, async (manager, exercise) => {
      if (exercise.status !== ExerciseStatus.PAUSED)
        throw conflict(`The exercise is ${exercise.status}, not paused`);
      const now = await this.now(manager);
      this.setClock(exercise, running(exercise, now));
      exercise.pausedAt = null;
      await this.saveClock(manager, exercise);
      await this.schedule(manager, exercise);
      await recordExerciseEvent(manager, this.events, {
        exercise,
        kind: 'exercise.resumed',
        message: 'Exercise resumed',
        data: this.clockData(exercise),
      });
      return 'exercise.resumed';
    });
  }

  /**
   * Moves the clock to an inject and sends it now; pending injects before it are skipped. A running
   * clock runs on from there, a paused one stays paused at it.
   */
  async jumpTo(actor: Actor, id: string, injectId: string): Promise<ExerciseEntity> {
    if (!isUuid(injectId)) throw notFound('Inject', injectId);
    return this.control(actor, id, async (manager, exercise) => {
      if (!LIVE_STATUSES.includes(exercise.status))
        throw conflict(`The exercise is ${exercise.status}, not running or paused`);
      const inject = await this.lockInject(manager, exercise.id, injectId);
      if (inject.state !== InjectState.PENDING)
        throw conflict(`Inject ${inject.sequence} was already ${inject.state}`);
      const now = await this.now(manager);
      const target = inject.offsetSeconds * 1000;
      // Skipped: the injects the jump passes over (still in the clock's future). Those already due
      // but not yet fired (their job is on its way) go out as planned, after this one.
      const skipped = (await manager.query(
        `UPDATE exercise_inject SET state = '${InjectState.SKIPPED}', due_at = NULL, updated_at = now()
          WHERE exercise_id = $1 AND state = '${InjectState.PENDING}' AND id <> $2
            AND offset_seconds * 1000 > $5
            AND (offset_seconds < $3 OR (offset_seconds = $3 AND sequence < $4))
          RETURNING sequence`,
        [exercise.id, inject.id, inject.offsetSeconds, inject.sequence, Math.floor(elapsedAt(exercise, now))],
      )) as [{ sequence: number }[], number];
      const clock: ClockState =
        exercise.status === ExerciseStatus.RUNNING
          ? running(exercise, now, Math.max(target, elapsedAt(exercise, now)))
          : { ...exercise, elapsedMs: Math.max(target, exercise.elapsedMs) };
      this.setClock(exercise, clock);
      await this.saveClock(manager, exercise);
      await recordExerciseEvent(manager, this.events, {
        exercise,
        kind: 'exercise.jumped',
        message: `Clock moved to inject ${inject.sequence}${skipped[0].length ? `; skipped ${skipped[0].map((r) => r.sequence).join(', ')}` : ''}`,
        data: {
          ...this.clockData(exercise),
          injectId: inject.id,
          skipped: skipped[0].map((r) => r.sequence),
        },
      });
      await this.dispatch.send(manager, exercise, inject, { now, latenessMs: null, sentById: actor.userId });
      if (exercise.status === ExerciseStatus.RUNNING) await this.schedule(manager, exercise);
      return 'exercise.jumped';
    });
  }

  /** An unplanned complication, sent now to its audience. */
  async sendAdHoc(
    actor: Actor,
    id: string,
    input: Omit<ScenarioInject, 'key' | 'offsetSeconds'>,
  ): Promise<ExerciseInjectEntity> {
    let sent: ExerciseInjectEntity | null = null;
    await this.control(actor, id, async (manager, exercise) => {
      validateInject(
        input,
        exercise.objectives.map((objective) => objective.key),
        'input',
      );
      await checkInjectReferences(manager, [{ inject: input, prefix: 'input' }]);
      if (!LIVE_STATUSES.includes(exercise.status))
        throw conflict(`The exercise is ${exercise.status}, not running or paused`);
      const now = await this.now(manager);
      const [{ next }] = (await manager.query(
        `SELECT COALESCE(max(sequence), 0) + 1 AS next FROM exercise_inject WHERE exercise_id = $1`,
        [exercise.id],
      )) as { next: number }[];
      const inject = await manager.save(
        manager.create(ExerciseInjectEntity, {
          exerciseId: exercise.id,
          key: `ADHOC-${next}`,
          sequence: next,
          offsetSeconds: exerciseSeconds(exercise, now),
          titleJa: input.titleJa,
          titleEn: input.titleEn,
          textJa: input.textJa,
          textEn: input.textEn,
          audience: input.audience,
          acknowledgementRequired: input.acknowledgementRequired,
          expectedActions: input.expectedActions,
          adHoc: true,
          state: InjectState.PENDING,
        }),
      );
      sent = await this.dispatch.send(manager, exercise, inject, {
        now,
        latenessMs: null,
        sentById: actor.userId,
      });
      return 'exercise.adhoc_inject_sent';
    });
    return sent as unknown as ExerciseInjectEntity;
  }

  async finish(actor: Actor, id: string): Promise<ExerciseEntity> {
    return this.control(actor, id, async (manager, exercise) => {
      if (!LIVE_STATUSES.includes(exercise.status))
        throw conflict(`The exercise is ${exercise.status}, not running or paused`);
      await this.end(manager, exercise, ExerciseStatus.FINISHED);
      await this.reports.generate(manager, exercise);
      return 'exercise.finished';
    });
  }

  async cancel(actor: Actor, id: string): Promise<ExerciseEntity> {
    return this.control(actor, id, async (manager, exercise) => {
      if (![ExerciseStatus.SCHEDULED, ...LIVE_STATUSES].includes(exercise.status)) {
        throw conflict(`The exercise is ${exercise.status} and cannot be cancelled`);
      }
      await this.end(manager, exercise, ExerciseStatus.CANCELLED);
      return 'exercise.cancelled';
    });
  }

  private async end(manager: EntityManager, exercise: ExerciseEntity, status: ExerciseStatus): Promise<void> {
    const now = await this.now(manager);
    const clock = exercise.status === ExerciseStatus.RUNNING ? paused(exercise, now) : exercise;
    this.setClock(exercise, { ...clock, status, segmentStartedAt: null });
    if (status === ExerciseStatus.FINISHED) exercise.finishedAt = now;
    else exercise.cancelledAt = now;
    await this.saveClock(manager, exercise);
    await manager.query(
      `UPDATE exercise_inject SET state = '${InjectState.SKIPPED}', due_at = NULL, updated_at = now()
        WHERE exercise_id = $1 AND state = '${InjectState.PENDING}'`,
      [exercise.id],
    );
    // The drill incidents close: their escalations stop and unsent alerts are cancelled (no notices).
    const open = (await manager.query(
      `UPDATE incident i SET status = '${IncidentStatus.CLOSED}', closed_at = now(), updated_at = now(), version = version + 1
         FROM (SELECT id, status FROM incident WHERE exercise_id = $1 AND status NOT IN ('${IncidentStatus.CLOSED}') FOR UPDATE) old
        WHERE i.id = old.id
        RETURNING i.id, old.status AS from`,
      [exercise.id],
    )) as [{ id: string; from: string }[], number];
    for (const row of open[0]) {
      await this.hooks.run(manager, {
        kind: 'status',
        incidentId: row.id,
        from: row.from,
        to: IncidentStatus.CLOSED,
      });
    }
    await recordExerciseEvent(manager, this.events, {
      exercise,
      kind: status === ExerciseStatus.FINISHED ? 'exercise.finished' : 'exercise.cancelled',
      message: status === ExerciseStatus.FINISHED ? 'Exercise finished' : 'Exercise cancelled',
      data: this.clockData(exercise),
    });
  }

  // ---- jobs ----

  /** The delayed job of an inject: fires it if the exercise still runs in the same epoch and it is pending. */
  async fireFromJob(job: FireInjectJob): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const exercise = await this.lockExercise(manager, job.exerciseId);
      if (!exercise) return 'gone';
      if (exercise.status !== ExerciseStatus.RUNNING) return `exercise ${exercise.status}`;
      if (exercise.epoch !== job.epoch) return 'stale epoch';
      return this.fireDue(manager, exercise, job.injectId);
    });
  }

  private async fireDue(manager: EntityManager, exercise: ExerciseEntity, injectId: string): Promise<string> {
    const inject = await this.lockInject(manager, exercise.id, injectId).catch(() => null);
    if (!inject) return 'inject gone';
    if (inject.state !== InjectState.PENDING) return `inject ${inject.state}`;
    const now = await this.now(manager);
    const due = wallTimeOf(exercise, inject.offsetSeconds) as Date;
    // Early (the worker's clock ahead of the database's, or a delayed job released a little soon):
    // ask again at the due time, under a job id of its own.
    if (due.getTime() > now.getTime() + 50) {
      await enqueue(manager, [
        fireInjectJob(
          { exerciseId: exercise.id, injectId: inject.id, epoch: exercise.epoch },
          due,
          `_at${due.getTime()}`,
        ),
      ]);
      return 'not yet due';
    }
    await this.dispatch.send(manager, exercise, inject, {
      now,
      latenessMs: Math.max(0, now.getTime() - due.getTime()),
      sentById: null,
    });
    return 'sent';
  }

  async startFromJob(job: StartExerciseJob): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const exercise = await this.lockExercise(manager, job.exerciseId);
      if (!exercise) return 'gone';
      if (exercise.status !== ExerciseStatus.SCHEDULED) return `exercise ${exercise.status}`;
      if (!exercise.scheduledAt || exercise.scheduledAt.getTime() !== new Date(job.scheduledAt).getTime()) {
        return 'rescheduled';
      }
      try {
        await this.begin(manager, exercise, null);
        return 'started';
      } catch (error) {
        this.logger.warn(`scheduled exercise ${exercise.id} could not start: ${String(error)}`);
        return 'not started';
      }
    });
  }

  /**
   * What lost jobs would have done: starts scheduled exercises whose time has passed and fires injects
   * overdue by more than `graceMs`. Each in its own locked transaction, so it never doubles a job.
   */
  async sweep(graceMs = 2000): Promise<number> {
    let done = 0;
    const due = (await this.dataSource.query(
      `SELECT e.id AS exercise_id, i.id AS inject_id, e.epoch
         FROM exercise_inject i JOIN exercise e ON e.id = i.exercise_id
        WHERE e.status = '${ExerciseStatus.RUNNING}' AND i.state = '${InjectState.PENDING}'
          AND i.due_at < now() - make_interval(secs => $1::double precision / 1000)
        ORDER BY i.due_at LIMIT 500`,
      [graceMs],
    )) as { exercise_id: string; inject_id: string; epoch: number }[];
    for (const row of due) {
      const result = await this.fireFromJob({
        exerciseId: row.exercise_id,
        injectId: row.inject_id,
        epoch: row.epoch,
      });
      if (result === 'sent') done++;
    }
    const scheduled = (await this.dataSource.query(
      `SELECT id, scheduled_at FROM exercise
        WHERE status = '${ExerciseStatus.SCHEDULED}' AND scheduled_at < now() - make_interval(secs => $1::double precision / 1000)
        LIMIT 100`,
      [graceMs],
    )) as { id: string; scheduled_at: Date }[];
    for (const row of scheduled) {
      const result = await this.startFromJob({
        exerciseId: row.id,
        scheduledAt: new Date(row.scheduled_at).toISOString(),
      });
      if (result === 'started') done++;
    }
    return done;
  }

  // ---- helpers ----

  /** Plans a job for every pending inject at the clock's new epoch. */
  private async schedule(manager: EntityManager, exercise: ExerciseEntity): Promise<void> {
    const pending = (await manager.query(
      `SELECT id, offset_seconds FROM exercise_inject WHERE exercise_id = $1 AND state = '${InjectState.PENDING}'`,
      [exercise.id],
    )) as { id: string; offset_seconds: number }[];
    if (pending.length === 0) return;
    const jobs: OutboxEntry[] = [];
    const dueAt: Date[] = [];
    for (const row of pending) {
      const at = wallTimeOf(exercise, row.offset_seconds) as Date;
      dueAt.push(at);
      jobs.push(fireInjectJob({ exerciseId: exercise.id, injectId: row.id, epoch: exercise.epoch }, at));
    }
    await manager.query(
      `UPDATE exercise_inject i SET due_at = x.at FROM unnest($1::uuid[], $2::timestamptz[]) AS x(id, at) WHERE i.id = x.id`,
      [pending.map((row) => row.id), dueAt],
    );
    await enqueue(manager, jobs);
  }

  private async control(
    actor: Actor,
    id: string,
    change: (manager: EntityManager, exercise: ExerciseEntity, access: ExerciseAccess) => Promise<string>,
  ): Promise<ExerciseEntity> {
    return this.dataSource.transaction(async (manager) => {
      const access = await loadAccess(manager, actor, id, true);
      requireFacilitator(access);
      const action = await change(manager, access.exercise, access);
      await this.auditRun(manager, access.exercise, actor, action);
      return access.exercise;
    });
  }

  private async auditRun(
    manager: EntityManager,
    exercise: ExerciseEntity,
    actor: Actor | null,
    action: string,
  ) {
    await this.audit.record(manager, {
      action,
      entityType: 'exercise',
      entityId: exercise.id,
      actor,
      data: { status: exercise.status, epoch: exercise.epoch, elapsedMs: exercise.elapsedMs },
    });
  }

  private setClock(exercise: ExerciseEntity, clock: ClockState): void {
    exercise.status = clock.status;
    exercise.elapsedMs = Math.round(clock.elapsedMs);
    exercise.segmentStartedAt = clock.segmentStartedAt;
    exercise.epoch += 1;
  }

  private async saveClock(manager: EntityManager, exercise: ExerciseEntity): Promise<void> {
    await manager.query(
      `UPDATE exercise SET status = $2, elapsed_ms = $3, segment_started_at = $4, epoch = $5, started_at = $6,
              paused_at = $7, finished_at = $8, cancelled_at = $9, version = version + 1, updated_at = now()
        WHERE id = $1`,
      [
        exercise.id,
        exercise.status,
        exercise.elapsedMs,
        exercise.segmentStartedAt,
        exercise.epoch,
        exercise.startedAt,
        exercise.pausedAt,
        exercise.finishedAt,
        exercise.cancelledAt,
      ],
    );
    exercise.version += 1;
  }

  private clockData(exercise: ExerciseEntity): Record<string, unknown> {
    return {
      status: exercise.status,
      speed: exercise.speed,
      elapsedMs: exercise.elapsedMs,
      segmentStartedAt: exercise.segmentStartedAt?.toISOString() ?? null,
    };
  }

  private async lockExercise(manager: EntityManager, id: string): Promise<ExerciseEntity | null> {
    return manager
      .getRepository(ExerciseEntity)
      .createQueryBuilder('e')
      .setLock('pessimistic_write')
      .where('e.id = :id', { id })
      .getOne();
  }

  private async lockInject(
    manager: EntityManager,
    exerciseId: string,
    injectId: string,
  ): Promise<ExerciseInjectEntity> {
    const inject = await manager
      .getRepository(ExerciseInjectEntity)
      .createQueryBuilder('i')
      .setLock('pessimistic_write')
      .where('i.id = :id AND i.exercise_id = :exerciseId', { id: injectId, exerciseId })
      .getOne();
    if (!inject) throw badInput('injectId', `No inject ${injectId} in this exercise`);
    return inject;
  }

  /** The database's clock (the one alerts are stamped with). */
  private async now(manager: EntityManager): Promise<Date> {
    const [row] = (await manager.query(`SELECT clock_timestamp() AS now`)) as { now: Date }[];
    return new Date(row.now);
  }
}
