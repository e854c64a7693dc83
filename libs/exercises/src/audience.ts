import type { GuidelineRole } from '@renkei/directory/directory.enums';
import type { InjectAudience } from './scenario-content';

export interface PlayingOrganisation {
  organisationId: string;
  roles: GuidelineRole[];
  /** The contacts that play for it (empty: its incident contacts). */
  contactIds: string[];
}

export interface ResolvedAudience {
  /** Playing organisations the inject goes to. */
  organisationIds: string[];
  /** Contacts named by the inject or by their organisation's participation (others: incident contacts). */
  contactIds: string[];
  /** Organisations the audience named that do not play: the drill does not reach them. */
  outside: string[];
  /** Duties on components that nobody holds at all: a responsibility gap the inject hit. */
  gaps: { componentId: string; duty: string }[];
}

/**
 * Who an inject reaches — only ever playing organisations. `holders` gives the effective holders of
 * each component's duties (the responsibility map, inherited); `contactOrganisation` the organisation of
 * each named contact.
 */
export function resolveAudience(
  audience: InjectAudience,
  players: PlayingOrganisation[],
  holders: Map<string, { organisationId: string; duty: string }[]>,
  contactOrganisation: Map<string, string>,
): ResolvedAudience {
  const playing = new Map(players.map((player) => [player.organisationId, player]));
  const named = new Set<string>();
  const gaps: { componentId: string; duty: string }[] = [];
  for (const player of players) {
    if (player.roles.some((role) => audience.roles.includes(role))) named.add(player.organisationId);
  }
  for (const { duty, componentIds } of audience.duties) {
    for (const componentId of componentIds) {
      const found = (holders.get(componentId) ?? []).filter((holder) => holder.duty === duty);
      if (found.length === 0) gaps.push({ componentId, duty });
      for (const holder of found) named.add(holder.organisationId);
    }
  }
  for (const organisationId of audience.organisationIds) named.add(organisationId);
  const namedContacts: string[] = [];
  for (const contactId of audience.contactIds) {
    const organisationId = contactOrganisation.get(contactId);
    if (!organisationId) continue;
    named.add(organisationId);
    namedContacts.push(contactId);
  }
  const organisationIds = [...named].filter((id) => playing.has(id)).sort();
  const outside = [...named].filter((id) => !playing.has(id)).sort();
  const contactIds = new Set(namedContacts.filter((id) => playing.has(contactOrganisation.get(id) ?? '')));
  for (const organisationId of organisationIds) {
    for (const contactId of playing.get(organisationId)?.contactIds ?? []) contactIds.add(contactId);
  }
  return { organisationIds, contactIds: [...contactIds].sort(), outside, gaps };
}
