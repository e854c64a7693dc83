import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { INestApplicationContext, LoggerService, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { LoggerModule } from 'nestjs-pino';
import { createApiApp } from '../apps/api/src/bootstrap';
import { WorkerModule } from '../apps/worker/src/worker.module';
import { AppConfig, loadConfig } from '@renkei/core/config/app-config';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { ContactKind, ContactType } from '@renkei/directory/directory.enums';
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { CoreModule } from '@renkei/platform/core.module';
import { publishDomainEvents } from '@renkei/platform/event-bridge';
import { Infrastructure, startInfrastructure } from '@renkei/platform/infrastructure';
import { loggerOptions } from '@renkei/platform/logging';
import { BENCH_REDIS_URL } from './bench-app';

/**
 * The alerting benchmark's processes-in-one: the API (HTTP GraphQL) and, started and stopped on its
 * own, the worker (outbox relay, delivery and escalation processors) as apps/worker/src/main.ts
 * builds it — both on the same infrastructure (pool, queues) in this process.
 */

/**
 * Warnings and errors of the API and the worker on stderr (stdout carries the bench's JSON); the same
 * message again within 5 s is counted rather than printed (an overloaded pool fails many requests alike).
 */
const lastPrinted = new Map<string, { at: number; suppressed: number }>();

function printOnce(level: string, message: string): void {
  const key = `${level} ${message}`;
  const now = Date.now();
  const seen = lastPrinted.get(key);
  if (seen && now - seen.at < 5000) {
    seen.suppressed += 1;
    return;
  }
  const again = seen?.suppressed ? ` (and ${seen.suppressed} more like it)` : '';
  lastPrinted.set(key, { at: now, suppressed: 0 });
  process.stderr.write(`[app ${level}] ${message}${again}\n`);
}

export const benchLogger: LoggerService = {
  log: () => undefined,
  debug: () => undefined,
  verbose: () => undefined,
  warn: (message: unknown, context?: unknown) =>
    printOnce('warn', `${context ? `${String(context)}: ` : ''}${String(message)}`),
  error: (message: unknown, ...rest: unknown[]) =>
    printOnce(
      'error',
      [message, ...rest]
        .filter((part) => part !== undefined)
        .map(String)
        .join(' '),
    ),
  fatal: (message: unknown) => printOnce('fatal', String(message)),
};

export interface AlertsInfrastructure {
  config: AppConfig;
  infrastructure: Infrastructure;
  dataDir: string;
}

/** Configuration (server mode, real Redis, a private queue prefix) and the migrated database. */
export async function startAlertsInfrastructure(
  databaseUrl: string,
  env: Record<string, string>,
): Promise<AlertsInfrastructure> {
  const dataDir = mkdtempSync(join(tmpdir(), 'renkei-bench-'));
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: BENCH_REDIS_URL,
    QUEUE_PREFIX: `benchalerts${randomBytes(4).toString('hex')}`,
    MIGRATIONS_RUN: 'true',
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    SEED_DEMO: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    PUBLIC_URL: 'http://renkei.bench',
    // pino writes to stdout, which carries the JSON: silent; Nest warnings go to stderr (benchLogger).
    LOG_LEVEL: 'silent',
    WEBHOOK_ALLOWED_NETWORKS: 'loopback',
    ...env,
  });
  const infrastructure = await startInfrastructure(config);
  return { config, infrastructure, dataDir };
}

export interface RunningApi {
  url: string;
  app: NestExpressApplication;
  close(): Promise<void>;
}

export async function startApi(infrastructure: Infrastructure): Promise<RunningApi> {
  const app = await createApiApp(infrastructure);
  app.useLogger(benchLogger);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    app,
    close: () => app.close(),
  };
}

export interface RunningWorker {
  context: INestApplicationContext;
  /** wall clock (ms) when init() returned: the processors and the relay are running */
  readyAt: number;
  close(): Promise<void>;
}

