import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import type IORedis from 'ioredis';
import { Client, Pool } from 'pg';
import { labelOf } from './sql-probe';
import { round } from './stats';
import type { WebhookSinkProcess } from './webhook-sink-process';

/** Diagnostics for the delivery path: per-statement time, pool waits and what each process burned. */

// ---- statement timing ----

const LABELS: [RegExp, string][] = [
  [/FROM alert_delivery d\s+JOIN alert a/i, 'delivery: load context (alert_delivery ⋈ alert ⋈ incident ⋈ …)'],
  [
    /INSERT INTO delivery_attempt[\s\S]*UPDATE alert SET state = CASE/i,
    'delivery: record success (INSERT attempt, UPDATE delivery, UPDATE alert)',
  ],
  [/INSERT INTO delivery_attempt/i, 'delivery: record failed attempt'],
  [/UPDATE outbox_message SET leased_until/i, 'relay: lease outbox rows'],
  [/DELETE FROM outbox_message/i, 'relay: delete relayed rows'],
  [/SELECT id FROM alert_delivery WHERE state IN/i, 'relay: reconcile, deliveries'],
  [/FROM escalation\s+WHERE state = 'ACTIVE' AND next_step_at/i, 'relay: reconcile, steps'],
  [/SELECT 1 FROM outbox_message WHERE job_id/i, 'relay: reconcile, outbox lookup'],
  [/pg_notify\('renkei_events'/i, 'event bridge: NOTIFY'],
  [/INSERT INTO alert \(incident_id/i, 'writeAlerts'],
  [
    /INSERT INTO outbox_message \(topic, job_id, payload, available_at\)\s+SELECT t, j, p, a/i,
    'outbox: enqueue + pg_notify',
  ],
  [/SELECT i\.tlp, ARRAY\(SELECT DISTINCT m\.user_id/i, 'realtime gateway: alert audience (SELECT incident)'],
  [
    /SELECT i\.id, i\.reference, i\.title, i\.status/i,
    'realtime gateway: incident summary (SELECT incident)',
  ],
];

export function statementLabel(text: string): string {
  for (const [pattern, label] of LABELS) if (pattern.test(text)) return label;
  const label = labelOf(text);
  // too vague to act on: the statement's beginning instead
  if (label === 'WITH' || label.endsWith('?')) return text.replace(/\s+/g, ' ').trim().slice(0, 90);
  return label;
}

interface Totals {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface StatementBreakdown {
  label: string;
  count: number;
  totalMs: number;
  meanMs: number;
  maxMs: number;
}

/** The first statement seen under a label, to EXPLAIN afterwards. */
export interface StatementSample {
  label: string;
  text: string;
  values: unknown[] | undefined;
}

type QueryFn = (...args: any[]) => any;

/**
 * Wraps `pg.Client.prototype.query` (client-side time from sending a statement to its result) and
 * the given pool's `connect` (the worker's: time waiting for a connection), while `time()` runs.
 */
export class StatementTimer {
  private totals: Map<string, Totals> | null = null;
  private acquire: Totals | null = null;
  private readonly ignored = new WeakSet<Client>();
  readonly samples = new Map<string, StatementSample>();
  private originalQuery?: QueryFn;
  private originalConnect?: QueryFn;

  constructor(private readonly pool: Pool) {}

  /** The bench's own connections (monitoring) are not counted. */
  ignore(client: Client): void {
    this.ignored.add(client);
  }

  private install(): void {
    const prototype = Client.prototype as unknown as { query: QueryFn };
    const originalQuery = prototype.query;
    this.originalQuery = originalQuery;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const timer = this;
    prototype.query = function (this: Client, ...args: any[]) {
      const totals = timer.totals;
      const first = args[0] as unknown;
      const text =
        typeof first === 'string'
          ? first
          : first && typeof (first as { text?: unknown }).text === 'string'
            ? (first as { text: string }).text
            : null;
      if (!totals || text === null || timer.ignored.has(this)) return originalQuery.apply(this, args);
      const label = statementLabel(text);
      if (!timer.samples.has(label)) {
        const values = Array.isArray(args[1])
          ? (args[1] as unknown[])
          : (first as { values?: unknown[] }).values;
        timer.samples.set(label, { label, text, values });
      }
      const started = performance.now();
      const finish = () => add(totals, label, performance.now() - started);
      const callbackIndex = args.findIndex((arg) => typeof arg === 'function');
      if (callbackIndex >= 0) {
        const callback = args[callbackIndex] as (...results: unknown[]) => unknown;
        args[callbackIndex] = (...results: unknown[]) => {
          finish();
          return callback(...results);
        };
        return originalQuery.apply(this, args);
      }
      const result = originalQuery.apply(this, args) as unknown;
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(finish, finish);
      }
      return result;
    };
    const pool = this.pool as unknown as { connect: QueryFn };
    const originalConnect = pool.connect;
    this.originalConnect = originalConnect;
    pool.connect = function (this: Pool, ...args: any[]) {
      const acquire = timer.acquire;
      if (!acquire) return originalConnect.apply(this, args);
      const started = performance.now();
      const record = () => addTo(acquire, performance.now() - started);
      if (typeof args[0] === 'function') {
        const callback = args[0] as (...results: unknown[]) => unknown;
        return originalConnect.call(this, (...results: unknown[]) => {
          record();
          return callback(...results);
        });
      }
      const result = originalConnect.apply(this, args) as Promise<unknown>;
      result.then(record, record);
      return result;
    };
  }

  private uninstall(): void {
    if (this.originalQuery) (Client.prototype as unknown as { query: QueryFn }).query = this.originalQuery;
    if (this.originalConnect) (this.pool as unknown as { connect: QueryFn }).connect = this.originalConnect;
    this.originalQuery = undefined;
    this.originalConnect = undefined;
  }

  async time<T>(
    fn: () => Promise<T>,
  ): Promise<{ result: T; statements: StatementBreakdown[]; poolAcquire: StatementBreakdown }> {
    const totals = new Map<string, Totals>();
    const acquire: Totals = { count: 0, totalMs: 0, maxMs: 0 };
    this.totals = totals;
    this.acquire = acquire;
    this.install();
    try {
      const result = await fn();
      return {
        result,
        statements: [...totals]
          .map(([label, entry]) => breakdown(label, entry))
          .sort((a, b) => b.totalMs - a.totalMs),
        poolAcquire: breakdown('pool: wait for a connection', acquire),
      };
    } finally {
      this.totals = null;
      this.acquire = null;
      this.uninstall();
    }
  }
}

function addTo(entry: Totals, ms: number): void {
  entry.count += 1;
  entry.totalMs += ms;
  entry.maxMs = Math.max(entry.maxMs, ms);
}

function add(totals: Map<string, Totals>, label: string, ms: number): void {
  const entry = totals.get(label) ?? { count: 0, totalMs: 0, maxMs: 0 };
  addTo(entry, ms);
  totals.set(label, entry);
}

function breakdown(label: string, entry: Totals): StatementBreakdown {
  return {
    label,
    count: entry.count,
    totalMs: round(entry.totalMs, 1),
    meanMs: entry.count ? round(entry.totalMs / entry.count, 3) : 0,
    maxMs: round(entry.maxMs, 1),
  };
}

// ---- resources ----

function cpuSecondsOf(pids: number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // gone, or not Linux
    }
  }
  return seconds;
}

/** Busy and total jiffies of the whole machine (every process, other engineers' included). */
function machineJiffies(): { busy: number; total: number } | null {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1).map(Number);
    const total = values.reduce((a, b) => a + b, 0);
    const idle = values[3] + (values[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

function parseRedisInfo(text: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon), line.slice(colon + 1));
  }
  return map;
}

