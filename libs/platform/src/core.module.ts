import { DynamicModule, Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '@renkei/core/config/app-config';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { QueueFactory } from '@renkei/core/queue/queue-factory';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { IncidentHooks } from '@renkei/core/events/incident-hooks';
import { Infrastructure } from './infrastructure';

/** Hands the already-started infrastructure (config, database, queues) to every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(infrastructure: Infrastructure): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: infrastructure.config },
        { provide: DataSource, useValue: infrastructure.dataSource },
        { provide: QueueFactory, useValue: infrastructure.queues },
        { provide: SecretBox, useValue: new SecretBox(infrastructure.config.encryptionKey) },
        DomainEvents,
        IncidentHooks,
      ],
      exports: [APP_CONFIG, DataSource, QueueFactory, SecretBox, DomainEvents, IncidentHooks],
    };
  }
}
