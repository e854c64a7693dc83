import { Controller, Header, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Public } from '@renkei/core/auth/permissions';
import { DomainError } from '@renkei/core/errors/domain.errors';
import { JsonErrorFilter } from '@renkei/core/errors/http-error.filter';
import { MAX_EVENT_BYTES, invalidEvent } from './pagerduty-event';
import { EventAccepted, PagerDutyEventsService } from './pagerduty-events.service';
import type { InvalidEvent } from './pagerduty-event';

/**
 * PagerDuty's Events API v2 endpoint, at PagerDuty's own path (so a tool only needs its base URL
 * changed) and under /integrations. The routing key in the body is the credential: the route is
 * public, answers like PagerDuty (202 success, 400 invalid event) and changes nothing when it refuses.
 */
@Controller()
@Public()
@UseFilters(JsonErrorFilter)
export class PagerDutyController {
  constructor(private readonly events: PagerDutyEventsService) {}

  @Post(['v2/enqueue', 'integrations/pagerduty/v2/enqueue'])
  @HttpCode(202)
  @Header('cache-control', 'no-store')
  async enqueue(
    @Req() request: Request & { rawBody?: Buffer },
    @Res({ passthrough: true }) response: Response,
  ): Promise<EventAccepted | InvalidEvent> {
    if ((request.rawBody?.length ?? 0) > MAX_EVENT_BYTES) {
      response.status(400);
      return invalidEvent([`The event is larger than ${MAX_EVENT_BYTES / 1024} KB`]);
    }
    try {
      const result = await this.events.handle(request.body);
      if (result.status !== 'success') response.status(400);
      return result;
    } catch (error) {
      // The register refused it (a component no longer reportable, an incident the key may not see):
      // retrying will not help, so it is an invalid event, not a server error.
      if (error instanceof DomainError) {
        response.status(400);
        return invalidEvent([error.message], 'Event could not be processed');
      }
      throw error;
    }
  }
}
