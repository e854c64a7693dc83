import './bench-env';
import { Session } from 'node:inspector/promises';
import type { Profiler } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import IORedis from 'ioredis';
import { Client, Pool } from 'pg';
import { AlertQueue, jobOptions } from '@renkei/alerting/outbox';
import { poolOf } from '@renkei/core/database/data-source';
import { QueueName } from '@renkei/core/queue/queue-factory';
import { hashPassword } from '@renkei/identity/auth/password';
import { Infrastructure, startInfrastructure } from '@renkei/platform/infrastructure';
import {
  AlertingSeed,
  AlertsInfrastructure,
  RunningApi,
  RunningWorker,
  benchPolicies,
  seedWebhookContacts,
  startAlertsInfrastructure,
  startApi,
  startWorker,
} from './alerts-app';
import { BENCH_NODE_ENV } from './bench-env';
import { BENCH_REDIS_URL, BenchDatabase, createBenchDatabase, removeDataDir } from './bench-app';
import {
  ResourceSampler,
  StatementBreakdown,
  StatementCost,
  StatementTimer,
  explainSamples,
  startResourceSampler,
} from './delivery-probe';
import { GraphqlClient } from './load';
import { LoadRunner } from './load-runner';
import { PacedLoadRunner, PacedRun } from './paced-load';
import { ProfileSummary, summariseProfile } from './profile';
import { runRawCeiling } from './raw-ceiling';
import { seedCity } from './seed';
import { percentile, round } from './stats';
import type { Receipt } from './webhook-sink';
import { WebhookSinkProcess } from './webhook-sink-process';

/**
 * `npm run bench:alerts` — webhook alerting on real PostgreSQL and Redis, with the receiver in a
 * child process:
 *   1. deliveriesPerSecond: a backlog of deliveries written by real reports while the worker is
 *      stopped, then the worker started: receipts per second, first to last;
 *   2. reportToReceipt: reports at a steady rate (open loop), each reaching N webhook contacts: from
 *      the report request's start to each webhook's arrival at the receiver;
 *   3. escalationLateness: a two-step policy; how late the second step fires against its due time
 *      (SQL: alert.created_at of step 2 − (step 1's + escalateAfterSeconds)) and its webhooks arrive;
 *   4. rawCeiling: BullMQ + one keep-alive HTTP POST per job, same Redis, jobs, concurrency and
 *      receiver — the machine's ceiling — and ratio = deliveriesPerSecond / rawCeiling.
 * Prints one JSON object on stdout (progress on stderr). Reports figures; never asserts.
 */

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw ? Number(raw) : NaN;
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const SETTINGS = {
  /** the product's DELIVERY_CONCURRENCY for the worker (and the raw ceiling's) */
  deliveryConcurrency: int('DELIVERY_CONCURRENCY', 50),
  /** BENCH_DATABASE_POOL_SIZE: DATABASE_POOL_SIZE of the API and of the worker (default: the product's, 10) */
  databasePoolSize: process.env.BENCH_DATABASE_POOL_SIZE ?? null,
  /**
   * BENCH_SHARED_POOL=1: the worker on the API's infrastructure (one pool, one set of Redis
   * connections). Default: its own, as the separate worker process of a deployment has.
   */
  sharedPool: process.env.BENCH_SHARED_POOL === '1',
  /** webhook recipients per incident (contacts per kind per organisation) */
  recipients: int('BENCH_RECIPIENTS', 5),
  /** organisations, the promotion body included (it has no contacts) */
  organisations: int('BENCH_ORGANISATIONS', 21),
  /** incidents already in the register (seeded in bulk) */
  backgroundIncidents: int('BENCH_INCIDENTS', 10_000),
  warmupIncidents: int('BENCH_WARMUP_INCIDENTS', 100),
  throughputIncidents: int('BENCH_THROUGHPUT_INCIDENTS', 2000),
  /** closed-loop clients that write the backlog */
  reportClients: int('BENCH_CLIENTS', 16),
  latencyRate: int('BENCH_LATENCY_RATE', 50),
  latencySeconds: int('BENCH_LATENCY_SECONDS', 20),
  escalationIncidents: int('BENCH_ESCALATION_INCIDENTS', 200),
  escalationRate: int('BENCH_ESCALATION_RATE', 50),
  escalateAfterSeconds: int('BENCH_ESCALATE_AFTER_SECONDS', 2),
  /** the receiver verifies every n-th product webhook with `standardwebhooks` */
  verifyEvery: int('BENCH_VERIFY_EVERY', 20),
  /** BENCH_PROFILE=1 (or a directory for the .cpuprofile): an extra CPU-profiled backlog drain */
  profile: process.env.BENCH_PROFILE ?? null,
  profileIncidents: int('BENCH_PROFILE_INCIDENTS', 1000),
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
};

const TARGETS = {
  deliveriesPerSecond: 1000,
  reportToReceiptP99Ms: 200,
  escalationLatenessP99Ms: 1000,
  ratio: 0.5,
};