/** The worker as `npm run start:worker` builds it (with the event bridge of server mode). */
export async function startWorker(infrastructure: Infrastructure): Promise<RunningWorker> {
  @Module({
    imports: [
      CoreModule.forRoot(infrastructure),
      LoggerModule.forRoot(loggerOptions(infrastructure.config)),
      WorkerModule,
    ],
  })
  class BenchWorkerModule {}
  const context = await NestFactory.createApplicationContext(BenchWorkerModule, { logger: benchLogger });
  context.useLogger(benchLogger);
  await context.init();
  const readyAt = performance.timeOrigin + performance.now();
  const stopBridge = publishDomainEvents(infrastructure.dataSource, context.get(DomainEvents));
  return {
    context,
    readyAt,
    async close() {
      stopBridge();
      await context.close();
    },
  };
}

// ---- the alerting directory and policies ----

export interface AlertingSeed {
  /** components whose RESPONSIBLE organisation has the benchmark's webhook contacts */
  componentIds: string[];
  /** receiver path → signing secret, for verification */
  secrets: Record<string, string>;
  contactsPerKind: number;
  organisations: number;
}

/**
 * Webhook-only contacts for every organisation that is RESPONSIBLE for a component (the promotion
 * body excepted): `contactsPerKind` incident windows and as many emergency contacts, each with its
 * own URL on the receiver and its own sealed signing secret.
 */
export async function seedWebhookContacts(
  infrastructure: Infrastructure,
  options: {
    components: { id: string; organisationId: string }[];
    excludeOrganisationId: string;
    contactsPerKind: number;
    url: (path: string) => string;
  },
): Promise<AlertingSeed> {
  const box = new SecretBox(infrastructure.config.encryptionKey);
  const components = options.components.filter((c) => c.organisationId !== options.excludeOrganisationId);
  const organisationIds = [...new Set(components.map((c) => c.organisationId))];
  const secrets: Record<string, string> = {};
  const contacts: Partial<ContactEntity>[] = [];
  organisationIds.forEach((organisationId, o) => {
    for (const kind of [ContactKind.INCIDENT_WINDOW, ContactKind.EMERGENCY]) {
      for (let k = 0; k < options.contactsPerKind; k += 1) {
        const path = `/hooks/${o}/${kind.toLowerCase()}/${k}`;
        const secret = `whsec_${randomBytes(32).toString('base64')}`;
        secrets[path] = secret;
        contacts.push({
          organisationId,
          type: ContactType.FUNCTION,
          kind,
          name: `Bench ${kind.toLowerCase()} ${o}-${k}`,
          email: null,
          webhookUrl: options.url(path),
          webhookSecretSealed: box.encrypt(secret),
          channelOrder: ['WEBHOOK'],
          locale: 'ja',
          lastVerifiedAt: new Date(),
          notes: '',
        });
      }
    }
  });
  await infrastructure.dataSource.getRepository(ContactEntity).insert(contacts as ContactEntity[]);
  return {
    componentIds: components.map((c) => c.id),
    secrets,
    contactsPerKind: options.contactsPerKind,
    organisations: organisationIds.length,
  };
}

const responsible = (kind: ContactKind) => ({
  kind: 'DUTY',
  duties: ['RESPONSIBLE'],
  contactKinds: [kind],
  acknowledgementRequired: true,
});

/**
 * Two city policies, more specific than the defaults the migrations install:
 * - SEV3: one step (the responsible organisation's incident windows), the next action a day later —
 *   the throughput and latency phases send exactly one delivery per contact;
 * - SEV1: the incident windows, then after `escalateAfterSeconds` the emergency contacts.
 * No reminders, no repeats.
 */
export function benchPolicies(escalateAfterSeconds: number): Record<string, unknown>[] {
  return [
    {
      name: 'Bench: one step (SEV3)',
      severities: ['SEV3'],
      steps: [{ escalateAfterSeconds: 86_400, targets: [responsible(ContactKind.INCIDENT_WINDOW)] }],
    },
    {
      name: `Bench: two steps, ${escalateAfterSeconds} s apart (SEV1)`,
      severities: ['SEV1'],
      steps: [
        { escalateAfterSeconds, targets: [responsible(ContactKind.INCIDENT_WINDOW)] },
        { escalateAfterSeconds: 86_400, targets: [responsible(ContactKind.EMERGENCY)] },
      ],
    },
  ];
}
