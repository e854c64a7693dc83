import './bench-env';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { poolOf } from '@renkei/core/database/data-source';
import { hashPassword } from '@renkei/identity/auth/password';
import { BENCH_NODE_ENV } from './bench-env';
import {
  BenchApp,
  BenchDatabase,
  BenchInfrastructure,
  createBenchDatabase,
  removeDataDir,
  startBenchApp,
  startBenchInfrastructure,
} from './bench-app';
import { SeedResult, seedCity } from './seed';
import { GraphqlClient } from './load';
import { ClientThread, LoadRunner } from './load-runner';
import { ProfileSummary, profiled } from './profile';
import { CapturedStatement, SqlProbe } from './sql-probe';
import { LatencySummary, round, summarise } from './stats';

/**
 * `npm run bench:register` — the incident register under load, through the real HTTP GraphQL API
 * on a fresh PostgreSQL database seeded with a year of incidents:
 *   a) reportIncident throughput and latency, sequential and with concurrent clients;
 *   b) the incident list (first 50, with participants, components and latest timeline entry) as a
 *      coordinator and as a stakeholder, with and without totalCount;
 *   c) the number of SQL statements one list request issues (first 10 vs first 50).
 * Prints one JSON object on stdout (a line per figure on stderr). Reports figures; never asserts.
 */

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw ? Number(raw) : NaN;
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const SETTINGS = {
  incidents: int('BENCH_INCIDENTS', 100_000),
  organisations: int('BENCH_ORGANISATIONS', 50),
  componentsPerOrganisation: int('BENCH_COMPONENTS_PER_ORGANISATION', 4),
  sequentialReports: int('BENCH_SEQUENTIAL_REPORTS', 500),
  concurrentReports: int('BENCH_CONCURRENT_REPORTS', 3000),
  clients: int('BENCH_CLIENTS', 16),
  listRuns: int('BENCH_LIST_RUNS', 300),
  warmupReports: int('BENCH_WARMUP_REPORTS', 50),
  warmupLists: int('BENCH_WARMUP_LISTS', 30),
  pageSize: 50,
  /** BENCH_PROFILE=1 (or a directory): extra CPU-profiled runs after the measured ones, summarised by package */
  profile: process.env.BENCH_PROFILE ?? null,
  /** BENCH_KEEP_DATABASE=1: leave the seeded database for EXPLAIN sessions (drop it yourself) */
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  /** BENCH_JIT=off: what-if — ALTER DATABASE … SET jit = off before the API connects (default: server setting) */
  jit: process.env.BENCH_JIT === 'off' ? 'off' : 'server default',
  /** BENCH_CLIENT_THREAD=main: the HTTP clients on the API's own thread (default: a worker thread, like remote clients) */
  clientThread: (process.env.BENCH_CLIENT_THREAD === 'main' ? 'main' : 'worker') as ClientThread,
};

const profileFile = (name: string): string | null =>
  SETTINGS.profile && SETTINGS.profile !== '1'
    ? `${SETTINGS.profile.replace(/\/$/, '')}/${name}.cpuprofile`
    : null;

const TARGETS = { listP99Ms: 50, concurrentReportsPerSecond: 300 };
const PASSWORD = 'bench-correct-horse-battery-staple';

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const fmt = (s: LatencySummary) =>
  `p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms (mean ${s.meanMs}, max ${s.maxMs}, n ${s.n})`;

const LOGIN = `mutation BenchLogin($input: LoginInput!) { login(input: $input) { accessToken } }`;

const REPORT = `mutation BenchReport($input: ReportIncidentInput!) {
  reportIncident(input: $input) { deduplicated incident { id reference status } }
}`;

const listQuery = (withTotalCount: boolean) => `query BenchList($first: Int!) {
  incidents(page: { first: $first }) {
    ${withTotalCount ? 'totalCount' : ''}
    pageInfo { hasNextPage endCursor }
    edges {
      cursor
      node {
        id reference title status severity tlp category reportedAt updatedAt
        participants { organisation { id nameEn } duties }
        components { id nameJa }
        latestTimelineEntry { kind message occurredAt }
      }
    }
  }
}`;

interface ListData {
  incidents: {
    totalCount?: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      node: {
        id: string;
        tlp: string;
        participants: { organisation: { id: string }; duties: string[] }[];
        components: { id: string }[];
        latestTimelineEntry: { kind: string } | null;
      };
    }[];
  };
}