const PASSWORD = 'bench-correct-horse-battery-staple';
const LOGIN = `mutation BenchLogin($input: LoginInput!) { login(input: $input) { accessToken } }`;
const REPORT = `mutation BenchReport($input: ReportIncidentInput!) {
  reportIncident(input: $input) { deduplicated incident { id reference } }
}`;
const POLICY = `mutation BenchPolicy($input: EscalationPolicyInput!) { createEscalationPolicy(input: $input) { id } }`;

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};
const wallNow = () => performance.timeOrigin + performance.now();

// ---- figures ----

interface Summary {
  n: number;
  p50Ms: number;
  p90Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  minMs: number;
  maxMs: number;
}

function summary(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p90Ms: round(percentile(sorted, 90)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    meanMs: round(sorted.length ? sum / sorted.length : NaN),
    minMs: round(sorted.length ? sorted[0] : NaN),
    maxMs: round(sorted.length ? sorted[sorted.length - 1] : NaN),
  };
}

const fmt = (s: Summary) =>
  `p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, p99 ${s.p99Ms} ms (max ${s.maxMs}, n ${s.n})`;

/** Receipts per second: first to last, over the middle 80 %, and from the moment the worker started. */
function throughputOf(receipts: readonly Receipt[], startedAt: number) {
  const times = receipts.map((r) => r.receivedAt).sort((a, b) => a - b);
  const n = times.length;
  const first = times[0];
  const last = times[n - 1];
  const low = Math.floor(n * 0.1);
  const high = Math.max(low + 1, Math.ceil(n * 0.9) - 1);
  const perSecond: number[] = [];
  for (const time of times) {
    const bucket = Math.floor((time - first) / 1000);
    perSecond[bucket] = (perSecond[bucket] ?? 0) + 1;
  }
  return {
    received: n,
    distinctDeliveries: new Set(receipts.map((r) => r.deliveryId)).size,
    firstToLastPerSecond: n > 1 ? round(((n - 1) / (last - first)) * 1000, 1) : null,
    middle80PercentPerSecond: n > 10 ? round(((high - low) / (times[high] - times[low])) * 1000, 1) : null,
    fromWorkerStartPerSecond: round((n / (last - startedAt)) * 1000, 1),
    firstReceiptAfterWorkerStartMs: round(first - startedAt),
    firstToLastMs: round(last - first),
    /** receipts in each whole second from the first */
    perSecond: Array.from(perSecond, (count) => count ?? 0),
  };
}

// ---- inputs ----

const CATEGORIES = ['UNAUTHORIZED_ACCESS', 'MALWARE', 'DENIAL_OF_SERVICE', 'DEVICE_COMPROMISE', 'PHISHING'];

function reportInputs(
  count: number,
  severity: 'SEV1' | 'SEV3',
  tag: string,
  componentIds: string[],
): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, i) => ({
    title: `ベンチ警報 ${tag}-${i}: 不審な通信を検知`,
    description: '監視で不審な通信を検知しました。影響範囲を調査中です。',
    severity,
    category: CATEGORIES[i % CATEGORIES.length],
    detectionSource: 'SOC_MONITORING',
    // one component: its RESPONSIBLE organisation's `recipients` contacts are alerted
    componentIds: [componentIds[i % componentIds.length]],
    tlp: 'AMBER',
  }));
}

// ---- CPU profile (in-process inspector; the raw profile is kept for inclusive times) ----

async function cpuProfile<T>(fn: () => Promise<T>): Promise<{ result: T; profile: Profiler.Profile }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    const result = await fn();
    const { profile } = await session.post('Profiler.stop');
    return { result, profile };
  } finally {
    session.disconnect();
  }
}

const INTERESTING = new RegExp(
  [
    '^deliver$',
    '^loadDeliveryContext$',
    '^sendWebhook$',
    '^recordSuccess$',
    '^postJson$',
    '^signatureHeaders$',
    '^webhookPayload$',
    '^unseal$',
    '^drain$',
    '^publish$',
    '^reconcile$',
    '^moveToActive$',
    '^moveToFinished$',
    '^moveToCompleted$',
    '^addBulk$',
    '^query$',
    '^handleDataRow$',
    '^parse$',
    '^stringify$',
    '^emit$',
  ].join('|'),
);

/** Time in each interesting function including what it called (synchronously), per package. */
function inclusiveTimes(profile: Profiler.Profile): { name: string; ms: number; percent: number }[] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i += 1) {
    const ms = (deltas[i + 1] ?? 0) / 1000;
    selfMs.set(samples[i], (selfMs.get(samples[i]) ?? 0) + ms);
  }
  const inclusive = new Map<string, number>();
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    if (!node || node.callFrame.functionName === '(idle)') continue;
    total += ms;
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)?.callFrame;
      if (!frame || !INTERESTING.test(frame.functionName)) continue;
      const where = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(frame.url)?.[1] ?? (frame.url ? 'renkei' : '');
      const key = `${frame.functionName} [${where}]`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  }
  return [...inclusive]
    .sort((a, b) => b[1] - a[1])
    .map(([name, ms]) => ({ name, ms: round(ms, 1), percent: round((ms / total) * 100, 1) }));
}

