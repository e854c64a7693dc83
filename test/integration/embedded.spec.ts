import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@renkei/core/config/app-config';
import { QueueName } from '@renkei/core/queue/queue-factory';
import { Infrastructure, startInfrastructure } from '@renkei/platform/infrastructure';

/**
 * Embedded mode shares one PGlite session through pglite-socket, so the app keeps a single
 * connection. These tests prove that transactions stay isolated from each other and that BullMQ's
 * PostgreSQL backend works on the same connection.
 */
describe('embedded storage (PGlite through pglite-socket)', () => {
  let infrastructure: Infrastructure;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'renkei-embedded-'));
    infrastructure = await startInfrastructure(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }),
    );
    await infrastructure.dataSource.query(
      `CREATE TABLE IF NOT EXISTS isolation_probe (id int PRIMARY KEY, value text)`,
    );
  }, 120_000);

  afterAll(async () => {
    await infrastructure?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('applies the migrations', async () => {
    const rows = await infrastructure.dataSource.query(`SELECT count(*)::int AS n FROM schema_migrations`);
    expect(rows[0].n).toBe(infrastructure.dataSource.migrations.length);
  });

  it('isolates concurrent transactions: uncommitted writes are invisible, a rollback leaves nothing', async () => {
    const { dataSource } = infrastructure;
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let insideSaw: number | undefined;
    const writer = dataSource
      .transaction(async (manager) => {
        await manager.query(`INSERT INTO isolation_probe VALUES (1, 'uncommitted')`);
        const [{ n }] = await manager.query(`SELECT count(*)::int AS n FROM isolation_probe`);
        insideSaw = n;
        await hold;
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    // A reader outside the transaction waits for the single connection, so it cannot observe the
    // uncommitted row; give the writer time to be inside its transaction first.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const reader = dataSource.query(`SELECT count(*)::int AS n FROM isolation_probe`);
    release();
    expect(await writer).toBe('roll back');
    expect(insideSaw).toBe(1);
    expect((await reader)[0].n).toBe(0);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM isolation_probe`);
    expect(n).toBe(0);
  });

  it('commits a transaction atomically', async () => {
    const { dataSource } = infrastructure;
    await dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO isolation_probe VALUES (2, 'a')`);
      await manager.query(`INSERT INTO isolation_probe VALUES (3, 'b')`);
    });
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO isolation_probe VALUES (4, 'c')`);
        await manager.query(`INSERT INTO isolation_probe VALUES (2, 'duplicate')`);
      }),
    ).rejects.toThrow();
    const rows = await dataSource.query(`SELECT id FROM isolation_probe ORDER BY id`);
    expect(rows.map((r: { id: number }) => r.id)).toEqual([2, 3]);
  });

  it('runs BullMQ jobs, delayed ones too, on the PostgreSQL backend', async () => {
    const { queues } = infrastructure;
    expect(queues.backend).toBe('postgres');
    const seen: string[] = [];
    const worker = queues.worker<{ label: string }>(QueueName.MAINTENANCE, async (job) => {
      seen.push(job.data.label);
    });
    const queue = queues.queue<{ label: string }>(QueueName.MAINTENANCE);
    await queue.add('probe', { label: 'now' });
    await queue.add('probe', { label: 'later' }, { delay: 300 });
    const deadline = Date.now() + 15_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await worker.close();
    expect(seen.sort()).toEqual(['later', 'now']);
  });
});