// ---- deterministic pseudo-random inputs ----

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV3', 'SEV4', 'SEV4', 'SEV4'];
const CATEGORIES = [
  'UNAUTHORIZED_ACCESS',
  'MALWARE',
  'DENIAL_OF_SERVICE',
  'DEVICE_COMPROMISE',
  'PHISHING',
  'VULNERABILITY',
];
const SOURCES = ['SOC_MONITORING', 'INTERNAL_STAFF', 'VENDOR', 'AUTOMATED_ALERT'];

function reportInputs(count: number, componentIds: string[], seed: number): Record<string, unknown>[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  return Array.from({ length: count }, (_, i) => {
    const first = Math.floor(random() * componentIds.length);
    const components = [componentIds[first]];
    if (random() < 0.4) {
      components.push(
        componentIds[(first + 1 + Math.floor(random() * (componentIds.length - 1))) % componentIds.length],
      );
    }
    const r = random();
    return {
      title: `ベンチ報告 ${seed}-${i}: 不審な通信を検知`,
      description: '監視で不審な通信を検知しました。影響範囲を調査中です。',
      severity: pick(SEVERITIES),
      category: pick(CATEGORIES),
      detectionSource: pick(SOURCES),
      componentIds: components,
      tlp: r < 0.8 ? 'AMBER' : r < 0.97 ? 'GREEN' : 'RED',
    };
  });
}

// ---- resource sampling (diagnostics) ----

/** CPU seconds used so far by each of these PostgreSQL backends (from /proc; empty if unreadable). */
function backendCpuSeconds(pids: number[]): Map<number, number> {
  const seconds = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds.set(pid, (Number(fields[11]) + Number(fields[12])) / 100); // utime + stime, in ticks of 1/100 s
    } catch {
      // not on this machine, or gone
    }
  }
  return seconds;
}

interface Sampler {
  stop(): Promise<Record<string, unknown>>;
}

/**
 * While a load runs: the API's pool queue, what its PostgreSQL sessions wait on, Node's event loop
 * and the CPU used by Node and by the database backends.
 */
async function startSampler(
  monitor: Client,
  bench: BenchInfrastructure,
  databaseName: string,
): Promise<Sampler> {
  const pool = poolOf(bench.infrastructure.dataSource);
  const backendPids = async () =>
    (
      await monitor.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'renkei'`,
        [databaseName],
      )
    ).rows.map((row) => row.pid);
  const pgCpuStart = backendCpuSeconds(await backendPids());
  const cpuStart = process.cpuUsage();
  const eluStart = performance.eventLoopUtilization();
  const started = performance.now();
  const poolWaiting: number[] = [];
  const poolTimer = setInterval(() => poolWaiting.push(pool.waitingCount), 5);
  const waits = new Map<string, number>();
  let activitySamples = 0;
  let stopped = false;
  const activityLoop = (async () => {
    while (!stopped) {
      const rows = (
        await monitor.query<{ wait: string }>(
          `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS wait
           FROM pg_stat_activity WHERE datname = $1 AND application_name = 'renkei' AND state = 'active'`,
          [databaseName],
        )
      ).rows;
      activitySamples += 1;
      for (const row of rows) waits.set(row.wait, (waits.get(row.wait) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      stopped = true;
      clearInterval(poolTimer);
      await activityLoop;
      const wallSeconds = (performance.now() - started) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const pgCpuEnd = backendCpuSeconds(await backendPids());
      // backends the pool opened during the run started from zero
      const pgCpu = [...pgCpuEnd].reduce((sum, [pid, end]) => sum + end - (pgCpuStart.get(pid) ?? 0), 0);
      const waitingSamples = poolWaiting.length || 1;
      return {
        /** this process: the API plus, with BENCH_CLIENT_THREAD=worker, the client thread */
        processCpuCores: round((cpu.user + cpu.system) / 1e6 / wallSeconds),
        /** the API's (main) thread */
        nodeEventLoopUtilization: round(performance.eventLoopUtilization(eluStart).utilization),
        postgresBackendCpuCores: pgCpuEnd.size ? round(pgCpu / wallSeconds) : null,
        poolSize: bench.config.databasePoolSize,
        poolWaitingMean: round(poolWaiting.reduce((a, b) => a + b, 0) / waitingSamples),
        poolWaitingMax: Math.max(0, ...poolWaiting),
        /** active sessions per sample, by what they were doing (CPU = running, not waiting) */
        postgresActiveSessionsByWait: Object.fromEntries(
          [...waits]
            .sort((a, b) => b[1] - a[1])
            .map(([wait, count]) => [wait, round(count / Math.max(1, activitySamples))]),
        ),
      };
    },
  };
}

// ---- EXPLAIN ----

interface ExplainEntry {
  label: string;
  executionMs: number;
  planningMs: number;
  /** JIT compilation time included in executionMs (PostgreSQL JITs plans above jit_above_cost) */
  jitMs: number | null;
  /** the same statement with `SET jit = off` (only for statements that were JIT-compiled) */
  executionMsWithoutJit?: number;
  rows: number;
  plan?: string[];
}

interface ExplainJson {
  Plan: { 'Actual Rows': number };
  'Execution Time': number;
  'Planning Time': number;
  JIT?: { Timing: { Total: number | { Total: number } } };
}

async function explainJson(monitor: Client, statement: CapturedStatement): Promise<ExplainJson> {
  const rows = (
    await monitor.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.text}`, statement.values)
  ).rows as { 'QUERY PLAN': ExplainJson[] }[];
  return rows[0]['QUERY PLAN'][0];
}