/**
 * Where this process's CPU went, by activity: each sample goes to the first activity (in this order)
 * that has a frame on its stack. Work resumed after an `await` carries its function's frame, so
 * `deliver`'s own steps are attributed; replies parsed from a socket carry only the driver's frames.
 */
const ACTIVITIES: [string, (name: string, url: string) => boolean][] = [
  ['delivery: load context', (name) => name === 'loadDeliveryContext'],
  ['delivery: record success', (name) => name === 'recordSuccess' || name === 'recordAttempt'],
  [
    'delivery: sign + HTTP POST',
    (name) => ['sendWebhook', 'postJson', 'signatureHeaders', 'webhookPayload', 'unseal'].includes(name),
  ],
  ['delivery: rest of deliver()', (name) => name === 'deliver'],
  [
    'domain events (realtime gateway, event bridge)',
    (name, url) => name === 'emit' && /domain-events/.test(url),
  ],
  ['outbox relay', (name, url) => /outbox-relay/.test(url)],
  ['bullmq (worker loop, job state)', (_name, url) => /node_modules\/bullmq\//.test(url)],
  ['ioredis (commands, replies)', (_name, url) => /node_modules\/(ioredis|redis-parser)\//.test(url)],
  [
    'pg (pool, replies, type parsing)',
    (_name, url) => /node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//.test(url),
  ],
  ['typeorm', (_name, url) => /node_modules\/typeorm\//.test(url)],
  ['http client (responses, agent)', (_name, url) => /node:_http_(client|common|agent)/.test(url)],
  [
    'API (GraphQL, Nest, Express)',
    (_name, url) => /node_modules\/(@nestjs|graphql|@apollo|express|router)/.test(url),
  ],
  ['bench bookkeeping', (_name, url) => /\/bench\//.test(url)],
];

function activityBreakdown(profile: Profiler.Profile): { activity: string; ms: number; percent: number }[] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) {
    selfMs.set(samples[i], (selfMs.get(samples[i]) ?? 0) + (deltas[i + 1] ?? 0) / 1000);
  }
  const totals = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const leaf = byId.get(id)?.callFrame;
    if (!leaf || leaf.functionName === '(idle)') continue;
    total += ms;
    const frames: Profiler.ProfileNode['callFrame'][] = [];
    for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
      const frame = byId.get(current)?.callFrame;
      if (frame) frames.push(frame);
    }
    let activity: string = /^\(/.test(leaf.functionName) ? leaf.functionName : 'other';
    for (const [name, matches] of ACTIVITIES) {
      if (frames.some((frame) => matches(frame.functionName, frame.url))) {
        activity = name;
        break;
      }
    }
    totals.set(activity, (totals.get(activity) ?? 0) + ms);
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .map(([activity, ms]) => ({ activity, ms: round(ms, 1), percent: round((ms / total) * 100, 1) }));
}

// ---- the benchmark ----

async function main(): Promise<Record<string, unknown>> {
  const started = performance.now();
  const loadAtStart = os.loadavg().map((value) => round(value));
  let database: BenchDatabase | undefined;
  let sink: WebhookSinkProcess | undefined;
  let bench: AlertsInfrastructure | undefined;
  let api: RunningApi | undefined;
  let worker: RunningWorker | undefined;
  let workerInfrastructure: Infrastructure | undefined;
  let monitor: Client | undefined;
  let redis: IORedis | undefined;
  let runner: LoadRunner | undefined;
  let pacer: PacedLoadRunner | undefined;
  const cleanup = async () => {
    await pacer?.close().catch(() => undefined);
    await runner?.close().catch(() => undefined);
    await worker?.close().catch((error) => log(`closing the worker failed: ${String(error)}`));
    await api?.close().catch((error) => log(`closing the API failed: ${String(error)}`));
    if (bench && redis) {
      // the product's queues and the raw ceiling's, under this run's private prefix
      const pattern = `${bench.config.queuePrefix}*`;
      let removed = 0;
      for (let cursor = '0'; ;) {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) removed += await redis.unlink(...keys);
        cursor = next;
        if (cursor === '0') break;
      }
      log(`removed ${removed} Redis keys under ${pattern}`);
    }
    if (workerInfrastructure !== bench?.infrastructure) {
      await workerInfrastructure
        ?.close()
        .catch((error) => log(`closing the worker's infrastructure failed: ${String(error)}`));
    }
    await bench?.infrastructure
      .close()
      .catch((error) => log(`closing infrastructure failed: ${String(error)}`));
    if (bench) removeDataDir(bench.dataDir);
    redis?.disconnect();
    await monitor?.end().catch(() => undefined);
    await sink?.close().catch(() => undefined);
    if (SETTINGS.keepDatabase) log(`kept database ${database?.name} (BENCH_KEEP_DATABASE)`);
    else await database?.drop().catch((error) => log(`dropping ${database?.name} failed: ${String(error)}`));
  };
  const onSignal = () => {
    log('interrupted: dropping the database');
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    // ---- setup ----
    database = await createBenchDatabase();
    log(`database ${database.name}`);
    sink = await WebhookSinkProcess.start();
    log(`receiver (pid ${sink.pid}) on 127.0.0.1:${sink.port}`);
    bench = await startAlertsInfrastructure(database.url, {
      DELIVERY_CONCURRENCY: String(SETTINGS.deliveryConcurrency),
      ...(SETTINGS.databasePoolSize ? { DATABASE_POOL_SIZE: SETTINGS.databasePoolSize } : {}),
    });
    const { config, infrastructure } = bench;
    const year = new Date().getUTCFullYear();
    const seed = await seedCity(database.url, {
      incidents: SETTINGS.backgroundIncidents,
      organisations: SETTINGS.organisations,
      componentsPerOrganisation: 2,
      passwordHash: await hashPassword(PASSWORD),
      year,
    });
    const alerting: AlertingSeed = await seedWebhookContacts(infrastructure, {
      components: seed.components,
      excludeOrganisationId: seed.promotionBodyId,
      contactsPerKind: SETTINGS.recipients,
      url: (path) => (sink as WebhookSinkProcess).url(path),
    });
    await sink.trust(alerting.secrets, SETTINGS.verifyEvery);
    log(
      `seeded ${SETTINGS.backgroundIncidents} incidents in ${(seed.ms / 1000).toFixed(1)} s; ` +
        `${Object.keys(alerting.secrets).length} webhook contacts at ${alerting.organisations} organisations`,
    );
    api = await startApi(infrastructure);
    const workerSide = SETTINGS.sharedPool ? infrastructure : await startInfrastructure(config);
    workerInfrastructure = workerSide;
    log(
      `API on ${api.url}; DELIVERY_CONCURRENCY ${config.deliveryConcurrency}, pool ${config.databasePoolSize}`,
    );
    monitor = new Client({ connectionString: database.url, application_name: 'renkei-bench-monitor' });
    await monitor.connect();
    redis = new IORedis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    const postgresVersion = (await monitor.query<{ server_version: string }>('SHOW server_version')).rows[0]
      .server_version;
    const gql = new GraphqlClient(api.url);
    const token = (
      await gql.ok<{ login: { accessToken: string } }>(LOGIN, {
        input: { email: seed.coordinator.email, password: PASSWORD },
      })
    ).login.accessToken;
    for (const input of benchPolicies(SETTINGS.escalateAfterSeconds)) await gql.ok(POLICY, { input }, token);
    runner = new LoadRunner('worker');
    pacer = new PacedLoadRunner();
    const pool = poolOf(workerSide.dataSource);
    const pools: Record<string, Pool> = SETTINGS.sharedPool
      ? { shared: pool }
      : { api: poolOf(infrastructure.dataSource), worker: pool };
    const sampler = (): Promise<ResourceSampler> =>
      startResourceSampler({
        monitor: monitor as Client,
        databaseName: (database as BenchDatabase).name,
        pools,
        redis: redis as IORedis,
        sink: sink as WebhookSinkProcess,
      });
    const reportClosedLoop = async (inputs: Record<string, unknown>[]) => {
      const run = await (runner as LoadRunner).run({
        url: (api as RunningApi).url,
        query: REPORT,
        variables: inputs.map((input) => ({ input })),
        token,
        total: inputs.length,
        concurrency: SETTINGS.reportClients,
      });
      if (run.errors) throw new Error(`${run.errors} reports failed: ${run.firstError}`);
      return run;
    };
    const outboxDeliveries = async () =>
      (
        await (monitor as Client).query<{ n: number }>(
          `SELECT count(*)::int AS n FROM outbox_message WHERE topic = 'alert-deliveries/deliver'`,
        )
      ).rows[0].n;
    const received = async () => (await (sink as WebhookSinkProcess).counts()).received;

    // ---- warm-up: the whole path once, then the worker stops ----
    log(`warm-up: ${SETTINGS.warmupIncidents} reports with the worker running …`);
    worker = await startWorker(workerSide);
    let base = await received();
    await reportClosedLoop(reportInputs(SETTINGS.warmupIncidents, 'SEV3', 'warmup', alerting.componentIds));
    await sink.waitForTotal(base + SETTINGS.warmupIncidents * SETTINGS.recipients, 60_000);
    await sink.take();
    await worker.close();
    worker = undefined;

    // ---- 1. throughput: a backlog, then the worker ----
    log(`1. writing ${SETTINGS.throughputIncidents} reports with the worker stopped …`);
    const writeRun = await reportClosedLoop(
      reportInputs(SETTINGS.throughputIncidents, 'SEV3', 'backlog', alerting.componentIds),
    );
    const backlog = await outboxDeliveries();
    log(
      `   ${round((writeRun.latencies.length / writeRun.wallMs) * 1000, 1)} reports/s; outbox holds ${backlog} deliveries`,
    );
    await sink.take();
    base = await received();
    const throughputSampler = await sampler();
    let relayDrainedMs: number | null = null;
    const workerStartedAt = wallNow();
    let watching = true;
    const watchOutbox = (async () => {
      while (watching) {
        if ((await outboxDeliveries()) === 0) {
          relayDrainedMs = round(wallNow() - workerStartedAt);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const timer = new StatementTimer(pool);
    timer.ignore(monitor);
    const timed = await timer.time(async () => {
      const running = await startWorker(workerSide);
      worker = running;
      await (sink as WebhookSinkProcess).waitForTotal(
        base + backlog,
        Math.max(120_000, backlog * 20),
        (counts) => log(`   ${counts.received - base} of ${backlog} received`),
      );
      return running;
    });
    watching = false;
    await watchOutbox;
    const throughputResources = await throughputSampler.stop(backlog);
    const throughputReceipts = await sink.take();
    const throughput = throughputOf(throughputReceipts, workerStartedAt);
    const workerBootMs = timed.result.readyAt - workerStartedAt;
    const [deliveryStates] = (
      await monitor.query<{ succeeded: number; other: number; attempts: number; retried: number }>(
        `SELECT count(*) FILTER (WHERE state = 'SUCCEEDED')::int AS succeeded,
                count(*) FILTER (WHERE state <> 'SUCCEEDED')::int AS other,
                (SELECT count(*)::int FROM delivery_attempt) AS attempts,
                (SELECT count(*)::int FROM delivery_attempt WHERE attempt_number > 1) AS retried
           FROM alert_delivery`,
      )
    ).rows;
    const attemptLatency = summary(
      (
        await monitor.query<{ ms: number }>(
          `SELECT latency_ms AS ms FROM delivery_attempt ORDER BY started_at DESC LIMIT $1`,
          [backlog],
        )
      ).rows.map((row) => row.ms),
    );
    const deliveriesPerSecond = throughput.firstToLastPerSecond ?? 0;
    log(
      `1. ${throughput.received} deliveries: ${deliveriesPerSecond}/s first→last, ` +
        `${throughput.middle80PercentPerSecond}/s over the middle 80 %, ${throughput.fromWorkerStartPerSecond}/s from worker start; ` +
        `relay drained the outbox after ${relayDrainedMs} ms`,
    );
    log(`   resources: ${JSON.stringify(throughputResources)}`);
    log(`   pool waits: ${JSON.stringify(timed.poolAcquire)}`);
    for (const entry of timed.statements.slice(0, 6)) log(`   SQL ${JSON.stringify(entry)}`);

    // ---- 4. the raw ceiling, right after ----
    const bodyBytes = Math.round(
      throughputReceipts.reduce((sum, r) => sum + r.bytes, 0) / Math.max(1, throughputReceipts.length),
    );
    log(
      `4. raw ceiling: ${backlog} BullMQ jobs, concurrency ${SETTINGS.deliveryConcurrency}, ${bodyBytes}-byte bodies …`,
    );
    const rawSampler = await sampler();
    const raw = await runRawCeiling(
      {
        redisUrl: BENCH_REDIS_URL,
        prefix: `${config.queuePrefix}raw`,
        jobs: backlog,
        concurrency: SETTINGS.deliveryConcurrency,
        bodyBytes,
        jobOptions: jobOptions(AlertQueue.DELIVERIES, config),
        paths: Object.keys(alerting.secrets).length,
      },
      sink,
      log,
    );
    const rawResources = await rawSampler.stop(backlog);
    const rawThroughput = throughputOf(raw.receipts, raw.workerStartedAt);
    const rawCeiling = rawThroughput.firstToLastPerSecond ?? 0;
    const ratio = rawCeiling ? round(deliveriesPerSecond / rawCeiling, 3) : null;
    log(
      `4. raw ceiling ${rawCeiling}/s (middle 80 % ${rawThroughput.middle80PercentPerSecond}/s); ratio ${ratio}`,
    );
    log(`   resources: ${JSON.stringify(rawResources)}`);

    // ---- 2. report → receipt at a steady rate ----
    const latencyCount = SETTINGS.latencyRate * SETTINGS.latencySeconds;
    log(
      `2. ${latencyCount} reports at ${SETTINGS.latencyRate}/s (open loop), ${SETTINGS.recipients} webhooks each …`,
    );
    await sink.take();
    base = await received();
    const latencySampler = await sampler();
    const latencyRun: PacedRun = await pacer.run({
      url: api.url,
      query: REPORT,
      token,
      inputs: reportInputs(latencyCount, 'SEV3', 'latency', alerting.componentIds),
      ratePerSecond: SETTINGS.latencyRate,
    });
    const latencyIncidents = latencyRun.requests
      .filter((r) => r.incidentId)
      .map((r) => r.incidentId as string);
    const [{ n: latencyExpected }] = (
      await monitor.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM alert_delivery d JOIN alert a ON a.id = d.alert_id WHERE a.incident_id = ANY($1::uuid[])`,
        [latencyIncidents],
      )
    ).rows;
    await sink.waitForTotal(base + latencyExpected, 120_000);
    const latencyResources = await latencySampler.stop(latencyExpected);
    const latencyReceipts = await sink.take();
    const reportStart = new Map(latencyRun.requests.map((r) => [r.incidentId, r.startedAt]));
    const reportToReceiptMs = latencyReceipts
      .filter((r) => r.incidentId && reportStart.has(r.incidentId))
      .map((r) => r.receivedAt - (reportStart.get(r.incidentId) as number));
    const reportToReceipt = summary(reportToReceiptMs);
    // where the time goes, per delivery: request → transaction start (alert.created_at) → attempt start → receipt
    const segments = (
      await monitor.query<{ id: string; incident_id: string; created_ms: number; attempt_ms: number }>(
        `SELECT d.id, a.incident_id, extract(epoch FROM a.created_at) * 1000 AS created_ms,
                extract(epoch FROM t.started_at) * 1000 AS attempt_ms
           FROM alert_delivery d JOIN alert a ON a.id = d.alert_id
           JOIN delivery_attempt t ON t.delivery_id = d.id AND t.attempt_number = 1
          WHERE a.incident_id = ANY($1::uuid[])`,
        [latencyIncidents],
      )
    ).rows;
    const receiptById = new Map(latencyReceipts.map((r) => [r.deliveryId, r.receivedAt]));
    const toTransaction: number[] = [];
    const toAttempt: number[] = [];
    const toReceipt: number[] = [];
    for (const row of segments) {
      const start = reportStart.get(row.incident_id);
      const receivedAt = receiptById.get(row.id);
      if (start === undefined || receivedAt === undefined) continue;
      toTransaction.push(Number(row.created_ms) - start);
      toAttempt.push(Number(row.attempt_ms) - Number(row.created_ms));
      toReceipt.push(receivedAt - Number(row.attempt_ms));
    }
    const latencyErrors = latencyRun.requests.filter((r) => r.error);
    log(`2. report → receipt: ${fmt(reportToReceipt)}`);
    log(
      `   report request ${fmt(summary(latencyRun.requests.map((r) => r.ms)))}; sent ${round(latencyRun.sentPerSecond, 1)}/s; ${latencyErrors.length} errors`,
    );

    // ---- 3. escalation lateness ----
    log(
      `3. ${SETTINGS.escalationIncidents} SEV1 reports at ${SETTINGS.escalationRate}/s; step 2 due ${SETTINGS.escalateAfterSeconds} s after step 1 …`,
    );
    await sink.take();
    base = await received();
    const escalationSampler = await sampler();
    const escalationTimer = new StatementTimer(pool);
    escalationTimer.ignore(monitor);
    const escalationTimed = await escalationTimer.time(async () => {
      const run = await (pacer as PacedLoadRunner).run({
        url: (api as RunningApi).url,
        query: REPORT,
        token,
        inputs: reportInputs(SETTINGS.escalationIncidents, 'SEV1', 'escalation', alerting.componentIds),
        ratePerSecond: SETTINGS.escalationRate,
      });
      const incidents = run.requests.filter((r) => r.incidentId).map((r) => r.incidentId as string);
      const expected = incidents.length * SETTINGS.recipients * 2;
      await (sink as WebhookSinkProcess).waitForTotal(
        base + expected,
        SETTINGS.escalateAfterSeconds * 1000 + 120_000,
      );
      return { run, incidents, expected };
    });
    const {
      run: escalationRun,
      incidents: escalationIncidents,
      expected: escalationExpected,
    } = escalationTimed.result;
    const escalationResources = await escalationSampler.stop(escalationExpected);
    const escalationReceipts = await sink.take();
    const stepRows = (
      await monitor.query<{
        escalation_id: string;
        incident_id: string;
        step1_ms: number;
        step2_ms: number | null;
        step2_alerts: number;
      }>(
        `SELECT a.escalation_id, a.incident_id,
                extract(epoch FROM min(a.created_at) FILTER (WHERE a.step_index = 0)) * 1000 AS step1_ms,
                extract(epoch FROM min(a.created_at) FILTER (WHERE a.step_index = 1)) * 1000 AS step2_ms,
                count(*) FILTER (WHERE a.step_index = 1)::int AS step2_alerts
           FROM alert a
          WHERE a.incident_id = ANY($1::uuid[]) AND a.escalation_id IS NOT NULL
          GROUP BY a.escalation_id, a.incident_id`,
        [escalationIncidents],
      )
    ).rows;
    const dueMs = (row: { step1_ms: number }) => Number(row.step1_ms) + SETTINGS.escalateAfterSeconds * 1000;
    const sqlLateness = stepRows
      .filter((row) => row.step2_ms !== null)
      .map((row) => Number(row.step2_ms) - dueMs(row));
    const dueByIncident = new Map(stepRows.map((row) => [row.incident_id, dueMs(row)]));
    const receiptLateness = escalationReceipts
      .filter((r) => r.step === 2 && r.incidentId && dueByIncident.has(r.incidentId))
      .map((r) => r.receivedAt - (dueByIncident.get(r.incidentId as string) as number));
    // the queue's view: the product's own due time (in the job id), when BullMQ handed the job over, how long it ran
    const escalationIds = new Set(stepRows.map((row) => row.escalation_id));
    const stepJobs = (
      await infrastructure.queues.queue(AlertQueue.ESCALATIONS as QueueName).getJobs(['completed'], 0, -1)
    ).filter(
      (job) =>
        job.name === 'step' &&
        (job.data as { step?: number }).step === 1 &&
        escalationIds.has((job.data as { escalationId: string }).escalationId),
    );
    const pickupLateness: number[] = [];
    const stepRunMs: number[] = [];
    const scheduleOffset: number[] = [];
    const step1ByEscalation = new Map(stepRows.map((row) => [row.escalation_id, dueMs(row)]));
    for (const job of stepJobs) {
      const due = Number(String(job.id).split('_').pop());
      const expected = step1ByEscalation.get((job.data as { escalationId: string }).escalationId);
      if (expected !== undefined) scheduleOffset.push(due - expected);
      if (job.processedOn) pickupLateness.push(job.processedOn - due);
      if (job.processedOn && job.finishedOn) stepRunMs.push(job.finishedOn - job.processedOn);
    }
    const escalationLateness = summary(sqlLateness);
    log(`3. step 2 lateness (SQL): ${fmt(escalationLateness)}`);
    log(`   webhook receipt lateness: ${fmt(summary(receiptLateness))}`);
    log(`   queue pickup lateness vs the job's due time: ${fmt(summary(pickupLateness))}`);
    log(
      `   step job run time: ${fmt(summary(stepRunMs))}; worker pool waits ${JSON.stringify(escalationTimed.poolAcquire)}`,
    );
    for (const entry of escalationTimed.statements.slice(0, 8)) log(`   SQL ${JSON.stringify(entry)}`);

    // ---- what the hot statements cost on a quiet connection ----
    const statementCosts: StatementCost[] = await explainSamples(
      monitor,
      [...timer.samples.values()].filter((sample) =>
        /^(delivery|realtime gateway|relay: lease)/.test(sample.label),
      ),
    );
    for (const cost of statementCosts) log(`EXPLAIN ${JSON.stringify(cost)}`);

    // ---- optional: a CPU-profiled drain ----
    let profile: {
      deliveries: number;
      deliveriesPerSecond: number | null;
      summary: ProfileSummary;
      /** on-CPU time (idle excluded) by activity */
      byActivity: { activity: string; ms: number; percent: number }[];
      inclusive: { name: string; ms: number; percent: number }[];
    } | null = null;
    if (SETTINGS.profile) {
      log(`profile: ${SETTINGS.profileIncidents} reports with the worker stopped, then a profiled drain …`);
      await (worker as RunningWorker | undefined)?.close();
      worker = undefined;
      await reportClosedLoop(
        reportInputs(SETTINGS.profileIncidents, 'SEV3', 'profile', alerting.componentIds),
      );
      const profileBacklog = await outboxDeliveries();
      await sink.take();
      base = await received();
      const profileStartedAt = wallNow();
      const profiled = await cpuProfile(async () => {
        worker = await startWorker(workerSide);
        await (sink as WebhookSinkProcess).waitForTotal(
          base + profileBacklog,
          Math.max(120_000, profileBacklog * 20),
        );
      });
      const profileReceipts = await sink.take();
      const file =
        SETTINGS.profile !== '1' ? `${SETTINGS.profile.replace(/\/$/, '')}/alerts-drain.cpuprofile` : null;
      if (file) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, JSON.stringify(profiled.profile));
      }
      profile = {
        deliveries: profileReceipts.length,
        deliveriesPerSecond: throughputOf(profileReceipts, profileStartedAt).firstToLastPerSecond,
        summary: summariseProfile(profiled.profile, file),
        byActivity: activityBreakdown(profiled.profile),
        inclusive: inclusiveTimes(profiled.profile).slice(0, 25),
      };
      log(`profile (by activity): ${JSON.stringify(profile.byActivity)}`);
      log(`profile: ${JSON.stringify(profile.summary.byPackage.slice(0, 10))}`);
      log(`profile (inclusive): ${JSON.stringify(profile.inclusive.slice(0, 12))}`);
    }

    const sinkCounts = await sink.counts();
    const results = {
      benchmark: 'renkei webhook alerting',
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
      deliveriesPerSecond,
      reportToReceipt: {
        p50Ms: reportToReceipt.p50Ms,
        p95Ms: reportToReceipt.p95Ms,
        p99Ms: reportToReceipt.p99Ms,
        n: reportToReceipt.n,
      },
      escalationLateness: {
        p50Ms: escalationLateness.p50Ms,
        p99Ms: escalationLateness.p99Ms,
        n: escalationLateness.n,
      },
      rawCeiling,
      ratio,
      targets: {
        deliveriesPerSecond: {
          target: `≥ ${TARGETS.deliveriesPerSecond}`,
          value: deliveriesPerSecond,
          pass: deliveriesPerSecond >= TARGETS.deliveriesPerSecond,
        },
        reportToReceiptP99Ms: {
          target: `< ${TARGETS.reportToReceiptP99Ms}`,
          value: reportToReceipt.p99Ms,
          pass: reportToReceipt.p99Ms < TARGETS.reportToReceiptP99Ms,
        },
        escalationLatenessP99Ms: {
          target: `< ${TARGETS.escalationLatenessP99Ms}`,
          value: escalationLateness.p99Ms,
          pass: escalationLateness.p99Ms < TARGETS.escalationLatenessP99Ms,
        },
        ratio: { target: `≥ ${TARGETS.ratio}`, value: ratio, pass: ratio !== null && ratio >= TARGETS.ratio },
      },
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? null,
        totalMemoryGb: round(os.totalmem() / 2 ** 30, 1),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
        postgres: postgresVersion,
        nodeEnv: BENCH_NODE_ENV,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg().map((value) => round(value)),
        note:
          `API and worker run in the bench process (the worker as apps/worker builds it, ${SETTINGS.sharedPool ? "on the API's pool and Redis connections" : 'with its own pool and Redis connections, as a separate worker process has'}); ` +
          'the receiver is a child process; PostgreSQL and Redis are shared with whatever else runs on this machine',
      },
      settings: {
        ...SETTINGS,
        databasePoolSize: config.databasePoolSize,
        deliveryTimeoutMs: config.deliveryTimeoutMs,
        outboxPollMs: config.outboxPollMs,
        reconcileIntervalMs: config.reconcileIntervalMs,
        queuePrefix: config.queuePrefix,
      },
      throughput: {
        backlogReports: SETTINGS.throughputIncidents,
        backlogReportsPerSecond: round((writeRun.latencies.length / writeRun.wallMs) * 1000, 1),
        backlogDeliveries: backlog,
        ...throughput,
        workerBootMs: round(workerBootMs),
        relayDrainedOutboxAfterMs: relayDrainedMs,
        deliveryStates,
        attemptLatencyMs: attemptLatency,
        resources: throughputResources,
        statements: timed.statements as StatementBreakdown[],
        poolAcquire: timed.poolAcquire,
        statementCosts,
      },
      raw: {
        jobs: backlog,
        bodyBytes,
        queueingMs: round(raw.queueingMs),
        failedAttempts: raw.failed,
        firstError: raw.firstError,
        ...rawThroughput,
        resources: rawResources,
      },
      latency: {
        ratePerSecond: SETTINGS.latencyRate,
        /** webhooks per second this rate asks for; above deliveriesPerSecond, a backlog builds and latency grows */
        offeredDeliveriesPerSecond: SETTINGS.latencyRate * SETTINGS.recipients,
        reports: latencyRun.requests.length,
        sentPerSecond: round(latencyRun.sentPerSecond, 1),
        reportErrors: latencyErrors.length,
        firstReportError: latencyErrors[0]?.error ?? null,
        clientLagMs: summary(latencyRun.requests.map((r) => r.lagMs)),
        reportRequestMs: summary(latencyRun.requests.map((r) => r.ms)),
        deliveriesExpected: latencyExpected,
        reportToReceiptMs: reportToReceipt,
        segments: {
          requestStartToTransactionStartMs: summary(toTransaction),
          transactionStartToAttemptStartMs: summary(toAttempt),
          attemptStartToReceiptMs: summary(toReceipt),
        },
        resources: latencyResources,
      },
      escalation: {
        incidents: escalationIncidents.length,
        ratePerSecond: SETTINGS.escalationRate,
        escalateAfterSeconds: SETTINGS.escalateAfterSeconds,
        reportErrors: escalationRun.requests.filter((r) => r.error).length,
        escalations: stepRows.length,
        stepTwoFired: stepRows.filter((row) => row.step2_ms !== null).length,
        stepTwoAlerts: stepRows.reduce((sum, row) => sum + row.step2_alerts, 0),
        latenessMs: escalationLateness,
        receiptLatenessMs: summary(receiptLateness),
        /**
         * the product's due time (in the step job's id: now + escalateAfterSeconds when the step was
         * scheduled, late in the report's transaction) minus (step 1's alert.created_at, the
         * transaction's start, + escalateAfterSeconds): part of latenessMs before any queue is involved
         */
        scheduleOffsetMs: summary(scheduleOffset),
        queuePickupLatenessMs: summary(pickupLateness),
        stepJobRunMs: summary(stepRunMs),
        /** every statement while this phase ran (reports, step jobs, deliveries; API and worker) */
        statements: escalationTimed.statements,
        workerPoolAcquire: escalationTimed.poolAcquire,
        resources: escalationResources,
      },
      receiver: sinkCounts,
      cpuProfile: profile,
      totalRuntimeMs: 0,
    };
    log(
      `targets: ${Object.entries(results.targets)
        .map(([key, t]) => `${key} ${t.value} (${t.target}) ${t.pass ? 'PASS' : 'FAIL'}`)
        .join('; ')}`,
    );
    if (sinkCounts.verifyFailures)
      log(`receiver: ${sinkCounts.verifyFailures} signature checks failed: ${sinkCounts.firstVerifyFailure}`);
    await cleanup();
    results.totalRuntimeMs = Math.round(performance.now() - started);
    log(`done in ${(results.totalRuntimeMs / 1000).toFixed(1)} s`);
    return results;
  } catch (error) {
    await cleanup();
    throw error;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then(
  (results) => {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    process.exit(0);
  },
  (error) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
