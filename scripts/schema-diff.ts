import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { buildDataSourceOptions } from '@renkei/core/database/data-source';
import { ALL_ENTITIES } from '@renkei/platform/entities';
import { ALL_MIGRATIONS } from '../migrations';

export interface SchemaDiff {
  up: string[];
  down: string[];
}

/**
 * Applies every committed migration to a scratch database and asks TypeORM what the entities would
 * still change. Empty means migrations and entities agree (the drift check); otherwise the statements
 * are the body of the next migration.
 */
export async function schemaDiff(adminUrl: string): Promise<SchemaDiff> {
  const name = `renkei_diff_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dataSource = new DataSource(
    buildDataSourceOptions({ mode: 'server', databasePoolSize: 2, nodeEnv: 'test' }, url.toString(), {
      entities: ALL_ENTITIES,
      migrations: ALL_MIGRATIONS,
    }),
  );
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const log = await dataSource.driver.createSchemaBuilder().log();
    return {
      up: log.upQueries.map((query) => query.query),
      down: log.downQueries.map((query) => query.query).reverse(),
    };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