async function redisSnapshot(redis: IORedis) {
  const cpu = parseRedisInfo(await redis.info('cpu'));
  const commands = parseRedisInfo(await redis.info('commandstats'));
  const byCommand = new Map<string, { calls: number; usec: number }>();
  for (const [key, value] of commands) {
    if (!key.startsWith('cmdstat_')) continue;
    const fields = Object.fromEntries(value.split(',').map((pair) => pair.split('=')));
    byCommand.set(key.slice(8), { calls: Number(fields.calls), usec: Number(fields.usec) });
  }
  return {
    cpuSeconds: Number(cpu.get('used_cpu_sys') ?? 0) + Number(cpu.get('used_cpu_user') ?? 0),
    byCommand,
  };
}

interface DatabaseCounters {
  xact_commit: number;
  xact_rollback: number;
  tup_inserted: number;
  tup_updated: number;
  tup_deleted: number;
}

async function databaseCounters(monitor: Client, databaseName: string): Promise<DatabaseCounters> {
  // the statistics snapshot of this session would otherwise stay frozen within a transaction
  await monitor.query('SELECT pg_stat_clear_snapshot()');
  const [row] = (
    await monitor.query<DatabaseCounters>(
      `SELECT xact_commit::float8 AS xact_commit, xact_rollback::float8 AS xact_rollback,
              tup_inserted::float8 AS tup_inserted, tup_updated::float8 AS tup_updated,
              tup_deleted::float8 AS tup_deleted
         FROM pg_stat_database WHERE datname = $1`,
      [databaseName],
    )
  ).rows;
  return row;
}

