import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Connection } from '@renkei/core/pagination/connection';
import {
  AlertPurpose,
  AlertState,
  AttemptOutcome,
  DeliveryChannel,
  DeliveryState,
  EscalationState,
} from '../alerting.enums';
import { AlertEntity, BilingualText } from '../entities/alert.entity';
import { DeliveryAttemptEntity, DeliveryEntity } from '../entities/delivery.entity';
import { AcknowledgementVia, EngagementEntity } from '../entities/engagement.entity';
import { EscalationEntity } from '../entities/escalation.entity';
import { registerEnumType } from '@nestjs/graphql';

registerEnumType(AcknowledgementVia, { name: 'AcknowledgementVia' });

@ObjectType()
export class Bilingual {
  @Field()
  ja: string;

  @Field()
  en: string;
}

@ObjectType()
export class DeliveryAttempt {
  @Field(() => Int)
  attemptNumber: number;

  @Field()
  startedAt: Date;

  @Field(() => Int)
  latencyMs: number;

  @Field(() => AttemptOutcome)
  outcome: AttemptOutcome;

  @Field(() => Int, { nullable: true })
  httpStatus: number | null;

  @Field(() => String, { nullable: true, description: "The SMTP server's reply." })
  smtpResponse: string | null;

  @Field(() => String, { nullable: true })
  error: string | null;
}

@ObjectType({ description: 'An alert on one channel; its id is the webhook-id a receiver sees.' })
export class Delivery {
  @Field(() => ID)
  id: string;

  @Field(() => DeliveryChannel)
  channel: DeliveryChannel;

  @Field(() => String, {
    nullable: true,
    description: 'Email address or URL; shown to the recipient organisation and the promotion body only.',
  })
  target: string | null;

  @Field(() => DeliveryState)
  state: DeliveryState;

  @Field(() => Int)
  attemptCount: number;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;

  @Field(() => [DeliveryAttempt])
  attempts: DeliveryAttempt[];
}

@ObjectType({
  description: 'One recipient told about an incident for one reason (a step, a reminder, an update).',
})
export class Alert {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  incidentId: string;

  @Field(() => ID)
  organisationId: string;

  @Field(() => ID, { nullable: true, description: 'null once the contact was deleted.' })
  contactId: string | null;

  @Field()
  recipientName: string;

  @Field(() => AlertPurpose)
  purpose: AlertPurpose;

  @Field({ description: 'The webhook event type, e.g. incident.created.' })
  eventType: string;

  @Field(() => AlertState)
  state: AlertState;

  @Field(() => Int, { nullable: true, description: '1-based step of the escalation policy.' })
  step: number | null;

  @Field(() => Int, { nullable: true })
  stepCount: number | null;

  @Field(() => Int)
  round: number;

  @Field()
  acknowledgementRequired: boolean;

  @Field(() => [DeliveryChannel])
  channels: DeliveryChannel[];

  @Field(() => Bilingual, { nullable: true })
  reason: BilingualText | null;

  @Field(() => Bilingual, { nullable: true })
  change: BilingualText | null;

  @Field()
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;

  @Field(() => Date, { nullable: true })
  deliveredAt: Date | null;

  @Field(() => Date, { nullable: true })
  failedAt: Date | null;

  @Field(() => Date, { nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => Date, { nullable: true })
  cancelledAt: Date | null;

  @Field(() => String, { nullable: true })
  acknowledgedBy: string | null;

  @Field(() => AcknowledgementVia, { nullable: true })
  acknowledgedVia: AcknowledgementVia | null;

  @Field(() => String, { nullable: true })
  lastError: string | null;
}

@ObjectType()
export class AlertConnection extends Connection(Alert, 'Alert') {}

@ObjectType({ description: 'An organisation alerted about an incident, and its acknowledgement.' })
export class Engagement {
  @Field(() => ID)
  organisationId: string;

  @Field()
  organisationNameJa: string;

  @Field()
  organisationNameEn: string;

  @Field()
  firstAlertedAt: Date;

  @Field()
  acknowledgementRequired: boolean;

  @Field(() => Date, { nullable: true, description: 'This round; cleared by a re-escalation.' })
  acknowledgedAt: Date | null;

  @Field(() => Date, { nullable: true })
  firstAcknowledgedAt: Date | null;

  @Field(() => String, { nullable: true })
  acknowledgedBy: string | null;

