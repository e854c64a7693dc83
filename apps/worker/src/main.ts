import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@renkei/core/config/app-config';
import { CoreModule } from '@renkei/platform/core.module';
import { startInfrastructure } from '@renkei/platform/infrastructure';
import { loggerOptions } from '@renkei/platform/logging';
import { WorkerModule } from './worker.module';

/** `npm run start:worker`: the queue processors alone (production runs API and workers separately). */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  const infrastructure = await startInfrastructure(config);
  @Module({
    imports: [CoreModule.forRoot(infrastructure), LoggerModule.forRoot(loggerOptions(config)), WorkerModule],
  })
  class WorkerAppModule {}
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  console.log(`Renkei worker running (queues on ${infrastructure.queues.backend})`);
  const shutdown = async () => {
    await app.close();
    await infrastructure.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
