import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';

/**
 * In-process notifications of committed changes (after the transaction), for the realtime gateway.
 * Durable side effects (alerts) go through the transactional outbox instead; this is best-effort.
 */
export interface IncidentChange {
  type: 'incident.created' | 'incident.updated' | 'incident.timeline';
  incidentId: string;
  /** Relayed from another process (the worker): tell this instance's own sockets only. */
  remote?: boolean;
  /** names of the changed fields, or the timeline entry kind */
  detail?: Record<string, unknown>;
}

/** An account changed (disabled, role, organisation, password): its live connections must re-authenticate. */
export interface AccountChange {
  userId?: string;
  apiKeyId?: string;
}

/** An alert changed state (sent, delivered, failed, acknowledged): live on the incident's screens. */
export interface AlertChange {
  incidentId: string;
  alertId: string;
  organisationId: string;
  state: string;
  channel?: string;
  /** The incident's TLP, when the emitter knows it (saves the gateway a query). */
  tlp?: string;
  /** A tabletop exercise's drill incident: news for the alerted organisation and the exercise's board only. */
  drill?: boolean;
  remote?: boolean;
}

/**
 * Something happened in a tabletop exercise (clock, inject, delivery, acknowledgement, response,
 * rating): live on the exercise's board. `organisationIds` says which players may see it: null for
 * every participant, a list for those organisations' players only (staff — facilitators, evaluators,
 * observers — always see everything).
 */
export interface ExerciseChange {
  exerciseId: string;
  kind: string;
  organisationIds: string[] | null;
  data: Record<string, unknown>;
  remote?: boolean;
}

type Events = {
  incident: [IncidentChange];
  account: [AccountChange];
  alert: [AlertChange];
  exercise: [ExerciseChange];
};

@Injectable()
export class DomainEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    this.emitter.emit(event, ...args);
  }

  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    this.emitter.on(event, listener as (...args: unknown[]) => void);
    return () => this.emitter.off(event, listener as (...args: unknown[]) => void);
  }
}
