import { DataSource } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { AppConfig } from '@renkei/core/config/app-config';
import { seedDemoCity } from '@renkei/demo/demo-city';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { hashPassword } from '@renkei/identity/auth/password';
import { UsersService } from '@renkei/identity/users.service';
import { ensureStatutoryRules } from '@renkei/obligations/statutory-rules';

export interface StartupReport {
  demo: Awaited<ReturnType<typeof seedDemoCity>> | null;
  admin: { email: string; generatedPassword: string | null } | null;
}

/** On an empty database: the demo city (when enabled); the statutory reporting rules; the first administrator. */
export async function prepareData(
  dataSource: DataSource,
  config: AppConfig,
  users: UsersService,
  audit: AuditService,
): Promise<StartupReport> {
  let demo: StartupReport['demo'] = null;
  if (config.seedDemo && (await dataSource.getRepository(OrganisationEntity).count()) === 0) {
    demo = await seedDemoCity(dataSource, { passwordHash: hashPassword });
    await dataSource.transaction((manager) =>
      audit.record(manager, {
        action: 'demo.seeded',
        entityType: 'city',
        actor: null,
        data: {
          organisations: demo?.organisations,
          components: demo?.components,
          incidents: demo?.incidents,
        },
      }),
    );
  }
  // Every installation reports personal-data breaches (APPI Art. 26): after the demo, which brings its own PPC.
  await dataSource.transaction(async (manager) => {
    const seeded = await ensureStatutoryRules(manager);
    if (seeded.created) {
      await audit.record(manager, {
        action: 'reporting_rule.seeded',
        entityType: 'reporting_rule',
        entityId: seeded.ruleId,
        actor: null,
        data: { key: 'APPI_ART26' },
      });
    }
  });
  const admin = await users.ensureFirstAdmin(config.adminEmail, config.adminPassword);
  return { demo, admin };
}

export function banner(config: AppConfig, url: string, report: StartupReport, mode: string): string {
  const lines = [
    '',
    `  Renkei (連携) is running — ${mode}, ${config.mode === 'embedded' ? `embedded storage in ${config.dataDir}` : 'PostgreSQL'}`,
    '',
    `  GraphQL API      ${url}/graphql${config.graphqlSandbox ? '   (open it in a browser for the sandbox)' : ''}`,
    `  Live updates     ${url}  (socket.io, path /socket.io, auth: { token })`,
    `  Health           ${url}/health/ready`,
    `  Metrics          ${url}/metrics`,
    '',
  ];
  if (report.admin) {
    lines.push(`  Administrator    ${report.admin.email}`);
    if (report.admin.generatedPassword) {
      lines.push(
        `  Password         ${report.admin.generatedPassword}   (generated now and shown once: store it)`,
      );
    } else {
      lines.push('  Password         from ADMIN_PASSWORD');
    }
    lines.push('');
  }
  if (report.demo) {
    lines.push(
      `  Demo city loaded: ${report.demo.organisations} organisations, ${report.demo.components} components, ${report.demo.incidents} incidents.`,
    );
    lines.push(`  Demo users (password "${report.demo.password}"):`);
    for (const user of report.demo.users)
      lines.push(`    ${user.role.padEnd(12)} ${user.email}  (${user.organisation})`);
    lines.push('');
  }
  lines.push(
    '  Log in:  mutation { login(input: { email: "…", password: "…" }) { accessToken } }',
    '           then send  Authorization: Bearer <accessToken>',
    '',
  );
  return lines.join('\n');
}
