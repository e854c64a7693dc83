import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { QueueFactory, QueueName } from '@renkei/core/queue/queue-factory';
import { ObligationJob, ObligationQueue, ObligationTimerJob } from '@renkei/obligations/obligation-jobs';
import { ObligationsEngine } from '@renkei/obligations/obligations.engine';

/** Statutory deadlines: reminders before them and the overdue transition at them (each re-checked under a lock). */
@Injectable()
export class ObligationProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ObligationProcessor.name);
  private worker?: Worker<ObligationTimerJob>;

  constructor(
    private readonly queues: QueueFactory,
    private readonly engine: ObligationsEngine,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.queues.worker<ObligationTimerJob>(
      ObligationQueue.NAME as QueueName,
      (job) => this.process(job),
      { concurrency: 4 },
    );
    this.worker.on('error', (error) => this.logger.warn(`obligation worker: ${error.message}`));
  }

  async process(job: Job<ObligationTimerJob>): Promise<string> {
    switch (job.name) {
      case ObligationJob.REMIND:
        return this.engine.runTimer('remind', job.data);
      case ObligationJob.OVERDUE:
        return this.engine.runTimer('overdue', job.data);
      default:
        throw new Error(`Unknown obligation job ${job.name}`);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
