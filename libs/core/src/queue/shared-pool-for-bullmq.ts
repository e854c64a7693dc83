import { EventEmitter } from 'node:events';
import type { Pool, QueryResult } from 'pg';

/**
 * Makes TypeORM's single embedded connection usable by BullMQ's PostgreSQL backend.
 *
 * BullMQ runs every command through `pool.query` (one statement each), so sharing the pool is safe.
 * It also checks out a long-lived client for LISTEN; with a pool of one that would deadlock, and on
 * pglite-socket NOTIFY never arrives anyway. So `connect()` hands out a client whose queries go
 * through the pool one at a time and whose LISTEN/UNLISTEN are no-ops; workers then find jobs by
 * their short drain delay. BullMQ's own migrations need a real transaction: run them with
 * `runBullmqMigrations` before any queue is created.
 */
export class SharedPoolForBullmq extends EventEmitter {
  readonly options = { keepAlive: true };

  constructor(private readonly pool: Pool) {
    super();
  }

  query(text: string, params?: unknown[]): Promise<QueryResult> {
    return this.pool.query(text, params as unknown[]);
  }

  async connect(): Promise<PassThroughClient> {
    return new PassThroughClient(this.pool);
  }

  async end(): Promise<void> {
    // The pool belongs to TypeORM, which closes it.
  }
}

class PassThroughClient extends EventEmitter {
  readonly connection = undefined;

  constructor(private readonly pool: Pool) {
    super();
  }

  async query(text: string, params?: unknown[]): Promise<QueryResult | { rows: never[]; rowCount: 0 }> {
    if (/^\s*(UN)?LISTEN\b/i.test(text)) return { rows: [], rowCount: 0 };
    return this.pool.query(text, params as unknown[]);
  }

  release(): void {
    // nothing is checked out
  }

  async end(): Promise<void> {
    // nothing to close
  }
}
