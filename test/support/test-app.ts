import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/bootstrap';
import { AppConfig, loadConfig } from '@renkei/core/config/app-config';
import { Infrastructure, startInfrastructure } from '@renkei/platform/infrastructure';
import { TEST_REDIS_URL, createTestDatabase } from './test-database';

export interface GraphqlResult<T = any> {
  data?: T;
  errors?: {
    message: string;
    path?: string[];
    extensions?: { code?: string; field?: string; [key: string]: unknown };
  }[];
}

export interface TestApp {
  url: string;
  app: NestExpressApplication;
  infrastructure: Infrastructure;
  dataSource: DataSource;
  config: AppConfig;
  /** POSTs a GraphQL operation; `auth` is an access token or an API key. */
  gql<T = any>(query: string, variables?: Record<string, unknown>, auth?: string): Promise<GraphqlResult<T>>;
  /** Like gql, but fails the test on any error and returns data. */
  gqlOk<T = any>(query: string, variables?: Record<string, unknown>, auth?: string): Promise<T>;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API (GraphQL, socket.io, health) on a fresh PostgreSQL database and a private Redis
 * queue prefix, listening on a free loopback port.
 */
export async function startTestApp(
  options: { env?: Record<string, string>; modules?: DynamicModule['imports']; redis?: boolean } = {},
): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    ...(options.redis === false ? {} : { REDIS_URL: TEST_REDIS_URL }),
    QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'renkei-test-')),
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SEED_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.RENKEI_TEST_LOG_LEVEL ?? 'silent',
    ...options.env,
  });
  const infrastructure = await startInfrastructure(config);
  const app = await createApiApp(infrastructure, options.modules ?? []);
  app.useLogger(false);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  const url = `http://127.0.0.1:${address.port}`;
  const gql = async <T>(
    query: string,
    variables?: Record<string, unknown>,
    auth?: string,
  ): Promise<GraphqlResult<T>> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as GraphqlResult<T>;
  };
  const gqlOk = async <T>(query: string, variables?: Record<string, unknown>, auth?: string): Promise<T> => {
    const result = await gql<T>(query, variables, auth);
    if (result.errors?.length) throw new Error(`GraphQL errors: ${JSON.stringify(result.errors)}`);
    return result.data as T;
  };
  return {
    url,
    app,
    infrastructure,
    dataSource: infrastructure.dataSource,
    config,
    gql,
    gqlOk,
    async login(email, password) {
      const data = await gqlOk<{ login: { accessToken: string } }>(
        `mutation($input: LoginInput!) { login(input: $input) { accessToken } }`,
        { input: { email, password } },
      );
      return data.login.accessToken;
    },
    async close() {
      await app.close();
      await infrastructure.close();
      await database.drop();
    },
  };
}