async function explain(monitor: Client, statements: CapturedStatement[]): Promise<ExplainEntry[]> {
  const result: ExplainEntry[] = [];
  for (const statement of statements) {
    if (!/^\s*(SELECT|WITH)\b/i.test(statement.text)) continue;
    const json = await explainJson(monitor, statement);
    const jitTotal = json.JIT?.Timing.Total;
    const entry: ExplainEntry = {
      label: statement.label,
      executionMs: round(json['Execution Time'], 3),
      planningMs: round(json['Planning Time'], 3),
      jitMs:
        jitTotal === undefined ? null : round(typeof jitTotal === 'number' ? jitTotal : jitTotal.Total, 3),
      rows: json.Plan['Actual Rows'],
    };
    if (entry.jitMs !== null) {
      await monitor.query('SET jit = off');
      entry.executionMsWithoutJit = round((await explainJson(monitor, statement))['Execution Time'], 3);
      await monitor.query('RESET jit');
    }
    if (/^SELECT (i\.id|count\(\*\))/i.test(statement.text.trim())) {
      entry.plan = (
        await monitor.query<{ 'QUERY PLAN': string }>(
          `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`,
          statement.values,
        )
      ).rows.map((row) => row['QUERY PLAN']);
    }
    result.push(entry);
  }
  return result;
}

// ---- the benchmark ----

