import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { DeliveryChannel, TargetKind } from './alerting.enums';
import type { PolicyStep, PolicyTarget } from './entities/escalation-policy.entity';

/** Pure routing rules: which policy applies, and whom one step reaches. Unit-tested without a database. */

export interface PolicyCandidate {
  id: string;
  organisationId: string | null;
  isDefault: boolean;
  severities: Severity[];
  categories: IncidentCategory[];
  createdAt: Date;
}

/**
 * The policy for an incident among `policies` of one scope (the city's, or one organisation's): the
 * most specific match — a named severity or category beats "any", a narrower list beats a wider one —
 * and, on a tie, the most recently created (a coordinator's new policy wins over an older one). The
 * default is the fallback when nothing else matches. null when the scope has no matching policy.
 */
export function selectPolicy<P extends PolicyCandidate>(
  policies: P[],
  incident: { severity: Severity; category: IncidentCategory },
  organisationId: string | null,
): P | null {
  const specificity = (count: number, universe: number) =>
    count === 0 ? 0 : 1 + (universe - count) / universe;
  let best: { policy: P; score: number } | null = null;
  for (const policy of policies) {
    if (policy.organisationId !== organisationId) continue;
    const severity = policy.severities.length === 0 || policy.severities.includes(incident.severity);
    const category = policy.categories.length === 0 || policy.categories.includes(incident.category);
    if (!severity || !category) continue;
    const score =
      specificity(policy.severities.length, 4) * 10 +
      specificity(policy.categories.length, 12) * 10 +
      (policy.isDefault ? 0 : 1);
    if (
      !best ||
      score > best.score ||
      (score === best.score && policy.createdAt.getTime() > best.policy.createdAt.getTime())
    ) {
      best = { policy, score };
    }
  }
  return best?.policy ?? null;
}

export interface RoutingParticipant {
  organisationId: string;
  duties: Duty[];
}

export interface RoutingOrganisation {
  id: string;
  roles: GuidelineRole[];
  nameJa: string;
  nameEn: string;
}

export interface RoutingContact {
  id: string;
  organisationId: string;
  name: string;
  kind: ContactKind;
  email: string | null;
  webhookUrl: string | null;
  webhookDisabled: boolean;
  channelOrder: DeliveryChannel[];
}

export interface Recipient {
  contact: RoutingContact;
  organisationId: string;
  acknowledgementRequired: boolean;
  /** Channels to try, in order; empty when the contact has none usable (recorded as a failed alert). */
  channels: DeliveryChannel[];
}

/** The channels a contact can be reached on, in its order of preference. */
export function usableChannels(contact: RoutingContact): DeliveryChannel[] {
  const order = contact.channelOrder.length
    ? contact.channelOrder
    : [DeliveryChannel.EMAIL, DeliveryChannel.WEBHOOK];
  const seen = new Set<DeliveryChannel>();
  return order.filter((channel) => {
    if (seen.has(channel)) return false;
    seen.add(channel);
    if (channel === DeliveryChannel.EMAIL) return Boolean(contact.email);
    return Boolean(contact.webhookUrl) && !contact.webhookDisabled;
  });
}

/**
 * The contacts of an organisation for a target: those of the named kinds, or its incident window when
 * it has none of them (a chase must reach someone); never nobody when the organisation has any
 * incident window.
 */
function contactsOf(
  organisationId: string,
  kinds: ContactKind[] | undefined,
  contactsByOrganisation: Map<string, RoutingContact[]>,
): RoutingContact[] {
  const all = contactsByOrganisation.get(organisationId) ?? [];
  const wanted = kinds?.length ? kinds : [ContactKind.INCIDENT_WINDOW];
  const matching = all.filter((contact) => wanted.includes(contact.kind));
  if (matching.length) return matching;
  return all.filter((contact) => contact.kind === ContactKind.INCIDENT_WINDOW);
}

