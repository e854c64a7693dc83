import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { listenForNotifications } from '@renkei/core/database/notification-listener';
import { QueueFactory, QueueName } from '@renkei/core/queue/queue-factory';
import { AlertJob, AlertQueue, jobOptions, OUTBOX_CHANNEL, setOutboxWaker } from '@renkei/alerting/outbox';
import { ObligationJob, ObligationQueue, overdueJobId } from '@renkei/obligations/obligation-jobs';

interface LeasedRow {
  id: string;
  topic: string;
  job_id: string;
  payload: Record<string, unknown>;
  available_at: Date;
}

const BATCH = 2000;

/**
 * Moves outbox rows to BullMQ: woken at once by NOTIFY (another process committed) or in-process
 * (embedded mode), and by a fallback poll. A row is leased, enqueued under its job id (so relaying it
 * twice makes one job), then deleted; if the queue is down the rows wait and the relay retries.
 *
 * It also reconciles: a delivery or an escalation step whose job the queue no longer has (a Redis
 * restarted without persistence, say) is put back under the same id.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private running = false;
  private again = false;
  private reconciling = false;
  private stopped = false;
  private pollTimer?: NodeJS.Timeout;
  private reconcileTimer?: NodeJS.Timeout;
  private stopListening?: () => Promise<void>;
  private lastFailureLogged = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queues: QueueFactory,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    setOutboxWaker(() => this.wake());
    if (this.config.mode !== 'embedded') {
      this.stopListening = listenForNotifications(
        this.dataSource,
        OUTBOX_CHANNEL,
        () => this.wake(),
        (error) => this.logFailure('listen', error),
      );
    }
    this.pollTimer = setInterval(() => this.wake(), this.config.outboxPollMs);
    this.pollTimer.unref();
    this.reconcileTimer = setInterval(() => {
      // One pass at a time: while the queue is down a pass waits on it, and passes must not pile up.
      if (this.reconciling) return;
      this.reconciling = true;
      this.reconcile()
        .catch((error) => this.logFailure('reconcile', error))
        .finally(() => (this.reconciling = false));
    }, this.config.reconcileIntervalMs);
    this.reconcileTimer.unref();
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain().finally(() => {
      this.running = false;
      if (this.again && !this.stopped) {
        this.again = false;
        this.wake();
      }
    });
  }

  /** Relays until the outbox is empty (or the queue fails: the rows stay for the next wake). */
  async drain(): Promise<number> {
    let total = 0;
    try {
      for (;;) {
        const rows = (await this.dataSource.query(
          `UPDATE outbox_message SET leased_until = now() + interval '30 seconds'
            WHERE id IN (SELECT id FROM outbox_message
                          WHERE leased_until IS NULL OR leased_until < now()
                          ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
            RETURNING id, topic, job_id, payload, available_at`,
        )) as [LeasedRow[], number];
        const leased = rows[0];
        if (!leased.length) return total;
        await this.publish(leased);
        await this.dataSource.query(`DELETE FROM outbox_message WHERE id = ANY($1::bigint[])`, [
          leased.map((row) => row.id),
        ]);
        total += leased.length;
        if (leased.length < BATCH) return total;
      }
    } catch (error) {
      this.logFailure('relay', error);
      return total;
    }
  }

  private async publish(rows: LeasedRow[]): Promise<void> {
    const byQueue = new Map<string, LeasedRow[]>();
    for (const row of rows) {
      const queue = row.topic.split('/')[0];
      byQueue.set(queue, [...(byQueue.get(queue) ?? []), row]);
    }
    const now = Date.now();
    await Promise.all(
      [...byQueue].map(([queue, list]) =>
        this.queues.queue(queue as QueueName).addBulk(
          list.map((row) => ({
            name: row.topic.split('/')[1],
            data: row.payload,
            opts: {
              ...jobOptions(queue, this.config),
              jobId: row.job_id,
              delay: Math.max(0, new Date(row.available_at).getTime() - now),
            },
          })),
        ),
      ),
    );
  }

  /** Puts back jobs the queue lost: deliveries still to send, escalation steps overdue. */
  async reconcile(): Promise<number> {
    let restored = 0;
    const deliveries = (await this.dataSource.query(
      `SELECT id FROM alert_delivery WHERE state IN ('PENDING', 'RETRYING') AND created_at < now() - interval '10 seconds'
        ORDER BY created_at LIMIT 1000`,
    )) as { id: string }[];
    const deliveryQueue = this.queues.queue(AlertQueue.DELIVERIES as QueueName);
    for (const { id } of deliveries) {
      const jobId = `deliver_${id}`;
      const existing = await deliveryQueue.getJob(jobId);
      if (existing) {
        // Failed for good yet the delivery is unsettled: an error outside the delivery's own verdicts
        // (the database away on the last attempt) or a job stalled by crashed workers too often. Left
        // alone it would wait for removeOnFail (7 days): run it again (its attempts so far count).
        if (await existing.isFailed()) {
          await existing.retry('failed');
          restored += 1;
        }
        continue;
      }
      const queued = (await this.dataSource.query(`SELECT 1 FROM outbox_message WHERE job_id = $1`, [
        jobId,
      ])) as unknown[];
      if (queued.length) continue;
      await deliveryQueue.add(
        AlertJob.DELIVER,
        { deliveryId: id },
        {
          ...jobOptions(AlertQueue.DELIVERIES, this.config),
          jobId,
        },
      );
      restored += 1;
    }
    const steps = (await this.dataSource.query(
      `SELECT id, round, loop, next_step, next_step_at FROM escalation
        WHERE state = 'ACTIVE' AND next_step_at < now() - interval '5 seconds' ORDER BY next_step_at LIMIT 1000`,
    )) as { id: string; round: number; loop: number; next_step: number; next_step_at: Date }[];
    const escalationQueue = this.queues.queue(AlertQueue.ESCALATIONS as QueueName);
    for (const step of steps) {
      const at = new Date(step.next_step_at);
      const jobId = `step_${step.id}_r${step.round}_l${step.loop}_s${step.next_step}_${at.getTime()}`;
      if (await escalationQueue.getJob(jobId)) continue;
      const queued = (await this.dataSource.query(`SELECT 1 FROM outbox_message WHERE job_id = $1`, [
        jobId,
      ])) as unknown[];
      if (queued.length) continue;
      await escalationQueue.add(
        AlertJob.STEP,
        { escalationId: step.id, round: step.round, loop: step.loop, step: step.next_step },
        { ...jobOptions(AlertQueue.ESCALATIONS, this.config), jobId },
      );
      restored += 1;
    }
    restored += await this.reconcileTimers(escalationQueue);
    restored += await this.reconcileDeadlines();
    if (restored) this.logger.warn(`reconciled ${restored} job(s) the queue had lost`);
    return restored;
  }

  /**
   * Reminders and re-escalations overdue by more than a few seconds whose job the queue no longer
   * has: their due times follow from the alert (or acknowledgement) and the policy copy.
   */
  private async reconcileTimers(escalationQueue: ReturnType<QueueFactory['queue']>): Promise<number> {
    let restored = 0;
    const reminders = (await this.dataSource.query(
      `SELECT a.id, s.sent + 1 AS reminder
         FROM alert a
         JOIN escalation e ON e.id = a.escalation_id AND e.state = 'ACTIVE' AND e.round = a.round
         JOIN alert_engagement g ON g.incident_id = a.incident_id AND g.organisation_id = a.organisation_id
         CROSS JOIN LATERAL (SELECT count(*)::int AS sent FROM alert r
                              WHERE r.incident_id = a.incident_id AND r.trigger_key LIKE 'remind:' || a.id || ':%') s
        WHERE a.acknowledgement_required AND a.purpose <> 'REMINDER' AND g.acknowledged_at IS NULL
          AND (e.policy->>'reminderIntervalSeconds') IS NOT NULL
          AND s.sent < (e.policy->>'maxReminders')::int
          AND a.created_at + make_interval(secs => (e.policy->>'reminderIntervalSeconds')::int * (s.sent + 1))
              < now() - interval '5 seconds'
        LIMIT 500`,
    )) as { id: string; reminder: number }[];
    for (const { id, reminder } of reminders) {
      const jobId = `remind_${id}_${reminder}`;
      if (await escalationQueue.getJob(jobId)) continue;
      await escalationQueue.add(
        AlertJob.REMIND,
        { alertId: id, reminder },
        {
          ...jobOptions(AlertQueue.ESCALATIONS, this.config),
          jobId,
        },
      );
      restored += 1;
    }
    const reescalations = (await this.dataSource.query(
      `SELECT e.id, e.round FROM escalation e JOIN incident i ON i.id = e.incident_id
        WHERE e.state = 'ACKNOWLEDGED' AND (e.policy->>'reescalateAfterSeconds') IS NOT NULL
          AND e.policy->'reescalateSeverities' ? i.severity
          AND i.status IN ('NEW', 'TRIAGED', 'RESPONDING', 'CONTAINED', 'RECOVERING')
          AND e.acknowledged_at + make_interval(secs => (e.policy->>'reescalateAfterSeconds')::int) < now() - interval '5 seconds'
        LIMIT 500`,
    )) as { id: string; round: number }[];
    for (const { id, round } of reescalations) {
      const jobId = `reescalate_${id}_r${round}`;
      if (await escalationQueue.getJob(jobId)) continue;
      await escalationQueue.add(
        AlertJob.REESCALATE,
        { escalationId: id, round },
        {
          ...jobOptions(AlertQueue.ESCALATIONS, this.config),
          jobId,
        },
      );
      restored += 1;
    }
    return restored;
  }

  /**
   * Statutory deadlines passed a few seconds ago whose job the queue no longer has: the overdue job
   * is put back (it re-checks the obligation, so a duplicate does nothing). Lost reminders are not
   * replayed: past their time, the overdue notice is what matters.
   */
  private async reconcileDeadlines(): Promise<number> {
    let restored = 0;
    const due = (await this.dataSource.query(
      `SELECT id, due_at FROM obligation WHERE status = 'PENDING' AND due_at < now() - interval '5 seconds'
        ORDER BY due_at LIMIT 500`,
    )) as { id: string; due_at: Date }[];
    const queue = this.queues.queue(ObligationQueue.NAME as QueueName);
    for (const row of due) {
      const dueAt = new Date(row.due_at);
      const jobId = overdueJobId(row.id, dueAt);
      if (await queue.getJob(jobId)) continue;
      const queued = (await this.dataSource.query(`SELECT 1 FROM outbox_message WHERE job_id = $1`, [
        jobId,
      ])) as unknown[];
      if (queued.length) continue;
      await queue.add(
        ObligationJob.OVERDUE,
        { obligationId: row.id, dueAt: dueAt.getTime() },
        { ...jobOptions(ObligationQueue.NAME, this.config), jobId },
      );
      restored += 1;
    }
    return restored;
  }

  private logFailure(what: string, error: unknown): void {
    const now = Date.now();
    if (now - this.lastFailureLogged < 10_000) return;
    this.lastFailureLogged = now;
    this.logger.warn(`outbox ${what}: ${error instanceof Error ? error.message : String(error)}`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    setOutboxWaker(null);
    clearInterval(this.pollTimer);
    clearInterval(this.reconcileTimer);
    await this.stopListening?.();
    for (let i = 0; i < 50 && this.running; i += 1) await new Promise((r) => setTimeout(r, 20));
  }
}
