import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger, LoggerModule } from 'nestjs-pino';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { CoreModule } from '@renkei/platform/core.module';
import { publishDomainEvents } from '@renkei/platform/event-bridge';
import { startInfrastructure } from '@renkei/platform/infrastructure';
import { loggerOptions } from '@renkei/platform/logging';
import { closeOnSignals, loadConfigOrExit } from '@renkei/platform/process';
import { WorkerModule } from './worker.module';

/** `npm run start:worker`: the queue processors alone (production runs API and workers separately). */
async function main() {
  const config = loadConfigOrExit();
  const infrastructure = await startInfrastructure(config);
  @Module({
    imports: [CoreModule.forRoot(infrastructure), LoggerModule.forRoot(loggerOptions(config)), WorkerModule],
  })
  class WorkerAppModule {}
  const app = await NestFactory.createApplicationContext(WorkerAppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.init();
  // The API processes' sockets hear of alert deliveries and escalations through the database.
  const stopBridge =
    config.mode === 'server'
      ? publishDomainEvents(infrastructure.dataSource, app.get(DomainEvents))
      : () => undefined;
  console.log(`Renkei worker running (queues on ${infrastructure.queues.backend})`);
  closeOnSignals(
    async () => stopBridge(),
    () => app.close(),
    () => infrastructure.close(),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
