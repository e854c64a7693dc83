import './bench-env';
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import os from 'node:os';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import IORedis from 'ioredis';
import { PlatformRole } from '@renkei/core/context/actor';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { ContactKind, ContactType, GuidelineRole } from '@renkei/directory/directory.enums';
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { hashPassword } from '@renkei/identity/auth/password';
import { UserEntity } from '@renkei/identity/entities/user.entity';
import { Infrastructure, startInfrastructure } from '@renkei/platform/infrastructure';
import {
  AlertsInfrastructure,
  RunningApi,
  RunningWorker,
  startAlertsInfrastructure,
  startApi,
  startWorker,
} from './alerts-app';
import { BENCH_REDIS_URL, BenchDatabase, createBenchDatabase, removeDataDir } from './bench-app';
import type {
  ClientSpec,
  ClientsReply,
  ClientsRequest,
  CollectResult,
  ConnectResult,
} from './exercise-clients';
import { GraphqlClient } from './load';
import { ProfileSummary, profiled } from './profile';
import { percentile, round } from './stats';

/**
 * `npm run bench:exercise` — a tabletop exercise's live fan-out on real PostgreSQL and Redis, the
 * API and the worker as in server mode (the worker's events reach the API's sockets through the
 * PostgreSQL event bridge), mail to the built-in catcher (no SMTP_URL):
 *   - 50 playing organisations (and the promotion body facilitating), an exercise of 20 injects to
 *     all of them at 60× (one every 0.75 s);
 *   - 500 socket.io clients in a child process joined to the exercise: 100 staff sockets (the
 *     promotion body's coordinators) and 400 player sockets (8 per organisation, its user's token);
 *   - fan-out: each client's arrival time of `exercise.event` inject.sent minus the event's `data.at`
 *     (the server's time when it recorded the inject; same machine), over every delivery;
 *   - inject lateness against the exercise clock: `exercise_inject.lateness_ms`.
 * A warm-up exercise of 3 injects runs first (same sockets); its figures are not reported.
 * Prints one JSON object on stdout (progress on stderr). Reports figures; never asserts.
 */

const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw ? Number(raw) : NaN;
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

const SETTINGS = {
  organisations: int('BENCH_ORGANISATIONS', 50),
  staffSockets: int('BENCH_STAFF_SOCKETS', 100),
  playerSocketsPerOrganisation: int('BENCH_PLAYER_SOCKETS_PER_ORGANISATION', 8),
  /** staff users (the promotion body's coordinators) the staff sockets are spread over */
  staffUsers: int('BENCH_STAFF_USERS', 4),
  injects: int('BENCH_INJECTS', 20),
  speed: int('BENCH_SPEED', 60),
  /** wall-clock milliseconds between injects (the offsets are this × speed, in exercise seconds) */
  injectIntervalMs: int('BENCH_INJECT_INTERVAL_MS', 750),
  /** BENCH_ACK_REQUIRED=1: injects ask for acknowledgement (the drill policy's later steps and reminders run too) */
  acknowledgementRequired: process.env.BENCH_ACK_REQUIRED === '1',
  keepDatabase: process.env.BENCH_KEEP_DATABASE === '1',
  /** BENCH_PROFILE=1 (or a file for the .cpuprofile): CPU profile of the API + worker process during the measured run */
  profile: process.env.BENCH_PROFILE ?? null,
};

const TARGETS = { fanOutP99Ms: 100 };

const PASSWORD = 'bench-correct-horse-battery-staple';
const LOGIN = `mutation BenchLogin($input: LoginInput!) { login(input: $input) { accessToken } }`;
const CREATE_SCENARIO = `mutation BenchScenario($content: ScenarioContentInput!) { createExerciseScenario(content: $content) { id } }`;
const CREATE_EXERCISE = `mutation BenchExercise($input: CreateExerciseInput!) { createExercise(input: $input) { id } }`;
const START = `mutation BenchStart($id: ID!) { startExercise(id: $id) { status } }`;

const log = (line: string): void => {
  process.stderr.write(`[bench] ${line}\n`);
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const wallNow = () => performance.timeOrigin + performance.now();

function summary(samples: readonly number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    p50Ms: round(percentile(sorted, 50)),
    p90Ms: round(percentile(sorted, 90)),
    p99Ms: round(percentile(sorted, 99)),
    meanMs: round(sorted.length ? sum / sorted.length : NaN),
    minMs: round(sorted.length ? sorted[0] : NaN),
    maxMs: round(sorted.length ? sorted[sorted.length - 1] : NaN),
  };
}

