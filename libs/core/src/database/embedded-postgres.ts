import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * Embedded mode: PGlite (PostgreSQL compiled to WebAssembly) with its data in `<dataDir>/pg`, served
 * on a loopback port so the ordinary `pg` driver, TypeORM and its migrations run unchanged.
 *
 * pglite-socket serves one database session to every connection. Two clients would share one
 * session (and could interleave extended-protocol messages), so the whole process uses exactly one
 * connection: TypeORM's pool has size 1 and BullMQ borrows it (see `SharedPoolForBullmq`).
 */
export class EmbeddedPostgres {
  private db?: PGlite;
  private server?: PGLiteSocketServer;
  private port = 0;

  constructor(private readonly dataDir: string) {}

  async start(): Promise<string> {
    const directory = join(this.dataDir, 'pg');
    mkdirSync(directory, { recursive: true });
    this.db = await PGlite.create({ dataDir: directory });
    this.server = new PGLiteSocketServer({ db: this.db, host: '127.0.0.1', port: 0, maxConnections: 2 });
    this.server.addEventListener('listening', (event) => {
      const detail = (event as CustomEvent<{ port: number }>).detail;
      this.port = detail.port;
    });
    await this.server.start();
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await this.db?.close();
    this.server = undefined;
    this.db = undefined;
  }
}