async function waitForIdlePool(bench: BenchInfrastructure): Promise<void> {
  const pool = poolOf(bench.infrastructure.dataSource);
  for (let i = 0; i < 200; i += 1) {
    if (pool.totalCount === pool.idleCount && pool.waitingCount === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function main(): Promise<Record<string, unknown>> {
  const started = performance.now();
  const loadAtStart = os.loadavg().map((value) => round(value));
  const probe = new SqlProbe();
  let database: BenchDatabase | undefined;
  let bench: BenchInfrastructure | undefined;
  let app: BenchApp | undefined;
  let monitor: Client | undefined;
  let load: LoadRunner | undefined;
  const cleanup = async () => {
    await load?.close().catch(() => undefined);
    await monitor?.end().catch(() => undefined);
    await app?.close().catch((error) => log(`closing the app failed: ${String(error)}`));
    await bench?.infrastructure
      .close()
      .catch((error) => log(`closing infrastructure failed: ${String(error)}`));
    if (bench) removeDataDir(bench.dataDir);
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
    database = await createBenchDatabase();
    log(`database ${database.name}`);
    if (SETTINGS.jit === 'off') {
      const admin = new Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(`ALTER DATABASE ${database.name} SET jit = off`);
      await admin.end();
      log('what-if: jit = off for this database');
    }
    const bootStarted = performance.now();
    bench = await startBenchInfrastructure(database.url);
    const migrateMs = performance.now() - bootStarted;

    const year = new Date().getUTCFullYear();
    log(
      `seeding ${SETTINGS.incidents} incidents across ${SETTINGS.organisations} organisations (bulk SQL) …`,
    );
    const seed: SeedResult = await seedCity(database.url, {
      incidents: SETTINGS.incidents,
      organisations: SETTINGS.organisations,
      componentsPerOrganisation: SETTINGS.componentsPerOrganisation,
      passwordHash: await hashPassword(PASSWORD),
      year,
    });
    log(
      `seeded in ${(seed.ms / 1000).toFixed(1)} s (VACUUM ANALYZE ${(seed.vacuumAnalyzeMs / 1000).toFixed(1)} s): ${JSON.stringify(seed.rows)}`,
    );

    const appStarted = performance.now();
    app = await startBenchApp(bench);
    const appBootMs = performance.now() - appStarted;
    log(`API listening on ${app.url}`);

    monitor = new Client({ connectionString: database.url, application_name: 'renkei-bench-monitor' });
    await monitor.connect();
    probe.ignore(monitor);
    const postgresVersion = (await monitor.query<{ v: string }>(`SHOW server_version`)).rows[0].v;
    probe.install();

    const gql = new GraphqlClient(app.url);
    const runner = new LoadRunner(SETTINGS.clientThread);
    load = runner;
    const appUrl = app.url;
    /** a sequential run over `variables` (one request each); override total / concurrency as needed */
    const job = (query: string, variables: Record<string, unknown>[], token: string) => ({
      url: appUrl,
      query,
      variables,
      token,
      total: variables.length,
      concurrency: 1,
    });
    const login = async (email: string) =>
      (await gql.ok<{ login: { accessToken: string } }>(LOGIN, { input: { email, password: PASSWORD } }))
        .login.accessToken;
    const coordinatorToken = await login(seed.coordinator.email);
    const stakeholderToken = await login(seed.stakeholder.email);
    // Reports come from the city's CSIRT (the promotion body, city-wide), against components of any
    // organisation: participants are derived from the map for 1–2 organisations per report. (Outside
    // the promotion body, a reporter may name only components its own organisation is involved in.)
    const reporterToken = coordinatorToken;
    const componentIds = seed.components.map((c) => c.id);

    // ---- b) the incident list ----
    const variants = [
      { key: 'coordinator', token: coordinatorToken, total: false },
      { key: 'stakeholder', token: stakeholderToken, total: false },
      { key: 'coordinatorWithTotalCount', token: coordinatorToken, total: true },
      { key: 'stakeholderWithTotalCount', token: stakeholderToken, total: true },
    ];
    log(`warming up the list (${SETTINGS.warmupLists} runs per variant) …`);
    for (const variant of variants) {
      await gql.ok<ListData>(listQuery(variant.total), { first: SETTINGS.pageSize }, variant.token);
      const warmup = await runner.run({
        ...job(listQuery(variant.total), [{ first: SETTINGS.pageSize }], variant.token),
        total: SETTINGS.warmupLists,
      });
      if (warmup.errors) throw new Error(`list warm-up failed: ${warmup.firstError}`);
    }
    const list: Record<string, unknown> = {};
    const listSummaries: Record<string, LatencySummary> = {};
    for (const variant of variants) {
      const run = await runner.run({
        ...job(listQuery(variant.total), [{ first: SETTINGS.pageSize }], variant.token),
        total: SETTINGS.listRuns,
      });
      const sample = await gql.ok<ListData>(
        listQuery(variant.total),
        { first: SETTINGS.pageSize },
        variant.token,
      );
      const edges = sample.incidents.edges;
      const visibilityOk =
        variant.token !== stakeholderToken ||
        edges.every(
          (edge) =>
            ['GREEN', 'CLEAR'].includes(edge.node.tlp) ||
            edge.node.participants.some((p) => p.organisation.id === seed.stakeholderOrganisationId),
        );
      const summary = summarise(run.latencies);
      listSummaries[variant.key] = summary;
      list[variant.key] = {
        ...summary,
        errors: run.errors,
        firstError: run.firstError,
        edges: edges.length,
        ...(variant.total ? { totalCount: sample.incidents.totalCount } : {}),
        participantsPerPage: edges.reduce((n, e) => n + e.node.participants.length, 0),
        componentsPerPage: edges.reduce((n, e) => n + e.node.components.length, 0),
        allHaveLatestTimelineEntry: edges.every((e) => e.node.latestTimelineEntry !== null),
        visibilityOk,
      };
      log(
        `list first ${SETTINGS.pageSize} as ${variant.key}: ${fmt(summary)}${run.errors ? `, ${run.errors} errors` : ''}`,
      );
    }

    // ---- c) SQL statements per list request ----
    await waitForIdlePool(bench);
    // The account lookup of authentication is cached for a few seconds per account, so whether it
    // appears depends on timing; it is not part of the list query and is left out of the count.
    const countStatements = async (first: number, token: string, withTotal = false) => {
      await waitForIdlePool(bench as BenchInfrastructure);
      const captured = await probe.capture(() => gql.ok<ListData>(listQuery(withTotal), { first }, token));
      return { ...captured, statements: captured.statements.filter((s) => !s.label.includes('app_user')) };
    };
    const statementRuns: Record<string, number[]> = { first10: [], first50: [] };
    let stakeholderStatements: CapturedStatement[] = [];
    for (let i = 0; i < 3; i += 1) {
      for (const [key, first] of [
        ['first10', 10],
        ['first50', 50],
      ] as const) {
        const { statements } = await countStatements(first, stakeholderToken);
        statementRuns[key].push(statements.length);
        if (key === 'first50') stakeholderStatements = statements;
      }
    }
    const coordinatorCount = (await countStatements(50, coordinatorToken)).statements.length;
    const withTotalStatements = (await countStatements(50, stakeholderToken, true)).statements;
    const sqlStatements = {
      first10: Math.max(...statementRuns.first10),
      first50: Math.max(...statementRuns.first50),
      runs: statementRuns,
      equal:
        new Set([...statementRuns.first10, ...statementRuns.first50]).size === 1 &&
        coordinatorCount === statementRuns.first50[0],
      coordinatorFirst50: coordinatorCount,
      first50WithTotalCount: withTotalStatements.length,
      statements: stakeholderStatements.map((s) => s.label),
    };
    log(
      `SQL statements per list request: first 10 → ${sqlStatements.first10}, first 50 → ${sqlStatements.first50} (equal: ${sqlStatements.equal}; with totalCount ${sqlStatements.first50WithTotalCount})`,
    );

    // EXPLAIN ANALYZE of what the stakeholder's list sends (and its count)
    const countStatement = withTotalStatements.filter((s) => /^SELECT count\(\*\)/i.test(s.text.trim()));
    const stakeholderExplain = await explain(monitor, [...stakeholderStatements, ...countStatement]);
    for (const entry of stakeholderExplain) {
      log(
        `  EXPLAIN ${entry.label}: execution ${entry.executionMs} ms, planning ${entry.planningMs} ms, ${entry.rows} rows` +
          (entry.jitMs !== null
            ? ` (JIT ${entry.jitMs} ms; without JIT ${entry.executionMsWithoutJit} ms)`
            : ''),
      );
    }
    const coordinatorWithTotal = (await countStatements(50, coordinatorToken, true)).statements;
    const coordinatorExplain = await explain(
      monitor,
      coordinatorWithTotal.filter((s) => /^SELECT (i\.id|count\(\*\))/i.test(s.text.trim())),
    );
    for (const entry of coordinatorExplain) {
      log(
        `  EXPLAIN (coordinator) ${entry.label}: execution ${entry.executionMs} ms` +
          (entry.jitMs !== null
            ? ` (JIT ${entry.jitMs} ms; without JIT ${entry.executionMsWithoutJit} ms)`
            : ''),
      );
    }

    let listProfile: ProfileSummary | null = null;
    if (SETTINGS.profile) {
      listProfile = (
        await profiled(profileFile('list-stakeholder'), () =>
          runner.run({
            ...job(listQuery(false), [{ first: SETTINGS.pageSize }], stakeholderToken),
            total: 100,
          }),
        )
      ).summary;
      log(`  profile of the stakeholder list: ${JSON.stringify(listProfile.byPackage.slice(0, 8))}`);
    }

    // ---- a) reportIncident ----
    log(`warming up reports (${SETTINGS.warmupReports}) …`);
    const warmupInputs = reportInputs(SETTINGS.warmupReports, componentIds, 1);
    await gql.ok(REPORT, { input: warmupInputs[0] }, reporterToken);
    const warmupReports = await runner.run(
      job(
        REPORT,
        warmupInputs.slice(1).map((input) => ({ input })),
        reporterToken,
      ),
    );
    if (warmupReports.errors) throw new Error(`report warm-up failed: ${warmupReports.firstError}`);
    await waitForIdlePool(bench);

    const sequentialInputs = reportInputs(SETTINGS.sequentialReports, componentIds, 2);
    const sequentialRun = await probe.time(() =>
      runner.run(
        job(
          REPORT,
          sequentialInputs.map((input) => ({ input })),
          reporterToken,
        ),
      ),
    );
    const sequentialSummary = summarise(sequentialRun.result.latencies);
    const sequentialOps = (sequentialRun.result.latencies.length / sequentialRun.result.wallMs) * 1000;
    log(`reportIncident sequential: ${round(sequentialOps, 1)} reports/s, ${fmt(sequentialSummary)}`);
    await waitForIdlePool(bench);

    const concurrentInputs = reportInputs(SETTINGS.concurrentReports, componentIds, 3);
    const sampler = await startSampler(monitor, bench, database.name);
    const concurrentRun = await probe.time(() =>
      runner.run({
        ...job(
          REPORT,
          concurrentInputs.map((input) => ({ input })),
          reporterToken,
        ),
        concurrency: SETTINGS.clients,
      }),
    );
    const resources = await sampler.stop();
    const concurrentSummary = summarise(concurrentRun.result.latencies);
    const concurrentOps = (concurrentRun.result.latencies.length / concurrentRun.result.wallMs) * 1000;
    const lockHolds = summarise(concurrentRun.lockHoldsMs);
    const lockHeldFraction =
      concurrentRun.lockHoldsMs.reduce((a, b) => a + b, 0) / concurrentRun.result.wallMs;
    log(
      `reportIncident ${SETTINGS.clients} clients: ${round(concurrentOps, 1)} reports/s, ${fmt(concurrentSummary)}`,
    );
    log(
      `  audit-chain lock held per report: ${fmt(lockHolds)}; held ${round(lockHeldFraction * 100, 1)}% of the time`,
    );
    log(`  resources: ${JSON.stringify(resources)}`);
    await waitForIdlePool(bench);
    let reportProfile: ProfileSummary | null = null;
    if (SETTINGS.profile) {
      const inputs = reportInputs(1000, componentIds, 4);
      const { result, summary } = await profiled(profileFile('report-concurrent'), () =>
        runner.run({
          ...job(
            REPORT,
            inputs.map((input) => ({ input })),
            reporterToken,
          ),
          concurrency: SETTINGS.clients,
        }),
      );
      reportProfile = summary;
      log(
        `  profile of ${result.latencies.length} concurrent reports: ${JSON.stringify(reportProfile.byPackage.slice(0, 8))}`,
      );
      await waitForIdlePool(bench);
    }

    // ---- checks on what the reports wrote ----
    const totalReports =
      SETTINGS.warmupReports +
      SETTINGS.sequentialReports +
      SETTINGS.concurrentReports +
      (SETTINGS.profile ? 1000 : 0);
    const [references] = (
      await monitor.query<{
        total: number;
        distinct_refs: number;
        min: number;
        max: number;
        counter: number;
        pending: number;
      }>(
        `SELECT count(*)::int AS total, count(DISTINCT reference)::int AS distinct_refs,
           min(split_part(reference, '-', 3)::int) AS min, max(split_part(reference, '-', 3)::int) AS max,
           (SELECT last_value FROM incident_reference_counter WHERE year = $2) AS counter,
           (SELECT count(*)::int FROM incident WHERE reference LIKE 'PENDING-%') AS pending
         FROM incident WHERE reference LIKE $1 AND split_part(reference, '-', 3)::int > $3`,
        [`INC-${year}-%`, year, SETTINGS.incidents],
      )
    ).rows;
    const [derivation] = (
      await monitor.query<{ total: number; matching: number }>(
        `WITH b AS (SELECT id FROM incident WHERE split_part(reference, '-', 3)::int > $1 AND reference LIKE $2),
         expected AS (
           SELECT ic.incident_id, array_agg(DISTINCT a.organisation_id ORDER BY a.organisation_id) AS orgs
           FROM incident_component ic JOIN assignment a ON a.component_id = ic.component_id AND a.duty = 'RESPONSIBLE'
           WHERE ic.incident_id IN (SELECT id FROM b) GROUP BY ic.incident_id),
         actual AS (
           SELECT incident_id, array_agg(organisation_id ORDER BY organisation_id) AS orgs
           FROM incident_participant WHERE source = 'MAP' AND incident_id IN (SELECT id FROM b) GROUP BY incident_id)
         SELECT count(*)::int AS total, count(*) FILTER (WHERE expected.orgs = actual.orgs)::int AS matching
         FROM b LEFT JOIN expected ON expected.incident_id = b.id LEFT JOIN actual ON actual.incident_id = b.id`,
        [SETTINGS.incidents, `INC-${year}-%`],
      )
    ).rows;

    // ---- the figures ----
    const listTargets = Object.fromEntries(
      Object.entries(listSummaries).map(([key, summary]) => [key, summary.p99Ms < TARGETS.listP99Ms]),
    );
    const results = {
      benchmark: 'renkei incident register',
      startedAt: new Date(Date.now() - (performance.now() - started)).toISOString(),
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
          'API, load clients and PostgreSQL share this machine; the API runs in the bench process, the HTTP clients on ' +
          (SETTINGS.clientThread === 'worker' ? 'a worker thread of it' : 'its main thread'),
      },
      settings: { ...SETTINGS, databasePoolSize: bench.config.databasePoolSize },
      setup: {
        migrateMs: Math.round(migrateMs),
        seedingMs: seed.ms,
        vacuumAnalyzeMs: seed.vacuumAnalyzeMs,
        appBootMs: Math.round(appBootMs),
        rows: seed.rows,
      },
      reportIncident: {
        sequential: {
          reports: sequentialRun.result.latencies.length,
          opsPerSecond: round(sequentialOps, 1),
          ...sequentialSummary,
          errors: sequentialRun.result.errors,
          firstError: sequentialRun.result.firstError,
        },
        concurrent: {
          clients: SETTINGS.clients,
          reports: concurrentRun.result.latencies.length,
          opsPerSecond: round(concurrentOps, 1),
          ...concurrentSummary,
          errors: concurrentRun.result.errors,
          firstError: concurrentRun.result.firstError,
        },
        checks: {
          reportsMade: totalReports,
          referencesIssued: references.total,
          referencesUnique: references.distinct_refs === references.total,
          referencesContiguous:
            references.min === SETTINGS.incidents + 1 &&
            references.max === SETTINGS.incidents + references.total,
          counterMatches: references.counter === SETTINGS.incidents + references.total,
          pendingReferencesLeft: references.pending,
          participantsDerivedFromMap: derivation.total === derivation.matching,
          participantsChecked: derivation.total,
        },
        diagnostics: {
          concurrentStatementTimes: concurrentRun.breakdown,
          sequentialStatementTimes: sequentialRun.breakdown,
          auditLockHeldPerReportMs: lockHolds,
          auditLockHeldFraction: round(lockHeldFraction, 3),
          /** reports are serialised while the lock is held: at most 1000 / mean hold per second */
          auditLockCeilingReportsPerSecond: round(1000 / lockHolds.meanMs, 1),
          /** the API thread's ceiling at the CPU cost per report seen here (rate / event-loop utilisation) */
          apiThreadCeilingReportsPerSecond: round(
            concurrentOps / Number(resources.nodeEventLoopUtilization),
            1,
          ),
          resources,
          cpuProfile: reportProfile,
        },
      },
      list: { first: SETTINGS.pageSize, ...list },
      sqlStatementsPerListRequest: sqlStatements,
      listDiagnostics: {
        stakeholderExplain,
        coordinatorExplain,
        cpuProfile: listProfile,
      },
      targets: {
        listP99Ms: TARGETS.listP99Ms,
        listP99Pass: listTargets.coordinator && listTargets.stakeholder,
        listP99PassByVariant: listTargets,
        concurrentReportsPerSecond: TARGETS.concurrentReportsPerSecond,
        concurrentReportsPass: concurrentOps >= TARGETS.concurrentReportsPerSecond,
        sqlStatementsEqual: sqlStatements.equal,
      },
      totalRuntimeMs: 0,
    };
    log(
      `targets: list p99 < ${TARGETS.listP99Ms} ms → ${results.targets.listP99Pass ? 'PASS' : 'FAIL'} (${JSON.stringify(listTargets)}); ` +
        `≥ ${TARGETS.concurrentReportsPerSecond} reports/s with ${SETTINGS.clients} clients → ${results.targets.concurrentReportsPass ? 'PASS' : 'FAIL'} (${round(concurrentOps, 1)})`,
    );
    probe.uninstall();
    await cleanup();
    results.totalRuntimeMs = Math.round(performance.now() - started);
    log(`done in ${(results.totalRuntimeMs / 1000).toFixed(1)} s`);
    return results;
  } catch (error) {
    probe.uninstall();
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
