import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { io, Socket } from 'socket.io-client';

/**
 * The exercise benchmark's live-board clients, in a child process of their own (so the API's event
 * loop is not also running 500 clients): socket.io connections that authenticate, join exercise
 * rooms and stamp every `inject.sent` on arrival. Driven over IPC by bench/exercise.bench.ts.
 */

export type ClientKind = 'staff' | 'player';

export interface ClientSpec {
  token: string;
  kind: ClientKind;
}

/** One inject.sent a socket received: arrival (this process's wall clock, ms) minus the event's `data.at`. */
export interface Arrival {
  exerciseId: string;
  sequence: number;
  kind: ClientKind;
  latencyMs: number;
}

export type ClientsRequest =
  | { id: number; cmd: 'connect'; url: string; exerciseIds: string[]; clients: ClientSpec[] }
  | { id: number; cmd: 'measure' }
  | { id: number; cmd: 'collect'; exerciseId: string }
  | { id: number; cmd: 'close' };

export type ClientsReply =
  | { ready: true }
  | { id: number; result: ConnectResult | CollectResult | { measuring: true } | { closed: true } };

export interface ConnectResult {
  connected: number;
  joined: number;
  failures: string[];
  ms: number;
}

export interface CollectResult {
  arrivals: Arrival[];
  /** this process's CPU (user + system) and event-loop delay since the exercise started */
  cpuMs: number;
  eventLoopDelayP99Ms: number;
  /** every event the sockets received during the measured exercise (whatever its exercise), by name */
  eventsReceived: Record<string, number>;
  /** other exercise.event kinds received for the exercise, by kind */
  otherEvents: Record<string, number>;
}

const wallNow = () => performance.timeOrigin + performance.now();
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let cpuFrom = process.cpuUsage();
const sockets: Socket[] = [];
const arrivals: Arrival[] = [];
const otherEvents = new Map<string, Map<string, number>>();
/** every event the sockets received since 'measure', by name */
const received = new Map<string, number>();

function connectOne(url: string, spec: ClientSpec, exerciseIds: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: spec.token },
      forceNew: true,
      reconnection: false,
    });
    sockets.push(socket);
    socket.onAny((event: string) => received.set(event, (received.get(event) ?? 0) + 1));
    const timer = setTimeout(() => reject(new Error('no ready in 30 s')), 30_000);
    socket.on(
      'exercise.event',
      (event: { exerciseId: string; kind: string; data: Record<string, unknown> }) => {
        const at = wallNow();
        if (event.kind === 'inject.sent') {
          arrivals.push({
            exerciseId: event.exerciseId,
            sequence: Number(event.data.sequence),
            kind: spec.kind,
            latencyMs: at - Date.parse(String(event.data.at)),
          });
        } else {
          const counts = otherEvents.get(event.exerciseId) ?? new Map<string, number>();
          counts.set(event.kind, (counts.get(event.kind) ?? 0) + 1);
          otherEvents.set(event.exerciseId, counts);
        }
      },
    );
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // Join after the server has authenticated the socket (as the board does).
    socket.once('ready', async () => {
      clearTimeout(timer);
      let joined = 0;
      for (const id of exerciseIds) {
        const reply = (await socket.emitWithAck('join', { kind: 'exercise', id })) as {
          ok: boolean;
          error?: string;
        };
        if (!reply.ok) return reject(new Error(`join ${id}: ${reply.error}`));
        joined += 1;
      }
      resolve(joined);
    });
  });
}

async function connectAll(url: string, exerciseIds: string[], clients: ClientSpec[]): Promise<ConnectResult> {
  const started = performance.now();
  let connected = 0;
  let joined = 0;
  const failures: string[] = [];
  // In batches, as a room of people opening the board would, without a thundering herd.
  for (let i = 0; i < clients.length; i += 50) {
    const results = await Promise.allSettled(
      clients.slice(i, i + 50).map((spec) => connectOne(url, spec, exerciseIds)),
    );
    for (const result of results) {
      if (result.status === 'fulfilled') {
        connected += 1;
        joined += result.value === exerciseIds.length ? 1 : 0;
      } else if (failures.length < 10) failures.push(String(result.reason));
    }
  }
  return { connected, joined, failures, ms: Math.round(performance.now() - started) };
}

process.on('message', (message: ClientsRequest) => {
  const reply = (result: unknown) => process.send?.({ id: message.id, result });
  switch (message.cmd) {
    case 'connect':
      void connectAll(message.url, message.exerciseIds, message.clients).then(reply);
      break;
    case 'measure':
      // From here on (the measured exercise): CPU and event-loop delay of the clients themselves.
      cpuFrom = process.cpuUsage();
      received.clear();
      loopDelay.reset();
      loopDelay.enable();
      reply({ measuring: true });
      break;
    case 'collect': {
      const cpu = process.cpuUsage(cpuFrom);
      loopDelay.disable();
      reply({
        arrivals: arrivals.filter((arrival) => arrival.exerciseId === message.exerciseId),
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
        eventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
        eventsReceived: Object.fromEntries(received),
        otherEvents: Object.fromEntries(otherEvents.get(message.exerciseId) ?? []),
      } satisfies CollectResult);
      break;
    }
    case 'close':
      for (const socket of sockets) socket.disconnect();
      reply({ closed: true });
      setTimeout(() => process.exit(0), 100);
      break;
  }
});

process.send?.({ ready: true });