  @Field(() => AcknowledgementVia, { nullable: true })
  acknowledgedVia: AcknowledgementVia | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Seconds from the first alert to the first acknowledgement.',
  })
  timeToAcknowledgeSeconds: number | null;
}

@ObjectType({
  description: 'A chase running on an incident: its policy, where it stands, when it moves next.',
})
export class EscalationStatus {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  policyId: string | null;

  @Field()
  policyName: string;

  @Field({ description: '`city`, or the organisation whose own policy this is.' })
  scope: string;

  @Field(() => EscalationState)
  state: EscalationState;

  @Field(() => Int)
  round: number;

  @Field(() => Int)
  repeat: number;

  @Field(() => Int, { nullable: true, description: '1-based step that fires next (null at the end).' })
  nextStep: number | null;

  @Field(() => Date, { nullable: true })
  nextStepAt: Date | null;

  @Field()
  startedAt: Date;
}

export function toAlert(entity: AlertEntity): Alert {
  return {
    id: entity.id,
    incidentId: entity.incidentId,
    organisationId: entity.organisationId,
    contactId: entity.contactId,
    recipientName: entity.recipientName,
    purpose: entity.purpose,
    eventType: entity.eventType,
    state: entity.state,
    step: entity.stepIndex === null ? null : entity.stepIndex + 1,
    stepCount: entity.stepCount,
    round: entity.round,
    acknowledgementRequired: entity.acknowledgementRequired,
    channels: entity.channels,
    reason: entity.reason,
    change: entity.change,
    createdAt: entity.createdAt,
    sentAt: entity.sentAt,
    deliveredAt: entity.deliveredAt,
    failedAt: entity.failedAt,
    acknowledgedAt: entity.acknowledgedAt,
    cancelledAt: entity.cancelledAt,
    acknowledgedBy: entity.acknowledgedByName,
    acknowledgedVia: entity.acknowledgedVia,
    lastError: entity.lastError,
  };
}

export function toDelivery(
  entity: DeliveryEntity,
  attempts: DeliveryAttemptEntity[],
  showTarget: boolean,
): Delivery {
  return {
    id: entity.id,
    channel: entity.channel,
    target: showTarget ? entity.target : null,
    state: entity.state,
    attemptCount: entity.attempts,
    createdAt: entity.createdAt,
    completedAt: entity.completedAt,
    lastError: entity.lastError,
    attempts: attempts.map((a) => ({
      attemptNumber: a.attemptNumber,
      startedAt: a.startedAt,
      latencyMs: a.latencyMs,
      outcome: a.outcome,
      httpStatus: a.httpStatus,
      smtpResponse: a.smtpResponse,
      error: a.error,
    })),
  };
}

export function toEngagement(
  entity: EngagementEntity & { organisation?: { nameJa: string; nameEn: string } },
): Engagement {
  return {
    organisationId: entity.organisationId,
    organisationNameJa: entity.organisation?.nameJa ?? '',
    organisationNameEn: entity.organisation?.nameEn ?? '',
    firstAlertedAt: entity.firstAlertedAt,
    acknowledgementRequired: entity.acknowledgementRequired,
    acknowledgedAt: entity.acknowledgedAt,
    firstAcknowledgedAt: entity.firstAcknowledgedAt,
    acknowledgedBy: entity.acknowledgedByName,
    acknowledgedVia: entity.acknowledgedVia,
    timeToAcknowledgeSeconds: entity.firstAcknowledgedAt
      ? Math.round((entity.firstAcknowledgedAt.getTime() - entity.firstAlertedAt.getTime()) / 1000)
      : null,
  };
}

export function toEscalationStatus(entity: EscalationEntity): EscalationStatus {
  return {
    id: entity.id,
    policyId: entity.policyId,
    policyName: entity.policy.name,
    scope: entity.scope,
    state: entity.state,
    round: entity.round,
    repeat: entity.loop,
    nextStep: entity.nextStep >= 0 && entity.state === EscalationState.ACTIVE ? entity.nextStep + 1 : null,
    nextStepAt: entity.state === EscalationState.ACTIVE ? entity.nextStepAt : null,
    startedAt: entity.startedAt,
  };
}

@ObjectType()
export class AcknowledgementPayload {
  @Field(() => ID)
  incidentId: string;

  @Field()
  reference: string;

  @Field(() => ID)
  organisationId: string;

  @Field({ description: 'false: the organisation had already acknowledged; nothing changed.' })
  acknowledged: boolean;

  @Field()
  at: Date;

  @Field()
  by: string;
}
