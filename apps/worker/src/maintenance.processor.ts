import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { AuditService } from '@renkei/audit/audit.service';
import { QueueFactory, QueueName } from '@renkei/core/queue/queue-factory';

export const MaintenanceJob = {
  VERIFY_AUDIT_CHAIN: 'verify-audit-chain',
} as const;

/**
 * Periodic checks that need no request: the audit chain is re-verified every hour, and a break is
 * logged as an error (evidence tampering, サービス④-3).
 */
@Injectable()
export class MaintenanceProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceProcessor.name);
  private worker?: Worker;

  constructor(
    private readonly queues: QueueFactory,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const queue = this.queues.queue(QueueName.MAINTENANCE);
    await queue.upsertJobScheduler(
      MaintenanceJob.VERIFY_AUDIT_CHAIN,
      { every: 3_600_000 },
      { name: MaintenanceJob.VERIFY_AUDIT_CHAIN },
    );
    this.worker = this.queues.worker(QueueName.MAINTENANCE, (job) => this.process(job), { concurrency: 1 });
    this.worker.on('error', (error) => this.logger.warn(`maintenance worker: ${error.message}`));
  }

  async process(job: Job): Promise<unknown> {
    if (job.name === MaintenanceJob.VERIFY_AUDIT_CHAIN) {
      const result = await this.audit.verifyChain();
      if (result.valid) this.logger.log(`audit chain verified: ${result.checked} events`);
      else this.logger.error(`audit chain broken at ${result.brokenAtSequence}: ${result.reason}`);
      return result;
    }
    throw new Error(`Unknown maintenance job ${job.name}`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
