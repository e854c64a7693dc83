import { Actor, isCityWide } from '@renkei/core/context/actor';
import { Tlp } from './incidents.enums';

/**
 * Who may see an incident — the one definition, applied in SQL wherever incidents are read.
 *
 * - TLP:RED: only the named people (incident roles and named recipients), whoever they are.
 * - Coordinators and admins (the promotion body): every other incident of the city.
 * - Everyone else: incidents their organisation participates in (AMBER+STRICT, AMBER), and every
 *   GREEN or CLEAR incident; named people always see their incident.
 *
 * Returns a SQL condition on the incident alias and the parameters it uses (`$n` positional from `offset`).
 */
export function incidentVisibility(
  actor: Actor,
  alias: string,
  offset: number,
): { sql: string; params: unknown[] } {
  const userId = actor.userId ?? '00000000-0000-0000-0000-000000000000';
  return {
    sql: `((${incidentVisibilityBranches(actor, alias, offset).join(') OR (')}))`,
    params: isCityWide(actor) ? [userId] : [userId, actor.organisationId],
  };
}

/**
 * The same rule as a list of conditions whose union is the visible set: counting each branch with
 * its own index and UNIONing is far cheaper than testing the OR on every incident. Parameters are
 * those of incidentVisibility (same positions).
 */
export function incidentVisibilityBranches(actor: Actor, alias: string, offset: number): string[] {
  // Uncorrelated IN (…) subqueries: the planner hashes the (small) sets once instead of probing per row.
  const named = `${alias}.id IN (SELECT m.incident_id FROM incident_member m WHERE m.user_id = $${offset + 1})`;
  // City-wide readers see nearly everything: one branch (a UNION of ~all ids would cost more).
  if (isCityWide(actor)) return [`${alias}.tlp <> '${Tlp.RED}' OR ${named}`];
  const participates = `${alias}.id IN (SELECT p.incident_id FROM incident_participant p WHERE p.organisation_id = $${offset + 2})`;
  return [
    `${alias}.tlp IN ('${Tlp.GREEN}', '${Tlp.CLEAR}')`,
    `${alias}.tlp IN ('${Tlp.AMBER}', '${Tlp.AMBER_STRICT}') AND ${participates}`,
    named,
  ];
}

/** The same rule for one incident already in memory (used for realtime fan-out). */
export function canSee(
  actor: Actor,
  incident: { tlp: Tlp },
  participantOrganisationIds: ReadonlySet<string>,
  memberUserIds: ReadonlySet<string>,
): boolean {
  if (actor.userId && memberUserIds.has(actor.userId)) return true;
  if (incident.tlp === Tlp.RED) return false;
  if (isCityWide(actor)) return true;
  if (incident.tlp === Tlp.GREEN || incident.tlp === Tlp.CLEAR) return true;
  return participantOrganisationIds.has(actor.organisationId);
}
