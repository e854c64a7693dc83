import { registerEnumType } from '@nestjs/graphql';

/** The life of one alert (one recipient, one step). */
export enum AlertState {
  PENDING = 'PENDING', // written, not yet handed to a channel
  SENT = 'SENT', // accepted by the mail relay (email has no receipt)
  DELIVERED = 'DELIVERED', // the receiver answered 2xx (webhook)
  FAILED = 'FAILED', // every channel failed permanently: a dead letter
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  CANCELLED = 'CANCELLED', // no longer needed before it went out (acknowledged elsewhere, incident resolved)
}

/** Why an alert exists. */
export enum AlertPurpose {
  INITIAL = 'INITIAL', // first step of the escalation policy
  ESCALATION = 'ESCALATION', // a later step: nobody acknowledged in time
  REMINDER = 'REMINDER', // the same recipient again, still unacknowledged
  REESCALATION = 'REESCALATION', // acknowledged but unresolved for too long (SEV1 by default)
  UPDATE = 'UPDATE', // an engaged party hears of a change that matters
  RESOLVED = 'RESOLVED',
  ACKNOWLEDGED = 'ACKNOWLEDGED', // an organisation's machines hear that a human acknowledged
  NOTICE = 'NOTICE', // information, no acknowledgement: a webhook endpoint disabled, a statutory deadline near
}

export enum DeliveryChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}

export enum DeliveryState {
  PENDING = 'PENDING',
  RETRYING = 'RETRYING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}

export enum AttemptOutcome {
  SUCCESS = 'SUCCESS',
  RETRY = 'RETRY', // transient: tried again later
  PERMANENT_FAILURE = 'PERMANENT_FAILURE',
  GONE = 'GONE', // HTTP 410: the endpoint is disabled
}

export enum EscalationState {
  ACTIVE = 'ACTIVE',
  ACKNOWLEDGED = 'ACKNOWLEDGED', // every organisation it chases has acknowledged
  COMPLETED = 'COMPLETED', // steps and repeats exhausted
  STOPPED = 'STOPPED', // the incident was resolved or closed
  SUPERSEDED = 'SUPERSEDED', // a change (severity raised) selected another policy
}

/** How a policy step names its recipients. */
export enum TargetKind {
  /** Organisations holding one of `duties` on the affected components (the responsibility map). */
  DUTY = 'DUTY',
  /** Organisations with a guideline role, e.g. the promotion body (推進主体). */
  ROLE = 'ROLE',
  ORGANISATION = 'ORGANISATION',
  CONTACT = 'CONTACT',
}

/** Webhook event types (Standard Webhooks `type`). */
export const WebhookEventType = {
  INCIDENT_CREATED: 'incident.created',
  INCIDENT_UPDATED: 'incident.updated',
  INCIDENT_RESOLVED: 'incident.resolved',
  ALERT_CREATED: 'alert.created',
  ALERT_ACKNOWLEDGED: 'alert.acknowledged',
  ENDPOINT_DISABLED: 'endpoint.disabled',
  OBLIGATION_REMINDER: 'obligation.reminder',
  OBLIGATION_OVERDUE: 'obligation.overdue',
  OBLIGATION_ASSIGNED: 'obligation.assigned',
} as const;
export type WebhookEventType = (typeof WebhookEventType)[keyof typeof WebhookEventType];

for (const [name, value] of Object.entries({
  AlertState,
  AlertPurpose,
  DeliveryChannel,
  DeliveryState,
  AttemptOutcome,
  EscalationState,
  TargetKind,
})) {
  registerEnumType(value, { name });
}
