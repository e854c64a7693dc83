import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { TestApp } from './test-app';

const ROOT = resolve(__dirname, '../..');

/**
 * The production worker entry point (apps/worker/src/main.ts) as a separate process, run from the
 * sources (compiled on load by @swc/core as in Jest, with the tsconfig path aliases). It sees only
 * the environment given here, so nothing from the developer's shell changes its configuration.
 */
export async function startWorkerProcess(env: Record<string, string>, timeoutMs = 60_000) {
  let output = '';
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '-r',
      join(ROOT, 'test/support/swc-register.js'),
      '-r',
      'tsconfig-paths/register',
      join(ROOT, 'apps/worker/src/main.ts'),
    ],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        TS_NODE_PROJECT: join(ROOT, 'tsconfig.json'),
        NODE_ENV: 'test',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Never outlive the test process, whatever ends it.
  const orphanGuard = () => child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => {
      process.removeListener('exit', orphanGuard);
      done({ code, signal });
    }),
  );
  const ready = new Promise<void>((done) => {
    const listen = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      if (output.includes('Renkei worker running')) done();
    };
    child.stdout?.on('data', listen);
    child.stderr?.on('data', listen);
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      exit.then(({ code, signal }) => {
        throw new Error(`worker exited (${signal ?? code}) before it was ready:\n${output}`);
      }),
      new Promise((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`worker not ready in ${timeoutMs} ms:\n${output}`)),
          timeoutMs,
        );
      }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    await exit;
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return {
    pid: child.pid as number,
    /** What it printed so far (its logs), for a failure message. */
    output: () => output,
    /** Sends `signal` and waits for the process to end. */
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exit;
    },
  };
}

export type WorkerProcess = Awaited<ReturnType<typeof startWorkerProcess>>;

/** The environment of a worker process that shares the test app's database, queues and secrets. */
export function workerEnvironment(t: TestApp, env: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: t.config.databaseUrl as string,
    ...(t.config.redisUrl ? { REDIS_URL: t.config.redisUrl } : {}),
    QUEUE_PREFIX: t.config.queuePrefix,
    JWT_SECRET: t.config.jwtSecret.toString('hex'),
    ENCRYPTION_KEY: t.config.encryptionKey.toString('hex'),
    DATA_DIR: t.config.dataDir,
    PUBLIC_URL: t.config.publicUrl,
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.RENKEI_TEST_LOG_LEVEL ?? 'warn',
    ...env,
  };
}
