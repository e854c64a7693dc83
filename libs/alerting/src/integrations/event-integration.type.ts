import { Field, ID, ObjectType } from '@nestjs/graphql';
import { IncidentCategory, Tlp } from '@renkei/incidents/incidents.enums';
import { EventIntegrationEntity } from '../entities/event-integration.entity';

@ObjectType({
  description:
    'A PagerDuty-compatible routing key: events sent with it (Events API v2) report as its API key, against its component.',
})
export class EventIntegration {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ID, { description: 'The API key the events act as.' })
  apiKeyId: string;

  @Field(() => ID, { description: 'The component every triggered incident names.' })
  componentId: string;

  @Field(() => IncidentCategory)
  category: IncidentCategory;

  @Field(() => Tlp)
  tlp: Tlp;

  @Field({ description: 'The first characters of the routing key, to tell keys apart.' })
  routingKeyPrefix: string;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  lastEventAt: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;
}

@ObjectType()
export class EventIntegrationPayload {
  @Field(() => EventIntegration)
  integration: EventIntegration;

  @Field({
    description:
      'The routing key (32 hexadecimal characters) to configure in the sending tool. Shown once: only its SHA-256 is kept.',
  })
  routingKey: string;
}

export function toEventIntegration(entity: EventIntegrationEntity): EventIntegration {
  return {
    id: entity.id,
    name: entity.name,
    apiKeyId: entity.apiKeyId,
    componentId: entity.componentId,
    category: entity.category,
    tlp: entity.tlp,
    routingKeyPrefix: entity.routingKeyPrefix,
    createdAt: entity.createdAt,
    lastEventAt: entity.lastEventAt,
    revokedAt: entity.revokedAt,
  };
}
