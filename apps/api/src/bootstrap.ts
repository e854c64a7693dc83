import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { subscribeDomainEvents } from '@renkei/platform/event-bridge';
import { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { NextFunction, Request, Response } from 'express';
import IORedis from 'ioredis';
import { Logger } from 'nestjs-pino';
import type { ServerOptions } from 'socket.io';
import { RequestContextStore } from '@renkei/core/context/request-context';
import { Infrastructure } from '@renkei/platform/infrastructure';
import { requestIdOf } from '@renkei/platform/logging';
import { ApiModule } from './api.module';
import { Metrics } from './metrics/metrics';
import type { DynamicModule } from '@nestjs/common';

/** socket.io across API instances: the Redis adapter when REDIS_URL is set. */
class RedisIoAdapter extends IoAdapter {
  private clients: IORedis[] = [];

  constructor(
    app: INestApplication,
    private readonly redisUrl: string,
    /** Deployments sharing a Redis must not hear each other's broadcasts. */
    private readonly keyPrefix: string,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const server = super.createIOServer(port, options);
    const publisher = new IORedis(this.redisUrl, { maxRetriesPerRequest: null });
    const subscriber = publisher.duplicate();
    publisher.on('error', () => undefined);
    subscriber.on('error', () => undefined);
    this.clients = [publisher, subscriber];
    server.adapter(createAdapter(publisher, subscriber, { key: `${this.keyPrefix}:socket.io` }));
    return server;
  }

  override async dispose(): Promise<void> {
    this.clients.forEach((client) => client.disconnect());
  }
}

/** Builds the HTTP application (GraphQL, socket.io, health, metrics) on started infrastructure. */
export async function createApiApp(
  infrastructure: Infrastructure,
  extraModules: DynamicModule['imports'] = [],
): Promise<NestExpressApplication> {
  const { config } = infrastructure;
  const app = await NestFactory.create<NestExpressApplication>(
    ApiModule.forRoot(infrastructure, extraModules),
    {
      bodyParser: false,
      bufferLogs: true,
      // Signed machine replies are verified over the exact bytes received.
      rawBody: true,
    },
  );
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.useBodyParser('json', { limit: config.bodyLimit });
  // The acknowledgement page's form.
  app.useBodyParser('urlencoded', { limit: '16kb', extended: false });
  const metrics = app.get(Metrics);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const route = request.path.startsWith('/graphql')
        ? '/graphql'
        : request.path.split('/').slice(0, 3).join('/');
      metrics.httpDuration.observe(
        { method: request.method, route, status: String(response.statusCode) },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    });
    // Runs before the logger's middleware: assign the id here, the logger reuses it (see loggerOptions).
    const withId = request as Request & { id?: string };
    withId.id ??= requestIdOf(request);
    response.setHeader('X-Request-Id', withId.id);
    RequestContextStore.run({ requestId: withId.id }, next);
  });
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, credentials: false });
  if (config.redisUrl) app.useWebSocketAdapter(new RedisIoAdapter(app, config.redisUrl, config.queuePrefix));
  if (config.mode === 'server') {
    // Alert and escalation news from separate worker processes reach this instance's sockets.
    const stopBridge = subscribeDomainEvents(infrastructure.dataSource, app.get(DomainEvents));
    const close = app.close.bind(app);
    app.close = async () => {
      await stopBridge();
      return close();
    };
  }
  return app;
}
