import 'reflect-metadata';
import { loadConfig } from '@renkei/core/config/app-config';
import { startInfrastructure } from '@renkei/platform/infrastructure';

/** `npm run migrate`: applies pending migrations (the explicit step production needs). */
async function main() {
  const config = loadConfig({ ...process.env, MIGRATIONS_RUN: 'true', SEED_DEMO: 'false' });
  const infrastructure = await startInfrastructure(config);
  const applied = (await infrastructure.dataSource.query(
    'SELECT name FROM schema_migrations ORDER BY id',
  )) as { name: string }[];
  console.log(
    `Database schema is current (${applied.length} migrations applied; last: ${applied.at(-1)?.name ?? 'none'}).`,
  );
  await infrastructure.close();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
