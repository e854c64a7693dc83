import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import { createApiApp } from '../apps/api/src/bootstrap';
import { AppConfig, loadConfig } from '@renkei/core/config/app-config';
import { Infrastructure, startInfrastructure } from '@renkei/platform/infrastructure';

export const BENCH_DATABASE_URL =
  process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const BENCH_REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the benchmark server. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const name = `renkei_bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: BENCH_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    name,
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      const client = new Client({ connectionString: BENCH_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface BenchInfrastructure {
  config: AppConfig;
  infrastructure: Infrastructure;
  dataDir: string;
}

/** Configuration and infrastructure (migrated schema, queues) for the API on `databaseUrl`. */
export async function startBenchInfrastructure(databaseUrl: string): Promise<BenchInfrastructure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: BENCH_REDIS_URL,
    QUEUE_PREFIX: `bench${randomBytes(4).toString('hex')}`,
    MIGRATIONS_RUN: 'true',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    SEED_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    ...(process.env.BENCH_DATABASE_POOL_SIZE
      ? { DATABASE_POOL_SIZE: process.env.BENCH_DATABASE_POOL_SIZE }
      : {}),
  });
  const infrastructure = await startInfrastructure(config);
  return { config, infrastructure, dataDir };
}

export interface BenchApp {
  url: string;
  app: NestExpressApplication;
  close(): Promise<void>;
}

/** The real HTTP API (GraphQL, socket.io, health) in this process, on a free loopback port. */
export async function startBenchApp(bench: BenchInfrastructure): Promise<BenchApp> {
  const app = await createApiApp(bench.infrastructure);
  app.useLogger(false);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    async close() {
      await app.close();
    },
  };
}

export function removeDataDir(dataDir: string): void {
  rmSync(dataDir, { recursive: true, force: true });
}
