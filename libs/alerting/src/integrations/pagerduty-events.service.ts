import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Permission, roleHas } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { RequestContextStore } from '@renkei/core/context/request-context';
import { conflict } from '@renkei/core/errors/domain.errors';
import { IncidentCommandsService } from '@renkei/incidents/incident-commands.service';
import { OPEN_STATUSES } from '@renkei/incidents/incident-lifecycle';
import { DetectionSource, IncidentStatus } from '@renkei/incidents/incidents.enums';
import { IncidentsService } from '@renkei/incidents/incidents.service';
import { AcknowledgementService } from '../acknowledgement.service';
import { AcknowledgementVia } from '../entities/engagement.entity';
import { EventIntegrationsService, RoutedIntegration } from './event-integrations.service';
import {
  EventAction,
  InvalidEvent,
  PagerDutyEvent,
  SEVERITY_OF,
  descriptionOf,
  detectedAtOf,
  invalidEvent,
  parseEvent,
  pathToResolved,
  titleOf,
} from './pagerduty-event';

/** PagerDuty's answer to an accepted event. */
export interface EventAccepted {
  status: 'success';
  message: 'Event processed';
  dedup_key: string;
}

/** What each action needs of the integration's API key, as if it called the GraphQL API itself. */
const PERMISSION_OF: Record<EventAction, Permission> = {
  trigger: Permission.INCIDENT_REPORT,
  acknowledge: Permission.ALERT_ACKNOWLEDGE,
  resolve: Permission.INCIDENT_MANAGE,
};

/**
 * The PagerDuty Events API v2, so that any tool that can page PagerDuty can alert Renkei: trigger
 * reports an incident as the integration's API key (a repeat adds an occurrence), acknowledge stops
 * the chase for every organisation still being chased, resolve walks the lifecycle to RESOLVED.
 * Acknowledge and resolve of an unknown dedup_key are accepted and change nothing, as PagerDuty does.
 */
@Injectable()
export class PagerDutyEventsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly integrations: EventIntegrationsService,
    private readonly incidents: IncidentsService,
    private readonly commands: IncidentCommandsService,
    private readonly acknowledgements: AcknowledgementService,
  ) {}

  /** Refusals are answers (400 invalid event), not exceptions; unexpected failures throw. */
  async handle(body: unknown): Promise<EventAccepted | InvalidEvent> {
    const parsed = parseEvent(body);
    if ('invalid' in parsed) return parsed.invalid;
    const { event } = parsed;
    const integration = await this.integrations.findByRoutingKey(event.routingKey);
    if (!integration) return invalidEvent(['Invalid routing key']);
    const { actor } = integration;
    if (!roleHas(actor.role, PERMISSION_OF[event.action])) {
      return invalidEvent([
        `The integration's API key (role ${actor.role}) lacks ${PERMISSION_OF[event.action]} to ${event.action}`,
      ]);
    }
    // From here on the request acts as the API key: the timeline and the audit log say so.
    const context = RequestContextStore.current();
    if (context) context.actor = actor;
    let dedupKey: string;
    if (event.action === 'trigger') dedupKey = await this.trigger(integration, event);
    else if (event.action === 'acknowledge') dedupKey = await this.acknowledge(integration, event);
    else dedupKey = await this.resolve(integration, event);
    await this.integrations.recordEvent(integration.id);
    return { status: 'success', message: 'Event processed', dedup_key: dedupKey };
  }

  private async trigger(integration: RoutedIntegration, event: PagerDutyEvent): Promise<string> {
    const payload = event.payload!;
    const dedupKey = event.dedupKey ?? randomBytes(16).toString('hex');
    await this.incidents.report(integration.actor, {
      title: titleOf(payload),
      description: descriptionOf(event, payload),
      severity: SEVERITY_OF[payload.severity],
      category: integration.category,
      tlp: integration.tlp,
      componentIds: [integration.componentId],
      detectionSource: DetectionSource.AUTOMATED_ALERT,
      detectedAt: detectedAtOf(payload),
      dedupKey,
    });
    return dedupKey;
  }

  private async acknowledge(integration: RoutedIntegration, event: PagerDutyEvent): Promise<string> {
    const dedupKey = event.dedupKey!;
    await this.dataSource.transaction(async (manager) => {
      const incidentId = await this.openIncident(manager, integration.actor, dedupKey, true);
      if (!incidentId) return;
      // PagerDuty semantics: the source's acknowledgement stops the escalation for everyone chased.
      const waiting = (await manager.query(
        `SELECT organisation_id FROM alert_engagement
          WHERE incident_id = $1 AND acknowledgement_required AND acknowledged_at IS NULL
          ORDER BY first_alerted_at, organisation_id`,
        [incidentId],
      )) as { organisation_id: string }[];
      for (const { organisation_id } of waiting) {
        await this.acknowledgements.acknowledgeOrganisation(manager, incidentId, organisation_id, {
          via: AcknowledgementVia.INTEGRATION,
          name: `${integration.name} (PagerDuty event)`,
          actor: integration.actor,
        });
      }
    });
    return dedupKey;
  }

  private async resolve(integration: RoutedIntegration, event: PagerDutyEvent): Promise<string> {
    const dedupKey = event.dedupKey!;
    const incidentId = await this.openIncident(this.dataSource.manager, integration.actor, dedupKey, false);
    if (!incidentId) return dedupKey;
    const note = `${integration.name} (PagerDuty event)`;
    // Each step is the lifecycle's own transition (NEW → TRIAGED → RESOLVED, RESPONDING → CONTAINED → …),
    // re-planned from the current status so that a concurrent change is followed, not fought.
    for (let step = 0; step < 6; step += 1) {
      const [row] = (await this.dataSource.query(`SELECT status FROM incident WHERE id = $1`, [
        incidentId,
      ])) as {
        status: IncidentStatus;
      }[];
      if (!row || !OPEN_STATUSES.includes(row.status)) break;
      const [next] = pathToResolved(row.status);
      if (!next) break;
      await this.commands.transition(integration.actor, incidentId, next, note);
    }
    return dedupKey;
  }

  /**
   * The open incident the key's organisation reported with this dedup key, or null. One the key may
   * not see (raised to TLP:RED since) is refused as reporting refuses it, revealing nothing more.
   */
  private async openIncident(
    manager: EntityManager,
    actor: Actor,
    dedupKey: string,
    lock: boolean,
  ): Promise<string | null> {
    const [row] = (await manager.query(
      `SELECT id FROM incident
        WHERE reporter_organisation_id = $1 AND dedup_key = $2 AND status = ANY($3::text[])
        ${lock ? 'FOR UPDATE' : ''}`,
      [actor.organisationId, dedupKey, OPEN_STATUSES],
    )) as { id: string }[];
    if (!row) return null;
    await this.incidents.findVisible(actor, row.id, manager).catch(() => {
      throw conflict(
        'An open incident of your organisation has this dedup_key but this integration’s API key is not named on it',
        'dedup_key',
      );
    });
    return row.id;
  }
}
