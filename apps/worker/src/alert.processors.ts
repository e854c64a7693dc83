import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { QueueFactory, QueueName } from '@renkei/core/queue/queue-factory';
import { DeliveryService, RetryLater } from '@renkei/alerting/delivery/delivery.service';
import { EscalationEngine } from '@renkei/alerting/escalation-engine';
import { AlertJob, AlertQueue, DeliverJob, ReescalateJob, RemindJob, StepJob } from '@renkei/alerting/outbox';
import { backoffDelayMs } from '@renkei/alerting/webhook/retry-policy';

/** Sends deliveries: one job per alert per channel; retries follow DELIVERY_* settings and Retry-After. */
@Injectable()
export class AlertDeliveryProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AlertDeliveryProcessor.name);
  private worker?: Worker<DeliverJob>;

  constructor(
    private readonly queues: QueueFactory,
    private readonly deliveries: DeliveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.queues.worker<DeliverJob>(
      AlertQueue.DELIVERIES as QueueName,
      (job) => this.process(job),
      {
        concurrency: this.config.deliveryConcurrency,
        settings: {
          backoffStrategy: (attemptsMade: number, _type?: string, error?: Error) =>
            error instanceof RetryLater && error.retryAfterMs !== undefined
              ? error.retryAfterMs
              : backoffDelayMs(
                  attemptsMade,
                  this.config.deliveryBackoffBaseMs,
                  this.config.deliveryBackoffMaxMs,
                ),
        },
      },
    );
    this.worker.on('error', (error) => this.logger.warn(`delivery worker: ${error.message}`));
  }

  async process(job: Job<DeliverJob>): Promise<string> {
    if (job.name !== AlertJob.DELIVER) throw new Error(`Unknown delivery job ${job.name}`);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    return this.deliveries.deliver(job.data.deliveryId, final);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}

/** Escalation steps, reminders and re-escalations: delayed jobs that check the database before acting. */
@Injectable()
export class EscalationProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EscalationProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly queues: QueueFactory,
    private readonly engine: EscalationEngine,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.queues.worker(AlertQueue.ESCALATIONS as QueueName, (job) => this.process(job), {
      concurrency: 8,
    });
    this.worker.on('error', (error) => this.logger.warn(`escalation worker: ${error.message}`));
  }

  async process(job: Job): Promise<string> {
    switch (job.name) {
      case AlertJob.STEP:
        return this.engine.runStep(job.data as StepJob);
      case AlertJob.REMIND:
        return this.engine.runReminder(job.data as RemindJob);
      case AlertJob.REESCALATE:
        return this.engine.runReescalation(job.data as ReescalateJob);
      default:
        throw new Error(`Unknown escalation job ${job.name}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