/** A request without its id (Omit over each member of the union). */
type Command = ClientsRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/** The parent's handle on the clients' child process (bench/exercise-clients.ts). */
class ClientsProcess {
  private nextId = 0;
  private readonly pending = new Map<number, (result: unknown) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (message: ClientsReply) => {
      if (!('id' in message)) return;
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve?.(message.result);
    });
  }

  static async start(): Promise<ClientsProcess> {
    // execArgv: [] so that `node --cpu-prof …` on the bench profiles the server, not the clients.
    const child = fork(join(__dirname, 'exercise-clients.js'), [], {
      execArgv: [],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the clients process did not start')), 10_000);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the clients process exited (${code})`)));
      child.on('message', (message: ClientsReply) => {
        if ('ready' in message) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    return new ClientsProcess(child);
  }

  request<T>(command: Command, timeoutMs = 120_000): Promise<T> {
    const id = (this.nextId += 1);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`clients: no answer to ${command.cmd}`));
      }, timeoutMs);
      this.pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result as T);
      });
      this.child.send({ ...command, id });
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await this.request({ cmd: 'close' }, 10_000).catch(() => this.child.kill('SIGKILL'));
  }
}

/** A scenario of `count` injects, `intervalSeconds` apart on the exercise clock, to every organisation. */
function scenario(title: string, count: number, intervalSeconds: number, organisationIds: string[]) {
  return {
    titleJa: `${title}（ベンチ）`,
    titleEn: title,
    injects: Array.from({ length: count }, (_, i) => ({
      key: `B-${i + 1}`,
      offsetSeconds: (i + 1) * intervalSeconds,
      titleJa: `状況付与 ${i + 1}`,
      titleEn: `Inject ${i + 1}`,
      textJa: `ベンチマークの状況付与 ${i + 1}`,
      textEn: `Benchmark inject ${i + 1}`,
      audience: { organisationIds },
      acknowledgementRequired: SETTINGS.acknowledgementRequired,
    })),
  };
}

