import 'reflect-metadata';
import { AuditService } from '@renkei/audit/audit.service';
import { loadConfig } from '@renkei/core/config/app-config';
import { seedDemoCity } from '@renkei/demo/demo-city';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { hashPassword } from '@renkei/identity/auth/password';
import { startInfrastructure } from '@renkei/platform/infrastructure';

/** `npm run seed:demo`: loads the demo city into an empty database (refuses to mix it into real data). */
async function main() {
  const config = loadConfig();
  const infrastructure = await startInfrastructure(config);
  try {
    const { dataSource } = infrastructure;
    if ((await dataSource.getRepository(OrganisationEntity).count()) > 0) {
      console.error(
        'The database already has organisations; the demo city is loaded only into an empty one.',
      );
      process.exitCode = 1;
      return;
    }
    const summary = await seedDemoCity(dataSource, { passwordHash: hashPassword });
    await dataSource.transaction((manager) =>
      new AuditService(dataSource).record(manager, {
        action: 'demo.seeded',
        entityType: 'city',
        actor: null,
        data: { ...summary, users: summary.users.length },
      }),
    );
    console.log(
      `Demo city loaded: ${summary.organisations} organisations, ${summary.contacts} contacts, ${summary.components} components, ${summary.assignments} assignments, ${summary.incidents} incidents.`,
    );
    console.log(`Demo users (password "${summary.password}"):`);
    for (const user of summary.users) console.log(`  ${user.role.padEnd(12)} ${user.email}`);
  } finally {
    await infrastructure.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
