import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@renkei/core/database/prepared-query';
import { AlertPurpose, AlertState, DeliveryChannel } from './alerting.enums';
import type { BilingualText } from './entities/alert.entity';
import { AlertJob, AlertQueue, enqueue, OUTBOX_CHANNEL, OutboxEntry, wakeRelay } from './outbox';
import type { Recipient } from './routing';

export interface PlannedAlert {
  recipient: Recipient;
  triggerKey: string;
  purpose: AlertPurpose;
  eventType: string;
  escalationId: string | null;
  stepIndex: number | null;
  stepCount: number | null;
  round: number;
  reason?: BilingualText | null;
  change?: BilingualText | null;
}

export interface WrittenAlert {
  id: string;
  contactId: string;
  organisationId: string;
  acknowledgementRequired: boolean;
  state: AlertState;
}

function firstTarget(recipient: Recipient): string | null {
  const channel = recipient.channels[0];
  if (channel === DeliveryChannel.EMAIL) return recipient.contact.email;
  if (channel === DeliveryChannel.WEBHOOK) return recipient.contact.webhookUrl;
  return null;
}

/**
 * Writes alerts in one statement, inside the caller's transaction: the alert rows (a replayed trigger
 * key is a no-op), the first channel's delivery, the outbox jobs that will send them (and the first
 * reminder), the organisations' engagement, and — for an organisation named by policy rather than the
 * map — its participation. A contact with no usable channel is recorded as a failed alert at once.
 */
export async function writeAlerts(
  manager: EntityManager,
  incidentId: string,
  planned: PlannedAlert[],
  reminderIntervalSeconds: number | null = null,
  /** Other jobs to write with the alerts (the next escalation step), in the same statement. */
  jobs: OutboxEntry[] = [],
): Promise<WrittenAlert[]> {
  if (planned.length === 0) {
    await enqueue(manager, jobs);
    return [];
  }
  const rows = (await preparedQuery(
    manager,
    'renkei_write_alerts',
    `WITH planned AS (
       SELECT * FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::uuid[],
                            $9::int[], $10::int[], $11::int[], $12::bool[], $13::text[], $14::text[], $15::jsonb[], $16::jsonb[])
         AS p(contact_id, organisation_id, recipient_name, trigger_key, purpose, event_type, escalation_id,
              step_index, step_count, round, ack, channels, target, reason, change)
     ), inserted AS (
       INSERT INTO alert (incident_id, organisation_id, contact_id, recipient_name, escalation_id, trigger_key, purpose,
                          event_type, step_index, step_count, round, acknowledgement_required, state, channels,
                          reason, change, failed_at, last_error)
       SELECT $1, organisation_id, contact_id, recipient_name, escalation_id, trigger_key, purpose, event_type,
              step_index, step_count, round, ack,
              CASE WHEN channels = '' THEN '${AlertState.FAILED}' ELSE '${AlertState.PENDING}' END,
              CASE WHEN channels = '' THEN '{}'::text[] ELSE string_to_array(channels, ',') END,
              reason, change,
              CASE WHEN channels = '' THEN now() END,
              CASE WHEN channels = '' THEN 'The contact has no usable channel (no email address, no enabled webhook)' END
         FROM planned
       ON CONFLICT (incident_id, contact_id, trigger_key) DO NOTHING
       RETURNING id, contact_id, organisation_id, trigger_key, acknowledgement_required, state, channels
     ), deliveries AS (
       INSERT INTO alert_delivery (alert_id, channel, target, state)
       SELECT i.id, i.channels[1], p.target, 'PENDING'
         FROM inserted i JOIN planned p ON p.contact_id = i.contact_id AND p.trigger_key = i.trigger_key
        WHERE i.state = '${AlertState.PENDING}'
       RETURNING id
     ), jobs AS (
       INSERT INTO outbox_message (topic, job_id, payload, available_at)
       SELECT '${AlertQueue.DELIVERIES}/${AlertJob.DELIVER}', 'deliver_' || d.id, jsonb_build_object('deliveryId', d.id), now()
         FROM deliveries d
       UNION ALL
       SELECT '${AlertQueue.ESCALATIONS}/${AlertJob.REMIND}', 'remind_' || i.id || '_1',
              jsonb_build_object('alertId', i.id, 'reminder', 1), now() + make_interval(secs => $17::int)
         FROM inserted i
        WHERE $17::int IS NOT NULL AND i.acknowledgement_required AND i.state = '${AlertState.PENDING}'
       UNION ALL
       SELECT t, j, p, a FROM unnest($18::text[], $19::text[], $20::jsonb[], $21::timestamptz[]) AS x(t, j, p, a)
     ), engaged AS (
       INSERT INTO alert_engagement (incident_id, organisation_id, first_alerted_at, acknowledgement_required)
       SELECT $1, organisation_id, now(), bool_or(acknowledgement_required) FROM inserted GROUP BY organisation_id
       ON CONFLICT (incident_id, organisation_id) DO UPDATE
         SET acknowledgement_required = alert_engagement.acknowledgement_required OR excluded.acknowledgement_required
     ), joined AS (
       INSERT INTO incident_participant (incident_id, organisation_id, duties, source)
       SELECT DISTINCT $1::uuid, organisation_id, '{}'::text[], 'ALERTED' FROM inserted
       ON CONFLICT DO NOTHING
     )
     SELECT i.id, i.contact_id, i.organisation_id, i.acknowledgement_required, i.state,
            pg_notify('${OUTBOX_CHANNEL}', '') AS notified
       FROM inserted i`,
    [
      incidentId,
      planned.map((p) => p.recipient.contact.id),
      planned.map((p) => p.recipient.organisationId),
      planned.map((p) => p.recipient.contact.name),
      planned.map((p) => p.triggerKey),
      planned.map((p) => p.purpose),
      planned.map((p) => p.eventType),
      planned.map((p) => p.escalationId),
      planned.map((p) => p.stepIndex),
      planned.map((p) => p.stepCount),
      planned.map((p) => p.round),
      planned.map((p) => p.recipient.acknowledgementRequired),
      planned.map((p) => p.recipient.channels.join(',')),
      planned.map((p) => firstTarget(p.recipient)),
      planned.map((p) => (p.reason ? JSON.stringify(p.reason) : null)),
      planned.map((p) => (p.change ? JSON.stringify(p.change) : null)),
      reminderIntervalSeconds,
      jobs.map((job) => `${job.queue}/${job.name}`),
      jobs.map((job) => job.jobId),
      jobs.map((job) => JSON.stringify(job.payload)),
      jobs.map((job) => job.availableAt ?? new Date()),
    ],
  )) as {
    id: string;
    contact_id: string;
    organisation_id: string;
    acknowledgement_required: boolean;
    state: AlertState;
  }[];
  if (rows.length || jobs.length) wakeRelay(manager);
  return rows.map((row) => ({
    id: row.id,
    contactId: row.contact_id,
    organisationId: row.organisation_id,
    acknowledgementRequired: row.acknowledgement_required,
    state: row.state,
  }));
}