export interface ResourceSampler {
  /** `items`: deliveries (or jobs) handled while it ran, for CPU milliseconds per item */
  stop(items: number): Promise<Record<string, unknown>>;
}

/**
 * While a phase runs: CPU of this process (API + worker + bench), its event loop, the database's
 * backends, Redis, the receiver and the whole machine; the application pools' queues; commits and
 * rows written in the benchmark database; Redis commands (Redis is shared: others' commands count).
 */
export async function startResourceSampler(options: {
  monitor: Client;
  databaseName: string;
  /** the application pools (API, worker) whose queue of waiting requests is sampled */
  pools: Record<string, Pool>;
  redis: IORedis;
  sink: WebhookSinkProcess;
}): Promise<ResourceSampler> {
  const { monitor, databaseName, pools, redis, sink } = options;
  const backendPids = async () =>
    (
      await monitor.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [databaseName],
      )
    ).rows.map((row) => row.pid);
  const pgStart = cpuSecondsOf(await backendPids());
  const redisStart = await redisSnapshot(redis);
  const sinkStart = await sink.usage();
  const databaseStart = await databaseCounters(monitor, databaseName);
  const machineStart = machineJiffies();
  const cpuStart = process.cpuUsage();
  const eluStart = performance.eventLoopUtilization();
  const started = performance.now();
  const waiting = new Map<string, number[]>(Object.keys(pools).map((name) => [name, []]));
  const timer = setInterval(() => {
    for (const [name, pool] of Object.entries(pools)) waiting.get(name)?.push(pool.waitingCount);
  }, 5);
  return {
    async stop(items: number) {
      clearInterval(timer);
      const wallSeconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const elu = performance.eventLoopUtilization(eluStart).utilization;
      const machineEnd = machineJiffies();
      const pgEnd = cpuSecondsOf(await backendPids());
      const redisEnd = await redisSnapshot(redis);
      const sinkEnd = await sink.usage();
      const databaseEnd = await databaseCounters(monitor, databaseName);
      const pgCpu = [...pgEnd].reduce((sum, [pid, end]) => sum + end - (pgStart.get(pid) ?? 0), 0);
      const redisCommands = [...redisEnd.byCommand]
        .map(([name, end]) => {
          const start = redisStart.byCommand.get(name) ?? { calls: 0, usec: 0 };
          return { name, calls: end.calls - start.calls, ms: round((end.usec - start.usec) / 1000, 1) };
        })
        .filter((entry) => entry.calls > 0)
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 8);
      const delta = (key: keyof DatabaseCounters) => databaseEnd[key] - databaseStart[key];
      const cpuMs = {
        benchProcess: (cpu.user + cpu.system) / 1000,
        postgresBackends: pgCpu * 1000,
        redis: (redisEnd.cpuSeconds - redisStart.cpuSeconds) * 1000,
        receiver: (sinkEnd.user - sinkStart.user + sinkEnd.system - sinkStart.system) / 1000,
      };
      const perItem = Object.fromEntries(
        Object.entries(cpuMs).map(([key, ms]) => [key, items ? round(ms / items, 3) : null]),
      );
      const totalPerItem = items ? Object.values(cpuMs).reduce((a, b) => a + b, 0) / items : null;
      return {
        wallSeconds: round(wallSeconds),
        items,
        /**
         * CPU milliseconds each process spent per item: much steadier than rates on a shared machine.
         * Redis is shared (others' commands count); PostgreSQL counts only this database's backends.
         */
        cpuMsPerItem: { ...perItem, total: totalPerItem === null ? null : round(totalPerItem, 3) },
        /** what these CPU costs would allow if every core of this machine did nothing else */
        itemsPerSecondIfMachineWereIdle: totalPerItem
          ? round((os.cpus().length * 1000) / totalPerItem, 1)
          : null,
        cpuCores: {
          /** API + worker + bench bookkeeping (one process) */
          benchProcess: round((cpu.user + cpu.system) / 1e6 / wallSeconds),
          postgresBackends: pgEnd.size ? round(pgCpu / wallSeconds) : null,
          /** Redis is shared with other users of this server */
          redis: round((redisEnd.cpuSeconds - redisStart.cpuSeconds) / wallSeconds),
          receiver: round(
            (sinkEnd.user - sinkStart.user + sinkEnd.system - sinkStart.system) / 1e6 / wallSeconds,
          ),
          /** every process on the machine, other engineers' included */
          machineBusy:
            machineStart && machineEnd
              ? round(
                  ((machineEnd.busy - machineStart.busy) / (machineEnd.total - machineStart.total)) *
                    os.cpus().length,
                )
              : null,
          machineCores: os.cpus().length,
        },
        eventLoopUtilization: round(elu),
        /** requests waiting for a connection, sampled every 5 ms */
        pools: Object.fromEntries(
          Object.entries(pools).map(([name, pool]) => {
            const samples = waiting.get(name) ?? [];
            return [
              name,
              {
                size: pool.options.max,
                waitingMean: round(samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length)),
                waitingMax: Math.max(0, ...samples),
              },
            ];
          }),
        ),
        database: {
          commits: delta('xact_commit'),
          rollbacks: delta('xact_rollback'),
          rowsInserted: delta('tup_inserted'),
          rowsUpdated: delta('tup_updated'),
          rowsDeleted: delta('tup_deleted'),
        },
        redisCommands,
      };
    },
  };
}

