import type { EntityManager } from 'typeorm';
import { ContactKind } from '@renkei/directory/directory.enums';
import { routingContacts } from './alert-context';
import { writeAlerts, WrittenAlert } from './alert-writer';
import { AlertPurpose } from './alerting.enums';
import type { BilingualText } from './entities/alert.entity';
import { RoutingContact, usableChannels } from './routing';

export interface NoticeRequest {
  incidentId: string;
  /** Organisations to tell: each one's incident windows (every contact when it has none). */
  organisationIds: string[];
  /** Unique per incident and contact: sending the same notice again is a no-op. */
  triggerKey: string;
  /** The webhook event type, e.g. `obligation.reminder`. */
  eventType: string;
  /** One line: the email subject's tail and heading. Written without incident details (TLP:RED too). */
  subject: BilingualText;
  /** The message. Shown for every TLP: write it without the incident's title or description. */
  body: BilingualText;
}

/** The contacts a notice reaches in one organisation: its incident windows, or everyone when it has none. */
export function noticeContacts(contacts: RoutingContact[], organisationId: string): RoutingContact[] {
  const own = contacts.filter((contact) => contact.organisationId === organisationId);
  const windows = own.filter((contact) => contact.kind === ContactKind.INCIDENT_WINDOW);
  return windows.length ? windows : own;
}

/**
 * Tells organisations something about an incident that needs no acknowledgement (a deadline is near,
 * a report is overdue, a duty passed to them): NOTICE alerts written in the caller's transaction
 * through the outbox, delivered like any alert on each contact's channels. Idempotent per trigger key.
 */
export async function sendNotices(manager: EntityManager, request: NoticeRequest): Promise<WrittenAlert[]> {
  const organisationIds = [...new Set(request.organisationIds)];
  if (organisationIds.length === 0) return [];
  const contacts = await routingContacts(manager, 'c.organisation_id = ANY($1::uuid[])', [organisationIds]);
  const recipients = organisationIds.flatMap((organisationId) => noticeContacts(contacts, organisationId));
  return writeAlerts(
    manager,
    request.incidentId,
    recipients.map((contact) => ({
      recipient: {
        contact,
        organisationId: contact.organisationId,
        acknowledgementRequired: false,
        channels: usableChannels(contact),
      },
      triggerKey: request.triggerKey,
      purpose: AlertPurpose.NOTICE,
      eventType: request.eventType,
      escalationId: null,
      stepIndex: null,
      stepCount: null,
      round: 0,
      // A notice's subject travels as its reason, its body as its change (see DeliveryService).
      reason: request.subject,
      change: request.body,
    })),
  );
}
