import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@renkei/core/database/prepared-query';
import type { DrillRouting } from '@renkei/incidents/entities/incident.entity';
import type { IncidentCategory, IncidentStatus, Severity, Tlp } from '@renkei/incidents/incidents.enums';
import type { AlertPurpose, AlertState, DeliveryChannel, DeliveryState } from '../alerting.enums';
import type { BilingualText } from '../entities/alert.entity';

/** Everything one delivery needs, read in one query when it is about to be sent. */
export interface DeliveryContext {
  deliveryId: string;
  channel: DeliveryChannel;
  target: string;
  deliveryState: DeliveryState;
  attempts: number;
  alert: {
    id: string;
    state: AlertState;
    purpose: AlertPurpose;
    eventType: string;
    acknowledgementRequired: boolean;
    stepIndex: number | null;
    stepCount: number | null;
    round: number;
    channels: DeliveryChannel[];
    channelIndex: number;
    reason: BilingualText | null;
    change: BilingualText | null;
    createdAt: Date;
    organisationId: string;
    recipientName: string;
  };
  contact: {
    id: string;
    name: string;
    email: string | null;
    webhookUrl: string | null;
    webhookSecretSealed: string | null;
    webhookPreviousSecretSealed: string | null;
    webhookPreviousSecretExpiresAt: Date | null;
    webhookDisabledAt: Date | null;
    locale: 'ja' | 'en';
  } | null;
  organisation: { id: string; nameJa: string; nameEn: string };
  incident: {
    id: string;
    reference: string;
    title: string;
    description: string;
    severity: Severity;
    status: IncidentStatus;
    tlp: Tlp;
    category: IncidentCategory;
    personalDataInvolved: boolean;
    reportedAt: Date;
    /** Set when the incident is a tabletop exercise's inject (see DrillRouting). */
    drill: DrillRouting | null;
    components: { id: string; nameJa: string; nameEn: string }[];
  };
}

/** The contexts of several deliveries in one statement, in the order of `deliveryIds` (null: gone). */
export async function loadDeliveryContexts(
  manager: EntityManager,
  deliveryIds: string[],
): Promise<(DeliveryContext | null)[]> {
  const rows = (await preparedQuery(
    manager,
    'renkei_delivery_contexts',
    `SELECT json_build_object(
       'deliveryId', d.id, 'channel', d.channel, 'target', d.target, 'deliveryState', d.state, 'attempts', d.attempts,
       'alert', json_build_object('id', a.id, 'state', a.state, 'purpose', a.purpose, 'eventType', a.event_type,
                  'acknowledgementRequired', a.acknowledgement_required, 'stepIndex', a.step_index,
                  'stepCount', a.step_count, 'round', a.round, 'channels', a.channels, 'channelIndex', a.channel_index,
                  'reason', a.reason, 'change', a.change, 'createdAt', a.created_at,
                  'organisationId', a.organisation_id, 'recipientName', a.recipient_name),
       'contact', CASE WHEN c.id IS NULL THEN NULL ELSE json_build_object('id', c.id, 'name', c.name, 'email', c.email,
                  'webhookUrl', c.webhook_url, 'webhookSecretSealed', c.webhook_secret_sealed,
                  'webhookPreviousSecretSealed', c.webhook_previous_secret_sealed,
                  'webhookPreviousSecretExpiresAt', c.webhook_previous_secret_expires_at,
                  'webhookDisabledAt', c.webhook_disabled_at, 'locale', c.locale) END,
       'organisation', json_build_object('id', o.id, 'nameJa', o.name_ja, 'nameEn', o.name_en),
       'incident', json_build_object('id', i.id, 'reference', i.reference, 'title', i.title,
                  'description', i.description, 'severity', i.severity, 'status', i.status, 'tlp', i.tlp,
                  'category', i.category, 'personalDataInvolved', i.personal_data_involved, 'reportedAt', i.reported_at, 'drill', i.drill,
                  'components', COALESCE((SELECT json_agg(json_build_object('id', co.id, 'nameJa', co.name_ja, 'nameEn', co.name_en) ORDER BY ic.added_at)
                                            FROM incident_component ic JOIN component co ON co.id = ic.component_id
                                           WHERE ic.incident_id = i.id), '[]'))
     ) AS context
       FROM alert_delivery d
       JOIN alert a ON a.id = d.alert_id
       JOIN incident i ON i.id = a.incident_id
       JOIN organisation o ON o.id = a.organisation_id
       LEFT JOIN contact c ON c.id = a.contact_id
      WHERE d.id = ANY($1::uuid[])`,
    [deliveryIds],
  )) as { context: DeliveryContext }[];
  const byId = new Map<string, DeliveryContext>();
  for (const { context } of rows) {
    context.alert.createdAt = new Date(context.alert.createdAt);
    context.incident.reportedAt = new Date(context.incident.reportedAt);
    if (context.contact?.webhookPreviousSecretExpiresAt) {
      context.contact.webhookPreviousSecretExpiresAt = new Date(
        context.contact.webhookPreviousSecretExpiresAt,
      );
    }
    byId.set(context.deliveryId, context);
  }
  return deliveryIds.map((id) => byId.get(id) ?? null);
}

export async function loadDeliveryContext(
  manager: EntityManager,
  deliveryId: string,
): Promise<DeliveryContext | null> {
  return (await loadDeliveryContexts(manager, [deliveryId]))[0];
}
