import type { EntityManager } from 'typeorm';
import { preparedQuery } from '@renkei/core/database/prepared-query';
import { camelCaseKeys } from '@renkei/core/database/rows';
import type { DrillRouting } from '@renkei/incidents/entities/incident.entity';
import { IncidentCategory, IncidentStatus, Severity } from '@renkei/incidents/incidents.enums';
import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { PolicySnapshot } from './entities/escalation.entity';
import { RoutingContact, RoutingOrganisation, RoutingParticipant } from './routing';

/** What routing needs to know about an incident, read in the caller's transaction. */
export interface IncidentRouting {
  id: string;
  reference: string;
  severity: Severity;
  category: IncidentCategory;
  status: IncidentStatus;
  version: number;
  participants: RoutingParticipant[];
  /** Organisations whose current round is acknowledged. */
  acknowledged: Set<string>;
  /** Organisations told something that asked for an acknowledgement (ever). */
  chased: Set<string>;
  policies: EscalationPolicyEntity[];
  /**
   * Every organisation any policy can reach for this incident (participants, engaged organisations,
   * roles and organisations named by a policy) and their contacts, read with the rest.
   */
  directory: { organisations: RoutingOrganisation[]; contacts: RoutingContact[] };
}

/** A contact as routing reads it (alias `c`): one fragment for every query that feeds `RoutingContact`. */
export const ROUTING_CONTACT_JSON = `json_build_object(
  'id', c.id, 'organisationId', c.organisation_id, 'name', c.name, 'kind', c.kind, 'email', c.email,
  'webhookUrl', c.webhook_url, 'webhookDisabled', c.webhook_disabled_at IS NOT NULL, 'channelOrder', c.channel_order)`;

/** Contacts matching `where` (over alias `c`) as routing contacts. */
export async function routingContacts(
  manager: EntityManager,
  where: string,
  params: unknown[],
): Promise<RoutingContact[]> {
  const rows = (await manager.query(
    `SELECT ${ROUTING_CONTACT_JSON} AS contact FROM contact c WHERE ${where}`,
    params,
  )) as {
    contact: RoutingContact;
  }[];
  return rows.map((row) => row.contact);
}

export async function loadIncidentRouting(
  manager: EntityManager,
  incidentId: string,
): Promise<IncidentRouting | null> {
  const [row] = (await preparedQuery(
    manager,
    'renkei_incident_routing',
    `WITH refs AS (
       SELECT t->>'role' AS role, t->>'organisationId' AS organisation, t->>'contactId' AS contact
         FROM escalation_policy ep, jsonb_array_elements(ep.steps) step, jsonb_array_elements(step->'targets') t
     ), orgs AS (
       SELECT o.id, o.guideline_roles, o.name_ja, o.name_en FROM organisation o
        WHERE o.id IN (SELECT organisation_id FROM incident_participant WHERE incident_id = $1)
           OR o.id IN (SELECT organisation_id FROM alert_engagement WHERE incident_id = $1)
           OR o.guideline_roles && ARRAY(SELECT role FROM refs WHERE role IS NOT NULL)
           OR o.id::text IN (SELECT organisation FROM refs WHERE organisation IS NOT NULL)
           OR o.id IN (SELECT c.organisation_id FROM contact c
                        WHERE c.id::text IN (SELECT contact FROM refs WHERE contact IS NOT NULL))
     )
     SELECT i.id, i.reference, i.severity, i.category, i.status, i.version, i.drill,
            COALESCE((SELECT json_agg(json_build_object('organisationId', p.organisation_id, 'duties', p.duties))
                        FROM incident_participant p WHERE p.incident_id = i.id), '[]') AS participants,
            COALESCE((SELECT json_agg(json_build_object('organisationId', e.organisation_id,
                                                        'acknowledged', e.acknowledged_at IS NOT NULL,
                                                        'required', e.acknowledgement_required))
                        FROM alert_engagement e WHERE e.incident_id = i.id), '[]') AS engagements,
            COALESCE((SELECT json_agg(row_to_json(ep)) FROM escalation_policy ep), '[]') AS policies,
            COALESCE((SELECT json_agg(json_build_object('id', id, 'roles', guideline_roles, 'nameJa', name_ja,
                                                        'nameEn', name_en)) FROM orgs), '[]') AS organisations,
            COALESCE((SELECT json_agg(${ROUTING_CONTACT_JSON})
                        FROM contact c WHERE c.organisation_id IN (SELECT id FROM orgs)), '[]') AS contacts
       FROM incident i WHERE i.id = $1`,
    [incidentId],
  )) as {
    id: string;
    reference: string;
    severity: Severity;
    category: IncidentCategory;
    status: IncidentStatus;
    version: number;
    drill: DrillRouting | null;
    participants: RoutingParticipant[];
    engagements: { organisationId: string; acknowledged: boolean; required: boolean }[];
    policies: Record<string, unknown>[];
    organisations: RoutingOrganisation[];
    contacts: RoutingContact[];
  }[];
  if (!row) return null;
  if (row.drill) {
    // A drill stays inside its exercise: its own policy, and nobody outside the playing organisations.
    const inside = new Set(row.drill.organisationIds);
    row.policies = [drillPolicy(row.drill)];
    row.organisations = row.organisations.filter((organisation) => inside.has(organisation.id));
    row.contacts = row.contacts.filter((contact) => inside.has(contact.organisationId));
    row.participants = row.participants.filter((participant) => inside.has(participant.organisationId));
  }
  return {
    id: row.id,
    reference: row.reference,
    severity: row.severity,
    category: row.category,
    status: row.status,
    version: row.version,
    participants: row.participants,
    acknowledged: new Set(row.engagements.filter((e) => e.acknowledged).map((e) => e.organisationId)),
    chased: new Set(row.engagements.filter((e) => e.required).map((e) => e.organisationId)),
    policies: row.policies.map(policyFromRow),
    directory: { organisations: row.organisations, contacts: row.contacts },
  };
}

/** The drill's policy snapshot as the one city default policy routing may choose. */
function drillPolicy(drill: DrillRouting): Record<string, unknown> {
  const snapshot = drill.policy as unknown as PolicySnapshot;
  const at = new Date(0).toISOString();
  return {
    ...snapshot,
    description: `Drill: ${drill.exerciseTitle}`,
    organisation_id: null,
    is_default: true,
    severities: [],
    categories: [],
    created_at: at,
    updated_at: at,
  };
}

export function policyFromRow(row: Record<string, unknown>): EscalationPolicyEntity {
  const policy = camelCaseKeys<EscalationPolicyEntity>(row);
  policy.createdAt = new Date(policy.createdAt);
  policy.updatedAt = new Date(policy.updatedAt);
  return policy;
}

export function snapshotOf(policy: EscalationPolicyEntity): PolicySnapshot {
  return {
    id: policy.id,
    name: policy.name,
    version: policy.version,
    steps: policy.steps,
    repeatCount: policy.repeatCount,
    reminderIntervalSeconds: policy.reminderIntervalSeconds,
    maxReminders: policy.maxReminders,
    reescalateAfterSeconds: policy.reescalateAfterSeconds,
    reescalateSeverities: policy.reescalateSeverities,
  };
}
