import {
  Processor,
  Queue,
  QueueOptions,
  Worker,
  WorkerOptions,
  createPostgresBackend,
  runMigrations,
} from 'bullmq';
import IORedis from 'ioredis';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { poolOf } from '../database/data-source';
import { SharedPoolForBullmq } from './shared-pool-for-bullmq';

/** Names of every BullMQ queue; processors for each live in apps/worker. */
export const QueueName = {
  MAINTENANCE: 'maintenance',
  ALERT_DELIVERIES: 'alert-deliveries',
  ALERT_ESCALATIONS: 'alert-escalations',
  EXERCISE_CLOCK: 'exercise-clock',
  OBLIGATIONS: 'obligations',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/**
 * Builds BullMQ queues and workers on the configured backend: Redis when REDIS_URL is set, otherwise
 * BullMQ's PostgreSQL backend on the application database (embedded mode).
 */
export class QueueFactory {
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Worker[] = [];
  private redis?: IORedis;
  private sharedPool?: SharedPoolForBullmq;

  constructor(
    private readonly config: Pick<AppConfig, 'redisUrl' | 'queuePrefix' | 'mode' | 'queueLockDurationMs'>,
    private readonly dataSource: DataSource,
    /** The application database (for BullMQ's own pool on a real PostgreSQL server). */
    private readonly databaseUrl: string,
  ) {}

  get backend(): 'redis' | 'postgres' {
    return this.config.redisUrl ? 'redis' : 'postgres';
  }

  /** Prepares the backend: BullMQ's schema on PostgreSQL (its migrations need a real transaction). */
  async prepare(): Promise<void> {
    if (this.backend === 'redis') return;
    const client = await poolOf(this.dataSource).connect();
    try {
      await runMigrations(client as never, 'bullmq');
    } finally {
      client.release();
    }
  }

  private redisConnection(): IORedis {
    if (!this.redis) {
      this.redis = new IORedis(this.config.redisUrl as string, {
        maxRetriesPerRequest: null,
        lazyConnect: false,
      });
      this.redis.on('error', () => undefined); // surfaced through readiness, reconnects by itself
    }
    return this.redis;
  }

  /**
   * Embedded: TypeORM's single connection, shared (see SharedPoolForBullmq). A real PostgreSQL server:
   * BullMQ's own small pool, its search path pinned to the bullmq schema, with LISTEN/NOTIFY.
   */
  private postgresConnection():
    SharedPoolForBullmq | { connectionString: string; schema: string; max: number } {
    if (this.config.mode !== 'embedded')
      return { connectionString: this.databaseUrl, schema: 'bullmq', max: 3 };
    this.sharedPool ??= new SharedPoolForBullmq(poolOf(this.dataSource));
    return this.sharedPool;
  }

  queue<T = unknown>(name: QueueName): Queue<T> {
    let queue = this.queues.get(name);
    if (!queue) {
      if (this.backend === 'redis') {
        queue = new Queue(name, {
          connection: this.redisConnection(),
          prefix: this.config.queuePrefix,
        } as QueueOptions);
      } else {
        queue = new Queue(
          name,
          { connection: this.postgresConnection() } as never,
          createPostgresBackend as never,
        );
      }
      // Without a listener BullMQ prints every reconnect failure of an outage to stderr; the shared
      // connection reconnects by itself, callers see their own commands fail or wait.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue as Queue<T>;
  }

  worker<T = unknown>(
    name: QueueName,
    processor: Processor<T>,
    options: Partial<WorkerOptions> = {},
  ): Worker<T> {
    let worker: Worker<T>;
    // A crashed worker's jobs are found stalled and run again once its lock has expired.
    const locks = {
      lockDuration: this.config.queueLockDurationMs,
      stalledInterval: this.config.queueLockDurationMs,
    };
    if (this.backend === 'redis') {
      worker = new Worker<T>(name, processor, {
        connection: this.redisConnection().duplicate(),
        prefix: this.config.queuePrefix,
        ...locks,
        ...options,
      } as WorkerOptions);
    } else {
      // No NOTIFY on pglite-socket: poll with a short drain delay instead.
      const drainDelay = this.config.mode === 'embedded' ? { drainDelay: 0.25 } : {};
      worker = new Worker<T>(
        name,
        processor,
        { connection: this.postgresConnection(), ...drainDelay, ...locks, ...options } as never,
        createPostgresBackend as never,
      );
    }
    this.workers.push(worker as Worker);
    return worker;
  }

  /** Readiness probe: the backend answers. */
  async ping(): Promise<void> {
    if (this.backend === 'redis') {
      await this.redisConnection().ping();
    } else {
      await poolOf(this.dataSource).query('SELECT 1 FROM bullmq.migration LIMIT 1');
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((worker) => worker.close()));
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.workers.length = 0;
    this.queues.clear();
    this.redis?.disconnect();
    this.redis = undefined;
  }
}
