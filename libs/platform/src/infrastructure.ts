import { DataSource } from 'typeorm';
import { AppConfig } from '@renkei/core/config/app-config';
import { buildDataSourceOptions, initialiseDataSource } from '@renkei/core/database/data-source';
import { EmbeddedPostgres } from '@renkei/core/database/embedded-postgres';
import { QueueFactory } from '@renkei/core/queue/queue-factory';
import { ALL_MIGRATIONS } from '../../../migrations';
import { ALL_ENTITIES } from './entities';

export class SchemaOutdatedError extends Error {
  constructor(pending: number) {
    super(
      `The database schema is older than this version of Renkei (${pending} migration(s) pending). ` +
        'Run `npm run migrate` first, or set MIGRATIONS_RUN=true.',
    );
    this.name = 'SchemaOutdatedError';
  }
}

/** What every process needs before Nest starts: the database (embedded or not), migrated, and the queues. */
export interface Infrastructure {
  config: AppConfig;
  dataSource: DataSource;
  queues: QueueFactory;
  databaseUrl: string;
  close(): Promise<void>;
}

export async function pendingMigrations(dataSource: DataSource): Promise<number> {
  const executed = new Set(
    (
      (await dataSource.query(`SELECT name FROM schema_migrations`).catch(() => [])) as { name: string }[]
    ).map((row) => row.name),
  );
  return dataSource.migrations.filter((migration) => !executed.has(migration.name as string)).length;
}

export async function startInfrastructure(config: AppConfig): Promise<Infrastructure> {
  let embedded: EmbeddedPostgres | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = new EmbeddedPostgres(config.dataDir);
    databaseUrl = await embedded.start();
  }
  let dataSource: DataSource | undefined;
  try {
    dataSource = await initialiseDataSource(
      buildDataSourceOptions(config, databaseUrl, { entities: ALL_ENTITIES, migrations: ALL_MIGRATIONS }),
      config.mode === 'embedded',
    );
    if (config.migrationsRun) {
      await dataSource.runMigrations({ transaction: 'each' });
    } else {
      const pending = await pendingMigrations(dataSource);
      if (pending > 0) throw new SchemaOutdatedError(pending);
    }
    const queues = new QueueFactory(config, dataSource, databaseUrl);
    await queues.prepare();
    const ds = dataSource;
    return {
      config,
      dataSource: ds,
      queues,
      databaseUrl,
      async close() {
        await queues.close();
        if (ds.isInitialized) await ds.destroy();
        await embedded?.stop();
      },
    };
  } catch (error) {
    if (dataSource?.isInitialized) await dataSource.destroy();
    await embedded?.stop();
    throw error;
  }
}
