import 'reflect-metadata';
import { AuditService } from '@renkei/audit/audit.service';
import { UsersService } from '@renkei/identity/users.service';
import { startInfrastructure } from '@renkei/platform/infrastructure';
import { closeOnSignals, loadConfigOrExit } from '@renkei/platform/process';
import type { DynamicModule } from '@nestjs/common';
import { createApiApp } from './bootstrap';
import { banner, prepareData } from './startup';

/** Starts the API (and, in one-process mode, the worker) and prints where it listens. */
export async function runApi(
  mode: 'api' | 'all',
  extraModules: (
    infra: Awaited<ReturnType<typeof startInfrastructure>>,
  ) => DynamicModule['imports'] = () => [],
) {
  const config = loadConfigOrExit();
  const infrastructure = await startInfrastructure(config);
  const app = await createApiApp(infrastructure, extraModules(infrastructure));
  const report = await prepareData(
    infrastructure.dataSource,
    config,
    app.get(UsersService),
    app.get(AuditService),
  );
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = config.port === 0 ? `http://localhost:${port}` : config.publicUrl;
  console.log(banner(config, url, report, mode === 'all' ? 'API and worker in one process' : 'API'));
  closeOnSignals(
    () => app.close(),
    () => infrastructure.close(),
  );
  return { app, infrastructure, url };
}

if (require.main === module) {
  runApi('api').catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
