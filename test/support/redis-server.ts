import { ChildProcess, spawn } from 'node:child_process';
import { createServer, Socket } from 'node:net';

/** A free TCP port on the loopback interface (free now: the caller binds it soon after). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once a PING on `port` is answered with PONG (or rejects after `timeoutMs`). */
async function waitForPong(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answered = await new Promise<boolean>((resolve) => {
      const socket = new Socket();
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('error', () => done(false));
      socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
      socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
    });
    if (answered) return;
    if (Date.now() > deadline)
      throw new Error(`redis-server on port ${port} did not answer in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A private redis-server for one test, without persistence: `kill()` loses everything it held (as a
 * crashed Redis without AOF/RDB would), `start()` brings an empty one back on the same port.
 */
export async function startRedisServer() {
  const port = await freePort();
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    if (child) throw new Error('redis-server is already running');
    output = '';
    const spawned = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--daemonize',
        'no',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    spawned.stdout?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    spawned.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
    const exited = new Promise<never>((_resolve, reject) =>
      spawned.once('exit', (code, signal) =>
        reject(new Error(`redis-server exited (${signal ?? code}) before it was ready: ${output}`)),
      ),
    );
    exited.catch(() => undefined);
    // Never outlive the test process, whatever ends it.
    const orphanGuard = () => spawned.kill('SIGKILL');
    process.once('exit', orphanGuard);
    spawned.once('exit', () => process.removeListener('exit', orphanGuard));
    child = spawned;
    await Promise.race([waitForPong(port, 10_000), exited]);
  };

  /** SIGKILL, and wait until the process is gone (its port closed). */
  const kill = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGKILL');
    await gone;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    kill,
    get running() {
      return child !== undefined;
    },
    close: kill,
  };
}

export type RedisServer = Awaited<ReturnType<typeof startRedisServer>>;
