import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Worker } from 'bullmq';
import { QueueFactory, QueueName } from '@renkei/core/queue/queue-factory';
import { ExerciseJob, FireInjectJob, StartExerciseJob } from '@renkei/exercises/exercise-jobs';
import { ExerciseRunner } from '@renkei/exercises/exercise-runner';

/** How often overdue injects (a lost job) are looked for. */
const SWEEP_MS = 2000;

/**
 * The exercise clock: fires injects and starts scheduled exercises from delayed jobs, and sweeps for
 * what a lost job would have done (on boot and every few seconds). Every path goes through the
 * runner's locked checks, so an inject fires once whatever arrives twice.
 */
@Injectable()
export class ExerciseClockProcessor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExerciseClockProcessor.name);
  private worker?: Worker;
  private timer?: NodeJS.Timeout;
  private sweeping = false;

  constructor(
    private readonly queues: QueueFactory,
    private readonly runner: ExerciseRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.queues.worker(QueueName.EXERCISE_CLOCK, (job) => this.process(job), {
      concurrency: 4,
    });
    this.worker.on('error', (error) => this.logger.warn(`exercise clock worker: ${error.message}`));
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    this.timer.unref();
    void this.sweep();
  }

  async process(job: Job): Promise<string> {
    switch (job.name) {
      case ExerciseJob.FIRE_INJECT:
        return this.runner.fireFromJob(job.data as FireInjectJob);
      case ExerciseJob.START:
        return this.runner.startFromJob(job.data as StartExerciseJob);
      default:
        throw new Error(`Unknown exercise job ${job.name}`);
    }
  }

  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      const done = await this.runner.sweep();
      if (done) this.logger.warn(`exercise clock: caught up ${done} overdue inject(s) or start(s)`);
    } catch (error) {
      this.logger.warn(`exercise clock sweep: ${String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.worker?.close();
  }
}
