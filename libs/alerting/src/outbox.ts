import type { EntityManager } from 'typeorm';
import { afterCommit } from '@renkei/core/database/after-commit';

/** Queues and job names alerting produces; processors live in apps/worker. */
export const AlertQueue = {
  DELIVERIES: 'alert-deliveries',
  ESCALATIONS: 'alert-escalations',
} as const;

export const AlertJob = {
  DELIVER: 'deliver',
  STEP: 'step',
  REMIND: 'remind',
  REESCALATE: 'reescalate',
} as const;

export interface DeliverJob {
  deliveryId: string;
}
export interface StepJob {
  escalationId: string;
  round: number;
  loop: number;
  step: number;
}
export interface RemindJob {
  alertId: string;
  reminder: number;
}
export interface ReescalateJob {
  escalationId: string;
  round: number;
}

export interface OutboxEntry {
  queue: string;
  name: string;
  jobId: string;
  payload: Record<string, unknown>;
  availableAt?: Date;
}

export const OUTBOX_CHANNEL = 'renkei_outbox';

type Waker = () => void;
let localWaker: Waker | null = null;

/** The relay in this process (embedded mode, or a test) asks to be woken after each commit. */
export function setOutboxWaker(waker: Waker | null): void {
  localWaker = waker;
}

/** Called after a commit that wrote outbox rows (with SQL that wrote them itself). */
export function wakeRelay(manager: EntityManager): void {
  afterCommit(manager, () => localWaker?.());
}

/**
 * Writes jobs to the outbox inside the caller's transaction. NOTIFY is transactional, so a relay
 * listening on another server process hears of them exactly when they become visible.
 */
export async function enqueue(manager: EntityManager, entries: OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await manager.query(
    `WITH rows AS (
       INSERT INTO outbox_message (topic, job_id, payload, available_at)
       SELECT t, j, p, a FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::timestamptz[]) AS x(t, j, p, a)
     )
     SELECT pg_notify('${OUTBOX_CHANNEL}', '')`,
    [
      entries.map((entry) => `${entry.queue}/${entry.name}`),
      entries.map((entry) => entry.jobId),
      entries.map((entry) => JSON.stringify(entry.payload)),
      entries.map((entry) => entry.availableAt ?? new Date()),
    ],
  );
  wakeRelay(manager);
}

/**
 * BullMQ options per queue. Deliveries retry with the configured backoff (a RetryLater error may
 * name its own delay, e.g. from Retry-After); escalation jobs retry briefly and leave no failed job
 * behind, so that the reconciler can put a lost one back under the same id.
 */
export function jobOptions(queue: string, config: { deliveryMaxAttempts: number }): Record<string, unknown> {
  if (queue === AlertQueue.DELIVERIES) {
    return {
      attempts: config.deliveryMaxAttempts,
      backoff: { type: 'renkei' },
      removeOnComplete: { age: 3600, count: 100_000 },
      removeOnFail: { age: 7 * 86400 },
    };
  }
  return {
    attempts: 8,
    backoff: { type: 'exponential', delay: 500 },
    removeOnComplete: { age: 86400, count: 100_000 },
    removeOnFail: true,
  };
}
