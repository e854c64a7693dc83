import { Args, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { IncidentMetrics, IncidentMetricsInput } from '../dto/incident-metrics.type';
import { IncidentMetricsService } from './incident-metrics.service';

@Resolver()
export class IncidentMetricsResolver {
  constructor(private readonly metrics: IncidentMetricsService) {}

  @Query(() => IncidentMetrics, {
    description:
      'Time to acknowledge, contain and resolve over the incidents you may see reported in [from, to): count, median, p90 and mean, overall and per severity, month and organisation.',
  })
  @RequirePermission(Permission.INCIDENT_READ)
  async incidentMetrics(
    @CurrentActor() actor: Actor,
    @Args('input') input: IncidentMetricsInput,
  ): Promise<IncidentMetrics> {
    return this.metrics.compute(actor, input.from, input.to);
  }
}
