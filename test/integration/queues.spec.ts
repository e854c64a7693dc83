import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@renkei/core/config/app-config';
import { QueueName } from '@renkei/core/queue/queue-factory';
import { Infrastructure, startInfrastructure } from '@renkei/platform/infrastructure';
import { TEST_REDIS_URL, createTestDatabase } from '../support/test-database';

/** Jobs run on both queue backends of server mode: Redis, and BullMQ's PostgreSQL backend when REDIS_URL is unset. */
describe.each([
  ['Redis', true],
  ['PostgreSQL (no REDIS_URL)', false],
])('queues on %s', (_name, withRedis) => {
  let infrastructure: Infrastructure;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    infrastructure = await startInfrastructure(
      loadConfig({
        NODE_ENV: 'test',
        DATABASE_URL: database.url,
        ...(withRedis ? { REDIS_URL: TEST_REDIS_URL } : {}),
        QUEUE_PREFIX: `q${randomBytes(4).toString('hex')}`,
        DATA_DIR: mkdtempSync(join(tmpdir(), 'renkei-queues-')),
        LOG_LEVEL: 'silent',
      }),
    );
  });

  afterAll(async () => {
    await infrastructure?.close();
    await drop?.();
  });

  it('runs immediate and delayed jobs and answers the readiness ping', async () => {
    const { queues } = infrastructure;
    expect(queues.backend).toBe(withRedis ? 'redis' : 'postgres');
    await expect(queues.ping()).resolves.toBeUndefined();
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
