import { DataSource, DataSourceOptions, EntitySchema, MixedList } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { AfterCommitSubscriber } from './after-commit';
import { SnakeNamingStrategy } from './snake-naming.strategy';

export interface DataSourceParts {
  entities: MixedList<Function | string | EntitySchema>;
  migrations: MixedList<Function | string>;
}

/** In embedded mode BullMQ's schema sits beside ours on the one shared session. */
export const EMBEDDED_SEARCH_PATH = 'public, bullmq';

export function buildDataSourceOptions(
  config: Pick<AppConfig, 'mode' | 'databasePoolSize' | 'nodeEnv'>,
  url: string,
  parts: DataSourceParts,
): DataSourceOptions {
  const embedded = config.mode === 'embedded';
  return {
    type: 'postgres',
    url,
    entities: parts.entities,
    migrations: parts.migrations,
    subscribers: [AfterCommitSubscriber],
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto', // gen_random_uuid() is built into PostgreSQL 13+
    installExtensions: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: false,
    poolSize: embedded ? 1 : config.databasePoolSize,
    extra: embedded
      ? { max: 1, idleTimeoutMillis: 0, application_name: 'renkei' }
      : {
          max: config.databasePoolSize,
          application_name: 'renkei',
          connectionTimeoutMillis: 10_000,
          // The visibility predicate makes the planner over-estimate; JIT compilation then costs more
          // than the short OLTP queries it would speed up.
          options: '-c jit=off',
        },
  };
}

export async function initialiseDataSource(
  options: DataSourceOptions,
  embedded: boolean,
): Promise<DataSource> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  if (embedded) {
    // pglite-socket ignores startup parameters, so set the shared session's search path once.
    await dataSource.query(`SET search_path TO ${EMBEDDED_SEARCH_PATH}`);
  }
  return dataSource;
}

/** The pg.Pool TypeORM built (its "master" replication node). */
export function poolOf(dataSource: DataSource): import('pg').Pool {
  return (dataSource.driver as unknown as { master: import('pg').Pool }).master;
}