// ---- EXPLAIN of what the delivery path sent ----

export interface StatementCost {
  label: string;
  planningMs: number | null;
  executionMs: number | null;
  rows: number | null;
  sharedBuffersHit: number | null;
  /** client-side mean of `repeat` sequential runs on an idle connection (read-only statements), as sent: unnamed, planned each time */
  repeatedMeanMs: number | null;
  /** the same as a named prepared statement (its plan cached on the connection) */
  repeatedPreparedMeanMs: number | null;
  error?: string;
}

interface ExplainPlan {
  Plan: { 'Actual Rows': number; 'Shared Hit Blocks'?: number };
  'Planning Time': number;
  'Execution Time': number;
}

/**
 * EXPLAIN (ANALYZE) of one sample of each statement, in a transaction that is rolled back (writes
 * included), and the client-side time of repeated runs of the read-only ones, unnamed (as the
 * product sends them through TypeORM: planned on every run) and as a named prepared statement: what
 * one statement costs on a quiet connection, planning and execution apart.
 */
export async function explainSamples(
  monitor: Client,
  samples: StatementSample[],
  repeat = 50,
): Promise<StatementCost[]> {
  const costs: StatementCost[] = [];
  for (const sample of samples) {
    const readOnly = /^\s*SELECT\b/i.test(sample.text);
    const cost: StatementCost = {
      label: sample.label,
      planningMs: null,
      executionMs: null,
      rows: null,
      sharedBuffersHit: null,
      repeatedMeanMs: null,
      repeatedPreparedMeanMs: null,
    };
    await monitor.query('BEGIN');
    try {
      // once to warm this connection's catalogue caches, then the one reported
      await monitor.query(`EXPLAIN (ANALYZE) ${sample.text}`, sample.values);
      const rows = (
        await monitor.query(
          `EXPLAIN (ANALYZE, BUFFERS, SUMMARY ON, FORMAT JSON) ${sample.text}`,
          sample.values,
        )
      ).rows as { 'QUERY PLAN': ExplainPlan[] }[];
      const plan = rows[0]['QUERY PLAN'][0];
      cost.planningMs = round(plan['Planning Time'], 3);
      cost.executionMs = round(plan['Execution Time'], 3);
      cost.rows = plan.Plan['Actual Rows'];
      cost.sharedBuffersHit = plan.Plan['Shared Hit Blocks'] ?? null;
      if (readOnly) {
        const timeRuns = async (run: () => Promise<unknown>) => {
          await run();
          const started = performance.now();
          for (let i = 0; i < repeat; i += 1) await run();
          return round((performance.now() - started) / repeat, 3);
        };
        const name = `bench_${costs.length}`;
        // alternate, twice each, and keep the better of each (the machine is shared)
        const unnamed: number[] = [];
        const prepared: number[] = [];
        for (let pass = 0; pass < 2; pass += 1) {
          unnamed.push(await timeRuns(() => monitor.query(sample.text, sample.values)));
          prepared.push(
            await timeRuns(() => monitor.query({ name, text: sample.text, values: sample.values })),
          );
        }
        cost.repeatedMeanMs = Math.min(...unnamed);
        cost.repeatedPreparedMeanMs = Math.min(...prepared);
      }
    } catch (error) {
      cost.error = error instanceof Error ? error.message : String(error);
    } finally {
      await monitor.query('ROLLBACK');
    }
    costs.push(cost);
  }
  return costs;
}
