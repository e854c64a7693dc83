import { Tlp } from '@renkei/incidents/incidents.enums';
import type { DeliveryContext } from './delivery-context';
import { noticeOf } from './notice-text';

/**
 * The JSON body of a webhook (Standard Webhooks shape: `type`, `timestamp`, `data`). It carries no
 * more than the incident's TLP allows the receiving organisation: under TLP:RED, no title,
 * description or component names. `exercise` is null for a real incident; for a tabletop exercise's
 * inject it names the exercise and the inject, and every such payload is a drill. A NOTICE (a deadline
 * near, a report overdue, an endpoint disabled) carries `alert.notice` with its subject and text.
 */
export function webhookPayload(
  context: DeliveryContext,
  links: { acknowledgeUrl: string; replyUrl: string },
  now: Date = new Date(),
): Record<string, unknown> {
  const { alert, incident, organisation } = context;
  const red = incident.tlp === Tlp.RED;
  return {
    type: alert.eventType,
    timestamp: now.toISOString(),
    data: {
      deliveryId: context.deliveryId,
      alert: {
        id: alert.id,
        purpose: alert.purpose,
        acknowledgementRequired: alert.acknowledgementRequired,
        step: alert.stepIndex === null ? null : alert.stepIndex + 1,
        steps: alert.stepCount,
        round: alert.round,
        reason: alert.reason,
        change: alert.change,
        // For a NOTICE (no acknowledgement): its subject and text, ja and en.
        notice: noticeOf(alert),
        createdAt: alert.createdAt.toISOString(),
      },
      incident: {
        id: incident.id,
        reference: incident.reference,
        title: red ? null : incident.title,
        description: red ? null : incident.description,
        severity: incident.severity,
        status: incident.status,
        tlp: incident.tlp,
        category: incident.category,
        personalDataInvolved: incident.personalDataInvolved,
        reportedAt: incident.reportedAt.toISOString(),
        components: red ? null : incident.components,
      },
      recipient: {
        contactId: context.contact?.id ?? null,
        name: alert.recipientName,
        organisationId: organisation.id,
        organisationName: { ja: organisation.nameJa, en: organisation.nameEn },
      },
      acknowledge: alert.acknowledgementRequired
        ? {
            url: links.acknowledgeUrl,
            reply: {
              url: links.replyUrl,
              method: 'POST',
              body: { deliveryId: context.deliveryId },
              signing: 'Standard Webhooks headers, signed with this endpoint’s secret',
            },
          }
        : null,
      exercise: incident.drill
        ? {
            id: incident.drill.exerciseId,
            title: incident.drill.exerciseTitle,
            injectId: incident.drill.injectId,
            injectKey: incident.drill.injectKey,
            injectSequence: incident.drill.injectSequence,
            drill: true,
          }
        : null,
    },
  };
}
