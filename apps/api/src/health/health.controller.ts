import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@renkei/core/auth/permissions';
import { QueueFactory } from '@renkei/core/queue/queue-factory';

async function check(
  probe: () => Promise<unknown>,
  timeoutMs = 2000,
): Promise<{ status: 'up' | 'down'; error?: string }> {
  try {
    await Promise.race([
      probe(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  }
}

@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly queues: QueueFactory,
  ) {}

  /** The process is alive. */
  @Get('live')
  @Public()
  live() {
    return { status: 'ok' };
  }

  /** The process can serve: the database and the queue backend answer. */
  @Get('ready')
  @Public()
  async ready(@Res() response: Response) {
    const [database, queue] = await Promise.all([
      check(() => this.dataSource.query('SELECT 1')),
      check(() => this.queues.ping()),
    ]);
    const ok = database.status === 'up' && queue.status === 'up';
    response.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      status: ok ? 'ok' : 'unavailable',
      checks: { database, queue: { ...queue, backend: this.queues.backend } },
    });
  }
}
