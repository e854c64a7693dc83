import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Actor } from '@renkei/core/context/actor';
import { afterCommit } from '@renkei/core/database/after-commit';
import { isUuid } from '@renkei/core/database/database-errors';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { badInput, conflict, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { OPEN_STATUSES } from '@renkei/incidents/incident-lifecycle';
import { IncidentStatus, TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { AckTokens } from './ack-token';
import { writeAlerts } from './alert-writer';
import { AlertPurpose, AlertState, DeliveryChannel, WebhookEventType } from './alerting.enums';
import { AcknowledgementVia } from './entities/engagement.entity';
import { EscalationEngine } from './escalation-engine';

export interface AcknowledgementResult {
  incidentId: string;
  reference: string;
  organisationId: string;
  /** false: the organisation had already acknowledged (nothing changed). */
  acknowledged: boolean;
  at: Date;
  by: string;
}

export interface Acknowledger {
  via: AcknowledgementVia;
  name: string;
  contactId?: string | null;
  userId?: string | null;
  actor?: Actor | null;
  note?: string | null;
}

function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Acknowledgement, by whichever path it comes (the link's landing page, GraphQL, a machine's signed
 * reply, an integration): the organisation's engagement records who and when, its open alerts are
 * marked, and the chase stops for it. Idempotent: a second acknowledgement changes nothing.
 */
@Injectable()
export class AcknowledgementService {
  readonly tokens: AckTokens;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly engine: EscalationEngine,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {
    this.tokens = new AckTokens(config.jwtSecret, config.ackTokenTtlSeconds);
  }

  /** Records the acknowledgement of `organisationId` inside `manager`'s transaction. */
  async acknowledgeOrganisation(
    manager: EntityManager,
    incidentId: string,
    organisationId: string,
    by: Acknowledger,
  ): Promise<AcknowledgementResult> {
    const [incident] = (await manager.query(
      `SELECT id, reference, status FROM incident WHERE id = $1 FOR UPDATE`,
      [incidentId],
    )) as { id: string; reference: string; status: IncidentStatus }[];
    if (!incident) throw notFound('Incident', incidentId);
    // Escalations before engagements, the order the step jobs lock in (no deadlock), and so that a
    // step firing right now commits before this acknowledgement cancels what it wrote.
    await manager.query(
      `SELECT id FROM escalation WHERE incident_id = $1 AND state <> 'SUPERSEDED' FOR UPDATE`,
      [incidentId],
    );
    const [updated] = (await manager.query(
      `UPDATE alert_engagement
          SET acknowledged_at = now(), first_acknowledged_at = COALESCE(first_acknowledged_at, now()),
              acknowledged_by_name = $3, acknowledged_by_contact_id = $4, acknowledged_by_user_id = $5,
              acknowledged_via = $6, acknowledgement_note = $7
        WHERE incident_id = $1 AND organisation_id = $2 AND acknowledged_at IS NULL
        RETURNING acknowledged_at, first_alerted_at`,
      [incidentId, organisationId, by.name, by.contactId ?? null, by.userId ?? null, by.via, by.note ?? null],
    )) as { acknowledged_at: Date; first_alerted_at: Date }[][];
    const row = (updated as unknown as { acknowledged_at: Date; first_alerted_at: Date }[])?.[0];
    if (!row) {
      const [existing] = (await manager.query(
        `SELECT acknowledged_at, acknowledged_by_name FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
        [incidentId, organisationId],
      )) as { acknowledged_at: Date | null; acknowledged_by_name: string | null }[];
      if (!existing) {
        throw badInput('organisationId', 'This organisation has not been alerted about this incident');
      }
      return {
        incidentId,
        reference: incident.reference,
        organisationId,
        acknowledged: false,
        at: existing.acknowledged_at as Date,
        by: existing.acknowledged_by_name ?? '',
      };
    }
    if (!OPEN_STATUSES.includes(incident.status)) {
      throw conflict(`${incident.reference} is ${incident.status}: there is nothing left to acknowledge`);
    }
    await manager.query(
      `UPDATE alert SET state = '${AlertState.ACKNOWLEDGED}', acknowledged_at = now(), acknowledged_by_name = $3,
                        acknowledged_via = $4, updated_at = now()
        WHERE incident_id = $1 AND organisation_id = $2 AND acknowledgement_required
          AND state IN ('${AlertState.SENT}', '${AlertState.DELIVERED}', '${AlertState.FAILED}')`,
      [incidentId, organisationId, by.name, by.via],
    );
    await this.engine.afterAcknowledgement(manager, incidentId, organisationId);
    const [organisation] = (await manager.query(`SELECT name_ja, name_en FROM organisation WHERE id = $1`, [
      organisationId,
    ])) as { name_ja: string; name_en: string }[];
    const elapsed = new Date(row.acknowledged_at).getTime() - new Date(row.first_alerted_at).getTime();
    await appendTimeline(
      manager,
      incidentId,
      TimelineEntryKind.ACKNOWLEDGED,
      `${organisation?.name_en ?? 'An organisation'} acknowledged (${by.name}, ${by.via.toLowerCase().replace('_', ' ')}) ${formatDuration(elapsed)} after it was first alerted${by.note ? `: ${by.note}` : ''}`,
      {
        organisationId,
        by: by.name,
        via: by.via,
        timeToAcknowledgeMs: elapsed,
      },
      by.actor ?? null,
    );
    await this.audit.record(manager, {
      action: 'alert.acknowledged',
      entityType: 'incident',
      entityId: incidentId,
      actor: by.actor ?? null,
      organisationId,
      data: {
        organisationId,
        by: by.name,
        via: by.via,
        contactId: by.contactId ?? null,
        timeToAcknowledgeMs: elapsed,
      },
    });
    // The organisation's machines (ticketing) hear that a human has it.
    const machines = await this.engine.contactsById(
      manager,
      (
        (await manager.query(
          `SELECT DISTINCT a.contact_id FROM alert a JOIN contact c ON c.id = a.contact_id
            WHERE a.incident_id = $1 AND a.organisation_id = $2 AND c.webhook_url IS NOT NULL AND c.webhook_disabled_at IS NULL
              AND 'WEBHOOK' = ANY(a.channels)`,
          [incidentId, organisationId],
        )) as { contact_id: string }[]
      ).map((r) => r.contact_id),
    );
    await writeAlerts(
      manager,
      incidentId,
      machines.map((recipient) => ({
        recipient: { ...recipient, channels: [DeliveryChannel.WEBHOOK] },
        triggerKey: `acknowledged:${organisationId}:${new Date(row.acknowledged_at).getTime()}`,
        purpose: AlertPurpose.ACKNOWLEDGED,
        eventType: WebhookEventType.ALERT_ACKNOWLEDGED,
        escalationId: null,
        stepIndex: null,
        stepCount: null,
        round: 0,
        change: {
          ja: `${organisation?.name_ja ?? ''} が受領を確認しました（${by.name}）`,
          en: `${organisation?.name_en ?? ''} acknowledged (${by.name})`,
        },
      })),
    );
    afterCommit(manager, () =>
      this.events.emit('incident', {
        type: 'incident.timeline',
        incidentId,
        detail: { kind: TimelineEntryKind.ACKNOWLEDGED, organisationId },
      }),
    );
    return {
      incidentId,
      reference: incident.reference,
      organisationId,
      acknowledged: true,
      at: new Date(row.acknowledged_at),
      by: by.name,
    };
  }

  /** The landing page's POST: the token names the alert, so the recipient and its organisation. */
  async acknowledgeByToken(
    token: string,
    input: { name?: string | null; note?: string | null },
  ): Promise<AcknowledgementResult | { error: 'invalid' | 'expired' | 'closed'; reference?: string }> {
    const verified = this.tokens.verify(token);
    if ('error' in verified) return verified;
    return this.dataSource.transaction(async (manager) => {
      const [alert] = (await manager.query(
        `SELECT a.id, a.incident_id, a.organisation_id, a.contact_id, a.recipient_name, i.status, i.reference
           FROM alert a JOIN incident i ON i.id = a.incident_id WHERE a.id = $1`,
        [verified.alertId],
      )) as {
        id: string;
        incident_id: string;
        organisation_id: string;
        contact_id: string | null;
        recipient_name: string;
        status: IncidentStatus;
        reference: string;
      }[];
      if (!alert) return { error: 'invalid' as const };
      const name = input.name?.trim()
        ? `${input.name.trim().slice(0, 200)} (${alert.recipient_name})`
        : alert.recipient_name;
      const [engaged] = (await manager.query(
        `SELECT acknowledged_at, acknowledged_by_name FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
        [alert.incident_id, alert.organisation_id],
      )) as { acknowledged_at: Date | null; acknowledged_by_name: string | null }[];
      if (engaged?.acknowledged_at) {
        return {
          incidentId: alert.incident_id,
          reference: alert.reference,
          organisationId: alert.organisation_id,
          acknowledged: false,
          at: engaged.acknowledged_at,
          by: engaged.acknowledged_by_name ?? '',
        };
      }
      if (!OPEN_STATUSES.includes(alert.status))
        return { error: 'closed' as const, reference: alert.reference };
      return this.acknowledgeOrganisation(manager, alert.incident_id, alert.organisation_id, {
        via: AcknowledgementVia.LINK,
        name,
        contactId: alert.contact_id,
        note: input.note?.trim() ? input.note.trim().slice(0, 2000) : null,
      });
    });
  }

  /** A signed-in user acknowledges for their organisation. */
  async acknowledgeAsUser(
    actor: Actor,
    incidentId: string,
    note?: string | null,
  ): Promise<AcknowledgementResult> {
    if (!isUuid(incidentId)) throw notFound('Incident', incidentId);
    if (note && note.length > 2000) throw badInput('note', 'note must be at most 2000 characters');
    return this.dataSource.transaction(async (manager) => {
      const [engaged] = (await manager.query(
        `SELECT 1 FROM alert_engagement WHERE incident_id = $1 AND organisation_id = $2`,
        [incidentId, actor.organisationId],
      )) as unknown[];
      if (!engaged) {
        throw forbidden(
          'Your organisation has not been alerted about this incident, so it has nothing to acknowledge',
        );
      }
      return this.acknowledgeOrganisation(manager, incidentId, actor.organisationId, {
        via: actor.kind === 'apiKey' ? AcknowledgementVia.INTEGRATION : AcknowledgementVia.GRAPHQL,
        name: actor.displayName,
        userId: actor.userId,
        actor,
        note: note?.trim() || null,
      });
    });
  }
}
