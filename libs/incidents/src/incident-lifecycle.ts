import { IncidentStatus } from './incidents.enums';

/**
 * The incident lifecycle. Forward through the phases; a step back to RESPONDING when containment or
 * recovery fails; RESOLVED straight from triage for a false positive; CLOSED can be reopened.
 */
export const TRANSITIONS: Record<IncidentStatus, readonly IncidentStatus[]> = {
  [IncidentStatus.NEW]: [IncidentStatus.TRIAGED],
  [IncidentStatus.TRIAGED]: [IncidentStatus.RESPONDING, IncidentStatus.RESOLVED],
  [IncidentStatus.RESPONDING]: [IncidentStatus.CONTAINED],
  [IncidentStatus.CONTAINED]: [IncidentStatus.RECOVERING, IncidentStatus.RESPONDING],
  [IncidentStatus.RECOVERING]: [IncidentStatus.RESOLVED, IncidentStatus.RESPONDING],
  [IncidentStatus.RESOLVED]: [IncidentStatus.CLOSED, IncidentStatus.RESPONDING],
  [IncidentStatus.CLOSED]: [IncidentStatus.RESPONDING],
};

export function canTransition(from: IncidentStatus, to: IncidentStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The timestamp column each status sets when entered. */
export const PHASE_TIMESTAMP: Partial<
  Record<
    IncidentStatus,
    'triagedAt' | 'respondingAt' | 'containedAt' | 'recoveringAt' | 'resolvedAt' | 'closedAt'
  >
> = {
  [IncidentStatus.TRIAGED]: 'triagedAt',
  [IncidentStatus.RESPONDING]: 'respondingAt',
  [IncidentStatus.CONTAINED]: 'containedAt',
  [IncidentStatus.RECOVERING]: 'recoveringAt',
  [IncidentStatus.RESOLVED]: 'resolvedAt',
  [IncidentStatus.CLOSED]: 'closedAt',
};

export const OPEN_STATUSES = [
  IncidentStatus.NEW,
  IncidentStatus.TRIAGED,
  IncidentStatus.RESPONDING,
  IncidentStatus.CONTAINED,
  IncidentStatus.RECOVERING,
];
