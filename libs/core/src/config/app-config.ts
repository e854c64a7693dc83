import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The one place that reads the environment. Every setting is parsed and validated here, once, at
 * boot; a bad value stops the process with a message that names the variable.
 */
export type RunMode = 'embedded' | 'server';
export type NodeEnvironment = 'development' | 'production' | 'test';

export interface AppConfig {
  nodeEnv: NodeEnvironment;
  mode: RunMode;
  host: string;
  port: number;
  publicUrl: string;
  dataDir: string;
  /** null in embedded mode: the embedded PGlite server provides the URL at boot. */
  databaseUrl: string | null;
  databasePoolSize: number;
  /** null: queues use BullMQ's PostgreSQL backend on the application database. */
  redisUrl: string | null;
  /** Namespace of this deployment in Redis: queues and the socket.io adapter. */
  queuePrefix: string;
  /** Apply pending migrations at boot (default on outside production). */
  migrationsRun: boolean;
  /** Load the demo city when the database holds no organisation. */
  seedDemo: boolean;
  jwtSecret: Buffer;
  encryptionKey: Buffer;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  adminEmail: string | null;
  adminPassword: string | null;
  loginMaxFailures: number;
  loginWindowSeconds: number;
  graphqlIntrospection: boolean;
  graphqlSandbox: boolean;
  graphqlMaxDepth: number;
  graphqlMaxComplexity: number;
  maxPageSize: number;
  bodyLimit: string;
  contactStaleDays: number;
  logLevel: string;
  corsOrigins: string[];
  /** Express "trust proxy": which proxies' X-Forwarded-For to believe (client address for rate limits and audit). */
  trustProxy: string | number | boolean;
  /** Outgoing mail relay; null: the built-in mail catcher (messages kept in the database, read at /mailbox). */
  smtpUrl: string | null;
  mailFrom: string;
  /** Networks webhooks may reach besides the public internet: loopback, private, link-local and/or CIDRs. */
  webhookAllowedNetworks: string[];
  /** One delivery attempt (connect, send, response) ends after this long. */
  deliveryTimeoutMs: number;
  /** Attempts per channel before it counts as failed (the first try included). */
  deliveryMaxAttempts: number;
  /** Exponential backoff between attempts: base × 2^(attempt−1), with jitter, capped. */
  deliveryBackoffBaseMs: number;
  deliveryBackoffMaxMs: number;
  /** Deliveries processed at once per worker process. */
  deliveryConcurrency: number;
  /** How long an acknowledgement link stays valid. */
  ackTokenTtlSeconds: number;
  /** The outbox relay's fallback poll (it is woken at once on commit where it can be). */
  outboxPollMs: number;
  /** How often the worker looks for deliveries and escalation steps whose queue job went missing. */
  reconcileIntervalMs: number;
  /**
   * A worker's lock on a running job lasts this long (it is renewed while the worker lives), and the
   * stalled-job check runs this often: a crashed worker's jobs run again within two to three times this.
   */
  queueLockDurationMs: number;
  /** After a webhook secret rotates, the old secret keeps signing (beside the new one) this long. */
  webhookSecretRolloverSeconds: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration ${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function str(env: Env, name: string, fallback: string): string {
  const value = env[name];
  return value === undefined || value === '' ? fallback : value;
}

function optional(env: Env, name: string): string | null {
  const value = env[name];
  return value === undefined || value.trim() === '' ? null : value.trim();
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw.trim())) throw new ConfigError(name, `expected an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max)
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = optional(env, name);
  if (raw === null) return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, 'is not a valid URL');
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/**
 * A 32-byte secret: from the environment (base64 or hex), or — outside production — generated once
 * and kept in the data directory so tokens and encrypted secrets survive a restart.
 */
function secret(env: Env, name: string, nodeEnv: NodeEnvironment, dataDir: string): Buffer {
  const raw = optional(env, name);
  if (raw !== null) {
    const buffer = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
    if (buffer.length < 32)
      throw new ConfigError(name, 'must be at least 32 bytes (64 hex digits or base64)');
    return buffer;
  }
  if (nodeEnv === 'production') throw new ConfigError(name, 'is required in production');
  const file = join(dataDir, 'secrets', `${name.toLowerCase()}.key`);
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const generated = randomBytes(32);
  writeFileSync(file, generated.toString('base64'), { mode: 0o600 });
  return generated;
}

/** `loopback`, `private`, `link-local` or CIDRs (IPv4 or IPv6), comma-separated. */
function allowedNetworks(env: Env): string[] {
  const raw = optional(env, 'WEBHOOK_ALLOWED_NETWORKS');
  if (raw === null) return [];
  const parts = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const part of parts) {
    const named = ['loopback', 'private', 'link-local'].includes(part);
    const cidr = /^([0-9.]+\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/.test(part);
    if (!named && !cidr) {
      throw new ConfigError(
        'WEBHOOK_ALLOWED_NETWORKS',
        `"${part}" is not loopback, private, link-local or a CIDR such as 10.1.0.0/16`,
      );
    }
  }
  return parts;
}

function trustProxy(env: Env): string | number | boolean {
  const raw = str(env, 'TRUST_PROXY', 'loopback').trim();
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const parts = raw.split(',').map((part) => part.trim());
  const valid = (part: string) =>
    ['loopback', 'linklocal', 'uniquelocal'].includes(part) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(part);
  if (!parts.every(valid)) {
    throw new ConfigError(
      'TRUST_PROXY',
      'use true, false, a hop count, or addresses/CIDRs/loopback,linklocal,uniquelocal',
    );
  }
  return raw;
}

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnvRaw = str(env, 'NODE_ENV', 'development');
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', `must be development, production or test, got "${nodeEnvRaw}"`);
  }
  const nodeEnv = nodeEnvRaw as NodeEnvironment;
  const production = nodeEnv === 'production';
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const redisUrl = url(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const mode: RunMode = databaseUrl ? 'server' : 'embedded';
  if (production && mode === 'embedded') {
    throw new ConfigError('DATABASE_URL', 'is required in production (embedded storage is for trials)');
  }
  const dataDir = resolve(str(env, 'DATA_DIR', './data'));
  const host = str(env, 'HOST', mode === 'embedded' ? '127.0.0.1' : '0.0.0.0');
  const port = int(env, 'PORT', 3000, 0, 65535);
  const publicUrl = url(env, 'PUBLIC_URL', ['http:', 'https:']) ?? `http://localhost:${port}`;
  const logLevel = str(env, 'LOG_LEVEL', nodeEnv === 'test' ? 'warn' : 'info');
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError('LOG_LEVEL', `unknown level "${logLevel}"`);
  }
  const bodyLimit = str(env, 'BODY_LIMIT', '1mb');
  if (!/^\d+(kb|mb)$/i.test(bodyLimit))
    throw new ConfigError('BODY_LIMIT', 'expected a size such as 512kb or 1mb');
  const adminEmail = optional(env, 'ADMIN_EMAIL');
  if (adminEmail !== null && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError('ADMIN_EMAIL', 'is not an email address');
  }
  const adminPassword = optional(env, 'ADMIN_PASSWORD');
  if (adminPassword !== null && adminPassword.length < 12) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be at least 12 characters');
  }
  const queuePrefix = str(env, 'QUEUE_PREFIX', 'renkei');
  if (!/^[a-z][a-z0-9_-]{0,40}$/.test(queuePrefix))
    throw new ConfigError('QUEUE_PREFIX', 'use lower-case letters, digits, - and _');

  const mailFrom = str(env, 'MAIL_FROM', 'Renkei <renkei@localhost>');
  if (!/^([^<>]*<)?[^@\s<>]+@[^@\s<>]+>?$/.test(mailFrom.trim()))
    throw new ConfigError('MAIL_FROM', 'expected an address such as "Renkei <renkei@example.jp>"');

  return {
    nodeEnv,
    mode,
    host,
    port,
    publicUrl: publicUrl.replace(/\/$/, ''),
    dataDir,
    databaseUrl,
    databasePoolSize: int(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    redisUrl,
    queuePrefix,
    migrationsRun: bool(env, 'MIGRATIONS_RUN', !production),
    seedDemo: bool(env, 'SEED_DEMO', mode === 'embedded'),
    jwtSecret: secret(env, 'JWT_SECRET', nodeEnv, dataDir),
    encryptionKey: secret(env, 'ENCRYPTION_KEY', nodeEnv, dataDir),
    accessTokenTtlSeconds: int(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86400),
    refreshTokenTtlSeconds: int(env, 'REFRESH_TOKEN_TTL_SECONDS', 8 * 3600, 60, 30 * 86400),
    adminEmail,
    adminPassword,
    loginMaxFailures: int(env, 'LOGIN_MAX_FAILURES', 5, 1, 1000),
    loginWindowSeconds: int(env, 'LOGIN_WINDOW_SECONDS', 900, 1, 86400),
    graphqlIntrospection: bool(env, 'GRAPHQL_INTROSPECTION', !production),
    graphqlSandbox: bool(env, 'GRAPHQL_SANDBOX', !production),
    graphqlMaxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 50),
    graphqlMaxComplexity: int(env, 'GRAPHQL_MAX_COMPLEXITY', 5000, 10, 1_000_000),
    maxPageSize: int(env, 'MAX_PAGE_SIZE', 100, 1, 1000),
    bodyLimit,
    contactStaleDays: int(env, 'CONTACT_STALE_DAYS', 180, 1, 3650),
    logLevel,
    trustProxy: trustProxy(env),
    corsOrigins: (optional(env, 'CORS_ORIGINS') ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    smtpUrl: url(env, 'SMTP_URL', ['smtp:', 'smtps:']),
    mailFrom,
    webhookAllowedNetworks: allowedNetworks(env),
    deliveryTimeoutMs: int(env, 'DELIVERY_TIMEOUT_MS', 5000, 100, 60_000),
    deliveryMaxAttempts: int(env, 'DELIVERY_MAX_ATTEMPTS', 11, 1, 50),
    deliveryBackoffBaseMs: int(env, 'DELIVERY_BACKOFF_BASE_MS', 4000, 1, 3_600_000),
    deliveryBackoffMaxMs: int(env, 'DELIVERY_BACKOFF_MAX_MS', 1_800_000, 1, 86_400_000),
    deliveryConcurrency: int(env, 'DELIVERY_CONCURRENCY', mode === 'embedded' ? 4 : 50, 1, 1000),
    ackTokenTtlSeconds: int(env, 'ACK_TOKEN_TTL_SECONDS', 7 * 86400, 60, 90 * 86400),
    outboxPollMs: int(env, 'OUTBOX_POLL_MS', 1000, 10, 60_000),
    reconcileIntervalMs: int(env, 'RECONCILE_INTERVAL_MS', 30_000, 100, 3_600_000),
    queueLockDurationMs: int(env, 'QUEUE_LOCK_DURATION_MS', 30_000, 1000, 3_600_000),
    webhookSecretRolloverSeconds: int(env, 'WEBHOOK_SECRET_ROLLOVER_SECONDS', 86400, 0, 30 * 86400),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