async function main(): Promise<Record<string, unknown>> {
  const started = performance.now();
  const loadAtStart = os.loadavg().map((value) => round(value));
  let database: BenchDatabase | undefined;
  let bench: AlertsInfrastructure | undefined;
  let workerInfrastructure: Infrastructure | undefined;
  let api: RunningApi | undefined;
  let worker: RunningWorker | undefined;
  let clients: ClientsProcess | undefined;
  let redis: IORedis | undefined;
  const cleanup = async () => {
    await clients?.close().catch(() => undefined);
    await worker?.close().catch((error) => log(`closing the worker failed: ${String(error)}`));
    await api?.close().catch((error) => log(`closing the API failed: ${String(error)}`));
    if (bench) {
      redis = new IORedis(BENCH_REDIS_URL, { maxRetriesPerRequest: null });
      redis.on('error', () => undefined);
      const pattern = `${bench.config.queuePrefix}*`;
      for (let cursor = '0'; ;) {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) await redis.unlink(...keys);
        cursor = next;
        if (cursor === '0') break;
      }
      redis.disconnect();
    }
    await workerInfrastructure?.close().catch(() => undefined);
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
    // ---- setup: the city, the API, the worker (its own pool, as its own process would have) ----
    database = await createBenchDatabase();
    log(`database ${database.name}`);
    bench = await startAlertsInfrastructure(database.url, {});
    const { config, infrastructure } = bench;
    api = await startApi(infrastructure);
    workerInfrastructure = await startInfrastructure(config);
    worker = await startWorker(workerInfrastructure);
    log(`API on ${api.url}; mail to the catcher (no SMTP_URL): ${config.smtpUrl === null}`);

    const manager = infrastructure.dataSource.manager;
    const passwordHash = await hashPassword(PASSWORD);
    const city = await manager.save(OrganisationEntity, {
      nameJa: 'スマートシティ推進協議会',
      nameEn: 'Smart City Promotion Council',
      guidelineRoles: [GuidelineRole.PROMOTION_BODY],
      description: '',
    });
    const organisations = await manager.save(
      OrganisationEntity,
      Array.from({ length: SETTINGS.organisations }, (_, i) => ({
        nameJa: `訓練参加組織${String(i + 1).padStart(2, '0')}`,
        nameEn: `Player ${i + 1}`,
        guidelineRoles: [i % 5 === 0 ? GuidelineRole.CITY_OS_VENDOR : GuidelineRole.SERVICE_PROVIDER],
        description: '',
      })),
    );
    await manager.insert(
      ContactEntity,
      organisations.map(
        (organisation, i) =>
          ({
            organisationId: organisation.id,
            type: ContactType.FUNCTION,
            kind: ContactKind.INCIDENT_WINDOW,
            name: `Incident desk ${i + 1}`,
            email: `desk${i + 1}@player.bench`,
            locale: 'ja',
            lastVerifiedAt: new Date(),
            notes: '',
          }) as ContactEntity,
      ),
    );
    const user = (organisationId: string, role: PlatformRole, email: string): Partial<UserEntity> => ({
      email,
      displayName: email.split('@')[0],
      locale: 'ja',
      organisationId,
      role,
      passwordHash,
    });
    const staffUsers = Array.from({ length: SETTINGS.staffUsers }, (_, i) =>
      user(city.id, PlatformRole.COORDINATOR, `coordinator${i + 1}@city.bench`),
    );
    const playerUsers = organisations.map((organisation, i) =>
      user(organisation.id, PlatformRole.RESPONDER, `responder${i + 1}@player.bench`),
    );
    await manager.insert(UserEntity, [...staffUsers, ...playerUsers] as UserEntity[]);
    const gql = new GraphqlClient(api.url);
    const login = async (email: string) =>
      (await gql.ok<{ login: { accessToken: string } }>(LOGIN, { input: { email, password: PASSWORD } }))
        .login.accessToken;
    const staffTokens: string[] = [];
    for (const staff of staffUsers) staffTokens.push(await login(staff.email as string));
    const playerTokens: string[] = [];
    for (const player of playerUsers) playerTokens.push(await login(player.email as string));
    const coordinator = staffTokens[0];

    // ---- the exercises: a warm-up of 3 injects, then the measured one ----
    const organisationIds = organisations.map((organisation) => organisation.id);
    const intervalSeconds = Math.max(1, Math.round((SETTINGS.injectIntervalMs / 1000) * SETTINGS.speed));
    const participants = [
      { organisationId: city.id, role: 'FACILITATOR' },
      ...organisationIds.map((organisationId) => ({ organisationId, role: 'PLAYER' })),
    ];
    const createExercise = async (title: string, injects: number) => {
      const { createExerciseScenario } = await gql.ok<{ createExerciseScenario: { id: string } }>(
        CREATE_SCENARIO,
        { content: scenario(title, injects, intervalSeconds, organisationIds) },
        coordinator,
      );
      const { createExercise: created } = await gql.ok<{ createExercise: { id: string } }>(
        CREATE_EXERCISE,
        { input: { scenarioId: createExerciseScenario.id, title, speed: SETTINGS.speed, participants } },
        coordinator,
      );
      return created.id;
    };
    const warmupId = await createExercise('Warm-up', 3);
    const exerciseId = await createExercise('Fan-out', SETTINGS.injects);

    // ---- the clients ----
    const specs: ClientSpec[] = [
      ...Array.from({ length: SETTINGS.staffSockets }, (_, i) => ({
        token: staffTokens[i % staffTokens.length],
        kind: 'staff' as const,
      })),
      ...playerTokens.flatMap((token) =>
        Array.from({ length: SETTINGS.playerSocketsPerOrganisation }, () => ({
          token,
          kind: 'player' as const,
        })),
      ),
    ];
    clients = await ClientsProcess.start();
    const connected = await clients.request<ConnectResult>({
      cmd: 'connect',
      url: api.url,
      exerciseIds: [warmupId, exerciseId],
      clients: specs,
    });
    log(
      `${connected.connected}/${specs.length} sockets connected, ${connected.joined} joined both exercises in ${connected.ms} ms` +
        (connected.failures.length ? `; failures: ${connected.failures.join('; ')}` : ''),
    );

    const run = async (id: string, injects: number) => {
      await gql.ok(START, { id }, coordinator);
      const deadline = Date.now() + injects * SETTINGS.injectIntervalMs + 30_000;
      for (;;) {
        const [{ pending }] = (await manager.query(
          `SELECT count(*) FILTER (WHERE state = 'PENDING')::int AS pending FROM exercise_inject WHERE exercise_id = $1`,
          [id],
        )) as { pending: number }[];
        if (pending === 0) break;
        if (Date.now() > deadline) throw new Error(`${pending} inject(s) still pending`);
        await sleep(200);
      }
      // The last inject's events are on their way.
      await sleep(2000);
    };
    log('warm-up exercise (3 injects)');
    await run(warmupId, 3);
    log(
      `measured exercise: ${SETTINGS.injects} injects, one every ${SETTINGS.injectIntervalMs} ms at ${SETTINGS.speed}×`,
    );
    // Where the time goes: when the API process has the event (through the worker → API event bridge)
    // and handed it to its sockets (this listener runs after the live feed's, which emits synchronously).
    const atApi: number[] = [];
    const stopListening = api.app.get(DomainEvents).on('exercise', (change) => {
      if (change.exerciseId === exerciseId && change.kind === 'inject.sent') {
        atApi.push(wallNow() - Date.parse(String(change.data.at)));
      }
    });
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpuFrom = process.cpuUsage();
    await clients.request({ cmd: 'measure' });
    const measuredFrom = performance.now();
    let profile: ProfileSummary | null = null;
    if (SETTINGS.profile) {
      const file = SETTINGS.profile === '1' ? null : SETTINGS.profile;
      profile = (await profiled(file, () => run(exerciseId, SETTINGS.injects))).summary;
    } else {
      await run(exerciseId, SETTINGS.injects);
    }
    const measuredMs = performance.now() - measuredFrom;
    const cpu = process.cpuUsage(cpuFrom);
    loopDelay.disable();
    stopListening();

    // ---- figures ----
    const collected = await clients.request<CollectResult>({ cmd: 'collect', exerciseId });
    const latencies = collected.arrivals.map((arrival) => arrival.latencyMs);
    const byKind = (kind: string) =>
      summary(collected.arrivals.filter((arrival) => arrival.kind === kind).map((a) => a.latencyMs));
    const lateness = (
      (await manager.query(
        `SELECT lateness_ms FROM exercise_inject WHERE exercise_id = $1 AND lateness_ms IS NOT NULL`,
        [exerciseId],
      )) as { lateness_ms: number }[]
    ).map((row) => Number(row.lateness_ms));
    const [alerts] = (await manager.query(
      `SELECT count(*)::int AS alerts, count(*) FILTER (WHERE a.state IN ('SENT', 'DELIVERED', 'ACKNOWLEDGED'))::int AS delivered
         FROM alert a JOIN incident i ON i.id = a.incident_id WHERE i.exercise_id = $1`,
      [exerciseId],
    )) as { alerts: number; delivered: number }[];
    const fanOut = summary(latencies);
    const results = {
      bench: 'exercise',
      clients: {
        total: specs.length,
        connected: connected.connected,
        staff: SETTINGS.staffSockets,
        players: specs.length - SETTINGS.staffSockets,
      },
      organisations: SETTINGS.organisations,
      injects: SETTINGS.injects,
      speed: SETTINGS.speed,
      injectIntervalMs: SETTINGS.injectIntervalMs,
      acknowledgementRequired: SETTINGS.acknowledgementRequired,
      fanOut: {
        what: 'client arrival of exercise.event inject.sent minus its data.at',
        expectedDeliveries: SETTINGS.injects * connected.connected,
        ...fanOut,
        staff: byKind('staff'),
        players: byKind('player'),
      },
      breakdown: {
        atApi: {
          what: 'the API process has the event and has emitted it to its sockets, minus data.at',
          ...summary(atApi),
        },
        serverProcess: {
          what: 'the API + worker process during the measured run',
          cpuMs: Math.round((cpu.user + cpu.system) / 1000),
          eventLoopDelayP99Ms: round(loopDelay.percentile(99) / 1e6),
          eventLoopDelayMaxMs: round(loopDelay.max / 1e6),
        },
        clientsProcess: {
          cpuMs: collected.cpuMs,
          eventLoopDelayP99Ms: collected.eventLoopDelayP99Ms,
          eventsReceived: collected.eventsReceived,
        },
      },
      injectLateness: { what: 'exercise_inject.lateness_ms', ...summary(lateness) },
      otherEventsReceived: collected.otherEvents,
      drillAlerts: alerts,
      measuredRunMs: Math.round(measuredMs),
      ...(profile ? { profile } : {}),
      targets: {
        fanOutP99Ms: {
          target: TARGETS.fanOutP99Ms,
          value: fanOut.p99Ms,
          pass: fanOut.p99Ms < TARGETS.fanOutP99Ms,
        },
      },
      machine: { cpus: os.cpus().length, loadAtStart, node: process.version },
      totalRuntimeMs: 0,
    };
    log(
      `fan-out p50 ${fanOut.p50Ms} ms, p99 ${fanOut.p99Ms} ms, max ${fanOut.maxMs} ms (n ${fanOut.n} of ${results.fanOut.expectedDeliveries}); ` +
        `lateness p50 ${results.injectLateness.p50Ms} ms, p99 ${results.injectLateness.p99Ms} ms`,
    );
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
