import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import { poolOf } from './data-source';

/**
 * Runs a hot, fixed statement as a named prepared statement: PostgreSQL parses and plans it once per
 * connection instead of on every call (the large CTE statements of reporting and alerting spent more
 * time planning than executing). Inside a transaction it uses the transaction's connection. `name`
 * must be unique to `text`. Returns the rows.
 */
export async function preparedQuery<T = Record<string, unknown>>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (runner && !runner.isReleased && runner.isTransactionActive) {
    const client = (await runner.connect()) as PoolClient;
    return (await client.query({ name, text, values })).rows as T[];
  }
  return (await poolOf(manager.connection).query({ name, text, values })).rows as T[];
}