/** Organisations a target names (before contacts are picked). */
export function targetOrganisations(
  target: PolicyTarget,
  participants: RoutingParticipant[],
  organisations: RoutingOrganisation[],
  contacts: RoutingContact[],
): string[] {
  switch (target.kind) {
    case TargetKind.DUTY:
      return participants
        .filter((participant) => participant.duties.some((duty) => target.duties?.includes(duty)))
        .map((participant) => participant.organisationId);
    case TargetKind.ROLE:
      return organisations
        .filter((org) => target.role && org.roles.includes(target.role))
        .map((org) => org.id);
    case TargetKind.ORGANISATION:
      return organisations.some((org) => org.id === target.organisationId)
        ? [target.organisationId as string]
        : [];
    case TargetKind.CONTACT: {
      const contact = contacts.find((candidate) => candidate.id === target.contactId);
      return contact ? [contact.organisationId] : [];
    }
  }
}

/**
 * Everyone one step reaches, one entry per contact (a contact named twice keeps the stricter
 * acknowledgement requirement), skipping organisations that have already acknowledged and those
 * `excludeOrganisations` (chased by their own override policy).
 */
export function resolveStep(
  step: PolicyStep,
  context: {
    participants: RoutingParticipant[];
    organisations: RoutingOrganisation[];
    contacts: RoutingContact[];
    acknowledgedOrganisations: ReadonlySet<string>;
    excludeOrganisations?: ReadonlySet<string>;
    /** Restrict to this organisation (an override policy reaches only its own people). */
    onlyOrganisation?: string;
  },
): Recipient[] {
  const byOrganisation = new Map<string, RoutingContact[]>();
  for (const contact of context.contacts) {
    const list = byOrganisation.get(contact.organisationId) ?? [];
    list.push(contact);
    byOrganisation.set(contact.organisationId, list);
  }
  const result = new Map<string, Recipient>();
  const add = (contact: RoutingContact, acknowledgementRequired: boolean) => {
    if (context.acknowledgedOrganisations.has(contact.organisationId)) return;
    if (context.excludeOrganisations?.has(contact.organisationId)) return;
    if (context.onlyOrganisation && contact.organisationId !== context.onlyOrganisation) return;
    const existing = result.get(contact.id);
    if (existing) {
      existing.acknowledgementRequired ||= acknowledgementRequired;
      return;
    }
    result.set(contact.id, {
      contact,
      organisationId: contact.organisationId,
      acknowledgementRequired,
      channels: usableChannels(contact),
    });
  };
  for (const target of step.targets) {
    if (target.kind === TargetKind.CONTACT) {
      const contact = context.contacts.find((candidate) => candidate.id === target.contactId);
      if (contact) add(contact, target.acknowledgementRequired);
      continue;
    }
    for (const organisationId of targetOrganisations(
      target,
      context.participants,
      context.organisations,
      context.contacts,
    )) {
      for (const contact of contactsOf(organisationId, target.contactKinds, byOrganisation)) {
        add(contact, target.acknowledgementRequired);
      }
    }
  }
  return [...result.values()];
}

/** Every organisation any step of a policy can reach (to load their contacts in one query). */
export function organisationsReachable(
  steps: PolicyStep[],
  participants: RoutingParticipant[],
  organisations: RoutingOrganisation[],
): { organisationIds: string[]; contactIds: string[] } {
  const organisationIds = new Set<string>();
  const contactIds = new Set<string>();
  for (const step of steps) {
    for (const target of step.targets) {
      if (target.kind === TargetKind.CONTACT) {
        if (target.contactId) contactIds.add(target.contactId);
        continue;
      }
      for (const id of targetOrganisations(target, participants, organisations, [])) organisationIds.add(id);
    }
  }
  return { organisationIds: [...organisationIds], contactIds: [...contactIds] };
}

/** Delay before the step after (loop, step), or null when the chain is exhausted. */
export function nextPosition(
  steps: PolicyStep[],
  repeatCount: number,
  position: { loop: number; step: number },
): { loop: number; step: number; afterSeconds: number } | null {
  const afterSeconds = steps[position.step]?.escalateAfterSeconds ?? 0;
  if (position.step + 1 < steps.length) return { loop: position.loop, step: position.step + 1, afterSeconds };
  if (position.loop < repeatCount) return { loop: position.loop + 1, step: 0, afterSeconds };
  return null;
}
