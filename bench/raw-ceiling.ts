import * as http from 'node:http';
import { performance } from 'node:perf_hooks';
import { Queue, Worker } from 'bullmq';
import IORedis from 'ioredis';
import type { Receipt } from './webhook-sink';
import type { WebhookSinkProcess } from './webhook-sink-process';

/**
 * The machine's ceiling for "a BullMQ job that POSTs a webhook": the same Redis (its own prefix),
 * the same job options and concurrency as the product's delivery queue, and a processor that does
 * nothing but one keep-alive HTTP POST of a body the size of the product's to the same receiver — no
 * database, no signing. Jobs are all queued before the worker starts, as in the throughput phase.
 */
export interface RawCeilingOptions {
  redisUrl: string;
  prefix: string;
  jobs: number;
  concurrency: number;
  bodyBytes: number;
  /** the product's options for a delivery job (attempts, backoff, removeOnComplete …) */
  jobOptions: Record<string, unknown>;
  /** spread the POSTs over this many receiver paths, like the product's contacts */
  paths: number;
}

export interface RawCeilingRun {
  receipts: Receipt[];
  /** wall clock when the worker was created (jobs were queued before) */
  workerStartedAt: number;
  queueingMs: number;
  failed: number;
  firstError: string | null;
}

const QUEUE = 'raw-ceiling';

export async function runRawCeiling(
  options: RawCeilingOptions,
  sink: WebhookSinkProcess,
  log: (line: string) => void,
): Promise<RawCeilingRun> {
  const connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', () => undefined);
  const workerConnection = connection.duplicate();
  const queue = new Queue(QUEUE, { connection, prefix: options.prefix });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let worker: Worker | undefined;
  try {
    const queueingStarted = performance.now();
    for (let from = 0; from < options.jobs; from += 500) {
      const count = Math.min(500, options.jobs - from);
      await queue.addBulk(
        Array.from({ length: count }, (_, i) => ({
          name: 'post',
          data: { n: from + i },
          opts: { ...options.jobOptions, jobId: `raw_${from + i}` },
        })),
      );
    }
    const queueingMs = performance.now() - queueingStarted;
    await sink.take();
    const before = (await sink.counts()).received;
    const shell = JSON.stringify({ type: 'raw.ceiling', data: { n: 0, pad: '' } });
    const pad = 'x'.repeat(Math.max(0, options.bodyBytes - shell.length - 6));
    let failed = 0;
    let firstError: string | null = null;
    const workerStartedAt = performance.timeOrigin + performance.now();
    worker = new Worker(
      QUEUE,
      async (job) => {
        const n = (job.data as { n: number }).n;
        const body = JSON.stringify({ type: 'raw.ceiling', data: { n, pad } });
        const status = await post(agent, sink.port, `/raw/${n % options.paths}`, body, job.id ?? String(n));
        if (status !== 200) throw new Error(`HTTP ${status}`);
        return 'sent';
      },
      {
        connection: workerConnection,
        prefix: options.prefix,
        concurrency: options.concurrency,
        settings: { backoffStrategy: () => 1000 },
      },
    );
    worker.on('failed', (_job, error) => {
      failed += 1;
      firstError ??= error.message;
    });
    worker.on('error', () => undefined);
    await sink.waitForTotal(before + options.jobs, 180_000, (counts) =>
      log(`  raw: ${counts.received - before} of ${options.jobs} received`),
    );
    const receipts = await sink.take();
    return { receipts, workerStartedAt, queueingMs, failed, firstError };
  } finally {
    await worker?.close().catch(() => undefined);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close().catch(() => undefined);
    agent.destroy();
    workerConnection.disconnect();
    connection.disconnect();
  }
}

function post(agent: http.Agent, port: number, path: string, body: string, id: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const payload = Buffer.from(body, 'utf8');
    const request = http.request(
      {
        method: 'POST',
        host: '127.0.0.1',
        port,
        path,
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': String(payload.length),
          'webhook-id': id,
        },
      },
      (response) => {
        response.on('data', () => undefined);
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
