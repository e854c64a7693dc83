import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { CreateEventIntegrationInput } from './create-event-integration.input';
import { EventIntegration, EventIntegrationPayload, toEventIntegration } from './event-integration.type';
import { EventIntegrationsService } from './event-integrations.service';

@Resolver(() => EventIntegration)
export class EventIntegrationsResolver {
  constructor(private readonly integrations: EventIntegrationsService) {}

  @Query(() => [EventIntegration], {
    description:
      'PagerDuty-compatible routing keys: all of them in the promotion body, else your organisation’s.',
  })
  @RequirePermission(Permission.API_KEY_MANAGE)
  async eventIntegrations(@CurrentActor() actor: Actor): Promise<EventIntegration[]> {
    return (await this.integrations.list(actor)).map(toEventIntegration);
  }

  @Mutation(() => EventIntegrationPayload, {
    description:
      'A routing key for PagerDuty Events API v2 senders (POST /v2/enqueue): events report as the API key, against the component. The key is shown once.',
  })
  @RequirePermission(Permission.API_KEY_MANAGE)
  async createEventIntegration(
    @CurrentActor() actor: Actor,
    @Args('input') input: CreateEventIntegrationInput,
  ): Promise<EventIntegrationPayload> {
    const { integration, routingKey } = await this.integrations.create(actor, input);
    return { integration: toEventIntegration(integration), routingKey };
  }

  @Mutation(() => EventIntegration, { description: 'Events with its routing key are refused from now on.' })
  @RequirePermission(Permission.API_KEY_MANAGE)
  async revokeEventIntegration(
    @CurrentActor() actor: Actor,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<EventIntegration> {
    return toEventIntegration(await this.integrations.revoke(actor, id));
  }
}
