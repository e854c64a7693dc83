import { registerEnumType } from '@nestjs/graphql';

/** A fact about an incident a reporting rule's trigger tests; every condition of a trigger must hold. */
export enum TriggerConditionKind {
  PERSONAL_DATA = 'PERSONAL_DATA',
  SAFETY_IMPACT = 'SAFETY_IMPACT',
  /** `severity` or more severe (SEV1 is the most severe). */
  SEVERITY_AT_LEAST = 'SEVERITY_AT_LEAST',
  /** One of `incidentTypeIds` (Appendix B, INC-01 … INC-25). */
  INCIDENT_TYPE = 'INCIDENT_TYPE',
}

/** What a stage's deadline counts from. */
export enum DeadlineAnchor {
  /** When the organisation became aware (知った時): the incident's awareAt. */
  AWARENESS = 'AWARENESS',
  /** When the previous stage was submitted (no deadline until then). */
  PREVIOUS_STAGE = 'PREVIOUS_STAGE',
}

/** When a stage's alternative duration applies instead of its usual one. */
export enum DeadlineCondition {
  /** The leak may have been committed for an unlawful purpose (不正の目的, APPI Enforcement Rules Art. 8(2)). */
  MALICIOUS = 'MALICIOUS',
}

/**
 * PENDING → SUBMITTED (in time) or SUBMITTED_LATE; PENDING → OVERDUE at the deadline (a delayed job,
 * and at read time when the job is late) → SUBMITTED_LATE. WITHDRAWN when the rule's trigger stopped
 * holding before submission (the flag was cleared); it returns to PENDING if the trigger holds again.
 */
export enum ObligationStatus {
  PENDING = 'PENDING',
  OVERDUE = 'OVERDUE',
  SUBMITTED = 'SUBMITTED',
  SUBMITTED_LATE = 'SUBMITTED_LATE',
  WITHDRAWN = 'WITHDRAWN',
}

for (const [name, value] of Object.entries({
  TriggerConditionKind,
  DeadlineAnchor,
  DeadlineCondition,
  ObligationStatus,
})) {
  registerEnumType(value, { name });
}
