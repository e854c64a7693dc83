import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import type { GraphqlContext } from '@renkei/core/graphql/graphql-context';
import { groupByKeys } from '@renkei/core/graphql/request-loaders';
import { PageInput } from '@renkei/core/pagination/connection';
import { Incident } from '@renkei/incidents/dto/incident.type';
import { IncidentsService } from '@renkei/incidents/incidents.service';
import { AcknowledgementService } from './acknowledgement.service';
import { AlertsService } from './alerts.service';
import {
  AcknowledgementPayload,
  Alert,
  AlertConnection,
  Delivery,
  Engagement,
  EscalationStatus,
  toAlert,
  toDelivery,
  toEngagement,
  toEscalationStatus,
} from './dto/alert.type';
import { EscalationPolicy, EscalationPolicyInput, toPolicy } from './dto/policy.type';
import { PoliciesService } from './policies.service';

/** Alerts on the incident, acknowledgement, dead letters and escalation policies. */
@Resolver(() => Incident)
export class IncidentAlertsResolver {
  constructor(private readonly service: AlertsService) {}

  @ResolveField(() => [Alert], {
    description:
      'Everyone alerted about this incident, with every delivery attempt. Outside the promotion body, your own organisation’s alerts only.',
  })
  async alerts(
    @Parent() incident: Incident,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<Alert[]> {
    const loader = context.loaders.get<string, Alert[]>('incident.alerts', async (ids) =>
      groupByKeys(ids, await this.service.alertsOf(actor, ids), (row) => row.incidentId).map((rows) =>
        rows.map(toAlert),
      ),
    );
    return loader.load(incident.id);
  }

  @ResolveField(() => [Engagement], {
    description: 'The organisations alerted, when, and when (and by whom) each acknowledged.',
  })
  async engagements(@Parent() incident: Incident, @Context() context: GraphqlContext): Promise<Engagement[]> {
    const loader = context.loaders.get<string, Engagement[]>('incident.engagements', async (ids) =>
      groupByKeys(ids, await this.service.engagementsOf(ids), (row) => row.incidentId).map((rows) =>
        rows.map(toEngagement),
      ),
    );
    return loader.load(incident.id);
  }

  @ResolveField(() => [EscalationStatus], {
    description:
      'The chases running on this incident. Outside the promotion body, the city’s and your own organisation’s only.',
  })
  async escalations(
    @Parent() incident: Incident,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<EscalationStatus[]> {
    const loader = context.loaders.get<string, EscalationStatus[]>('incident.escalations', async (ids) =>
      groupByKeys(ids, await this.service.escalationsOf(actor, ids), (row) => row.incidentId).map((rows) =>
        rows.map(toEscalationStatus),
      ),
    );
    return loader.load(incident.id);
  }
}

@Resolver(() => Alert)
export class AlertResolver {
  constructor(
    private readonly alerts: AlertsService,
    private readonly acknowledgements: AcknowledgementService,
    private readonly incidents: IncidentsService,
    private readonly policies: PoliciesService,
  ) {}

  @ResolveField(() => [Delivery])
  async deliveries(
    @Parent() alert: Alert,
    @CurrentActor() actor: Actor,
    @Context() context: GraphqlContext,
  ): Promise<Delivery[]> {
    const loader = context.loaders.get<string, Delivery[]>('alert.deliveries', async (ids) => {
      const { deliveries, attempts } = await this.alerts.deliveriesOf(ids);
      const attemptsBy = new Map<string, typeof attempts>();
      for (const attempt of attempts)
        attemptsBy.set(attempt.deliveryId, [...(attemptsBy.get(attempt.deliveryId) ?? []), attempt]);
      return groupByKeys(ids, deliveries, (row) => row.alertId).map((rows) =>
        rows.map((row) => toDelivery(row, attemptsBy.get(row.id) ?? [], true)),
      );
    });
    const showTarget = isCityWide(actor) || alert.organisationId === actor.organisationId;
    return (await loader.load(alert.id)).map((delivery) => ({
      ...delivery,
      target: showTarget ? delivery.target : null,
    }));
  }

  @Mutation(() => AcknowledgementPayload, {
    description:
      'Acknowledges the incident for your organisation: its escalation stops. Idempotent (acknowledged: false when it already was).',
  })
  @RequirePermission(Permission.ALERT_ACKNOWLEDGE)
  async acknowledgeIncident(
    @CurrentActor() actor: Actor,
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('note', { type: () => String, nullable: true }) note?: string,
  ): Promise<AcknowledgementPayload> {
    await this.incidents.findVisible(actor, incidentId);
    return this.acknowledgements.acknowledgeAsUser(actor, incidentId, note);
  }

  @Query(() => AlertConnection, {
    description: 'Alerts that failed on every channel (dead letters), newest first.',
  })
  @RequirePermission(Permission.ALERT_OPERATE)
  async deadLetters(@Args('page', { nullable: true }) page?: PageInput): Promise<AlertConnection> {
    const { rows, hasNextPage, total } = await this.alerts.deadLetters(page);
    const edges = rows.map((row) => ({ cursor: AlertsService.deadLetterCursor(row), node: toAlert(row) }));
    return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null }, totalCount: total };
  }

  @Mutation(() => Alert, {
    description: 'Sends a dead letter again, from the contact’s first channel as it is now.',
  })
  @RequirePermission(Permission.ALERT_OPERATE)
  async redriveAlert(@Args('alertId', { type: () => ID }) alertId: string): Promise<Alert> {
    return toAlert(await this.alerts.redrive(alertId));
  }

  @Query(() => [EscalationPolicy], {
    description: 'The city’s escalation policies and (outside the promotion body) your organisation’s own.',
  })
  @RequirePermission(Permission.INCIDENT_READ)
  async escalationPolicies(@CurrentActor() actor: Actor): Promise<EscalationPolicy[]> {
    return (await this.policies.list(actor)).map(toPolicy);
  }

  @Mutation(() => EscalationPolicy)
  @RequirePermission(Permission.ESCALATION_POLICY_MANAGE)
  async createEscalationPolicy(@Args('input') input: EscalationPolicyInput): Promise<EscalationPolicy> {
    return toPolicy(await this.policies.create(input));
  }

  @Mutation(() => EscalationPolicy, {
    description: 'Running escalations keep the version they started with.',
  })
  @RequirePermission(Permission.ESCALATION_POLICY_MANAGE)
  async updateEscalationPolicy(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: EscalationPolicyInput,
  ): Promise<EscalationPolicy> {
    return toPolicy(await this.policies.update(id, input));
  }

  @Mutation(() => Boolean)
  @RequirePermission(Permission.ESCALATION_POLICY_MANAGE)
  async deleteEscalationPolicy(@Args('id', { type: () => ID }) id: string): Promise<boolean> {
    return this.policies.delete(id);
  }
}
