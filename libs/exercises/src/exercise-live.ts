import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertChange, DomainEvents, ExerciseChange, IncidentChange } from '@renkei/core/events/domain-events';
import { TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { RealtimeGateway } from '@renkei/realtime/realtime.gateway';
import { RoomAuthorities } from '@renkei/realtime/room-authorities';
import { loadAccess } from './exercise-access';

export const exerciseRooms = {
  /** Facilitators, evaluators, observers and the promotion body: everything. */
  staff: (id: string) => `exercise:${id}:staff`,
  /** Everyone in the exercise: what is for all (the clock). */
  all: (id: string) => `exercise:${id}:all`,
  /** One playing organisation's side. */
  organisation: (id: string, organisationId: string) => `exercise:${id}:org:${organisationId}`,
};

interface DrillRef {
  exerciseId: string;
  injectId: string;
  injectSequence: number;
}

/**
 * The exercise's live board over socket.io: a room per exercise. Staff see every event; a player's
 * socket sees the clock and its own organisation's side (injects sent to it, its deliveries,
 * acknowledgements and responses, messages addressed to it) — never another organisation's, never a
 * rating. Alert and acknowledgement news of drill incidents (from the worker too, through the event
 * bridge) is turned into exercise events here.
 */
@Injectable()
export class ExerciseLiveFeed implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ExerciseLiveFeed.name);
  private readonly drills = new Map<string, DrillRef | null>();
  private stop: (() => void)[] = [];

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly events: DomainEvents,
    private readonly gateway: RealtimeGateway,
    private readonly authorities: RoomAuthorities,
  ) {}

  onModuleInit(): void {
    this.authorities.register('exercise', async (actor, id) => {
      const access = await loadAccess(this.dataSource.manager, actor, id);
      return access.staff
        ? [exerciseRooms.staff(id), exerciseRooms.all(id)]
        : [exerciseRooms.all(id), exerciseRooms.organisation(id, actor.organisationId)];
    });
    this.stop = [
      this.events.on('exercise', (change) => this.onExercise(change)),
      this.events.on('alert', (change) => void this.onAlert(change).catch((e) => this.warn(e))),
      this.events.on('incident', (change) => void this.onIncident(change).catch((e) => this.warn(e))),
    ];
  }

  onModuleDestroy(): void {
    for (const stop of this.stop) stop();
  }

  private onExercise(change: ExerciseChange): void {
    const rooms = [exerciseRooms.staff(change.exerciseId)];
    if (change.organisationIds === null) rooms.push(exerciseRooms.all(change.exerciseId));
    else
      for (const id of change.organisationIds) rooms.push(exerciseRooms.organisation(change.exerciseId, id));
    this.gateway.publish(
      rooms,
      'exercise.event',
      { exerciseId: change.exerciseId, kind: change.kind, data: change.data },
      change.remote,
    );
  }

  private async onAlert(change: AlertChange): Promise<void> {
    const drill = await this.drillOf(change.incidentId);
    if (!drill) return;
    this.gateway.publish(
      [
        exerciseRooms.staff(drill.exerciseId),
        exerciseRooms.organisation(drill.exerciseId, change.organisationId),
      ],
      'exercise.event',
      {
        exerciseId: drill.exerciseId,
        kind: 'delivery',
        data: {
          injectId: drill.injectId,
          sequence: drill.injectSequence,
          alertId: change.alertId,
          organisationId: change.organisationId,
          state: change.state,
          channel: change.channel ?? null,
          at: new Date().toISOString(),
        },
      },
      change.remote,
    );
  }

  private async onIncident(change: IncidentChange): Promise<void> {
    if (change.detail?.kind !== TimelineEntryKind.ACKNOWLEDGED) return;
    const organisationId = change.detail.organisationId as string | undefined;
    if (!organisationId) return;
    const drill = await this.drillOf(change.incidentId);
    if (!drill) return;
    const [engagement] = (await this.dataSource.query(
      `SELECT acknowledged_at, acknowledged_by_name, first_alerted_at FROM alert_engagement
        WHERE incident_id = $1 AND organisation_id = $2`,
      [change.incidentId, organisationId],
    )) as { acknowledged_at: Date | null; acknowledged_by_name: string | null; first_alerted_at: Date }[];
    this.gateway.publish(
      [exerciseRooms.staff(drill.exerciseId), exerciseRooms.organisation(drill.exerciseId, organisationId)],
      'exercise.event',
      {
        exerciseId: drill.exerciseId,
        kind: 'acknowledged',
        data: {
          injectId: drill.injectId,
          sequence: drill.injectSequence,
          organisationId,
          acknowledgedAt: engagement?.acknowledged_at
            ? new Date(engagement.acknowledged_at).toISOString()
            : null,
          acknowledgedBy: engagement?.acknowledged_by_name ?? null,
          firstAlertedAt: engagement ? new Date(engagement.first_alerted_at).toISOString() : null,
        },
      },
      change.remote,
    );
  }

  /** Which exercise an incident belongs to (cached; real incidents are remembered as null). */
  private async drillOf(incidentId: string): Promise<DrillRef | null> {
    if (this.drills.has(incidentId)) return this.drills.get(incidentId) ?? null;
    const [row] = (await this.dataSource.query(
      `SELECT exercise_id, drill->>'injectId' AS inject_id, (drill->>'injectSequence')::int AS sequence
         FROM incident WHERE id = $1`,
      [incidentId],
    )) as { exercise_id: string | null; inject_id: string | null; sequence: number | null }[];
    if (!row) return null;
    const ref = row.exercise_id
      ? { exerciseId: row.exercise_id, injectId: row.inject_id as string, injectSequence: row.sequence ?? 0 }
      : null;
    if (this.drills.size > 10_000) this.drills.clear();
    this.drills.set(incidentId, ref);
    return ref;
  }

  private warn(error: unknown): void {
    this.logger.warn(`exercise live feed: ${String(error)}`);
  }
}
