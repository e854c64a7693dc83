import { registerEnumType } from '@nestjs/graphql';

export enum Severity {
  SEV1 = 'SEV1',
  SEV2 = 'SEV2',
  SEV3 = 'SEV3',
  SEV4 = 'SEV4',
}

export enum IncidentStatus {
  NEW = 'NEW',
  TRIAGED = 'TRIAGED',
  RESPONDING = 'RESPONDING',
  CONTAINED = 'CONTAINED',
  RECOVERING = 'RECOVERING',
  RESOLVED = 'RESOLVED',
  CLOSED = 'CLOSED',
}

/** FIRST Traffic Light Protocol 2.0. */
export enum Tlp {
  RED = 'RED',
  AMBER_STRICT = 'AMBER_STRICT',
  AMBER = 'AMBER',
  GREEN = 'GREEN',
  CLEAR = 'CLEAR',
}

export const TLP_LABEL: Record<Tlp, string> = {
  RED: 'TLP:RED',
  AMBER_STRICT: 'TLP:AMBER+STRICT',
  AMBER: 'TLP:AMBER',
  GREEN: 'TLP:GREEN',
  CLEAR: 'TLP:CLEAR',
};

export enum IncidentCategory {
  UNAUTHORIZED_ACCESS = 'UNAUTHORIZED_ACCESS',
  MALWARE = 'MALWARE',
  RANSOMWARE = 'RANSOMWARE',
  DATA_BREACH = 'DATA_BREACH',
  DENIAL_OF_SERVICE = 'DENIAL_OF_SERVICE',
  DEVICE_COMPROMISE = 'DEVICE_COMPROMISE',
  DATA_INTEGRITY = 'DATA_INTEGRITY',
  PHISHING = 'PHISHING',
  VULNERABILITY = 'VULNERABILITY',
  SERVICE_OUTAGE = 'SERVICE_OUTAGE',
  SUPPLY_CHAIN = 'SUPPLY_CHAIN',
  OTHER = 'OTHER',
}

export enum DetectionSource {
  SOC_MONITORING = 'SOC_MONITORING',
  INTERNAL_STAFF = 'INTERNAL_STAFF',
  VENDOR = 'VENDOR',
  RESIDENT_REPORT = 'RESIDENT_REPORT',
  EXTERNAL_NOTIFICATION = 'EXTERNAL_NOTIFICATION',
  AUTOMATED_ALERT = 'AUTOMATED_ALERT',
  OTHER = 'OTHER',
}

export enum IncidentRole {
  COMMANDER = 'COMMANDER',
  LIAISON = 'LIAISON',
  SCRIBE = 'SCRIBE',
  /** A person explicitly named to receive a TLP:RED incident. */
  RECIPIENT = 'RECIPIENT',
}

export enum ParticipantSource {
  MAP = 'MAP',
  REPORTER = 'REPORTER',
  MANUAL = 'MANUAL',
  /** Named by an escalation policy (the promotion body's CSIRT, a named provider) and alerted. */
  ALERTED = 'ALERTED',
}

export enum TaskStatus {
  OPEN = 'OPEN',
  IN_PROGRESS = 'IN_PROGRESS',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}

export enum TimelineEntryKind {
  REPORTED = 'REPORTED',
  OCCURRENCE = 'OCCURRENCE',
  STATUS_CHANGED = 'STATUS_CHANGED',
  SEVERITY_CHANGED = 'SEVERITY_CHANGED',
  TLP_CHANGED = 'TLP_CHANGED',
  DETAILS_UPDATED = 'DETAILS_UPDATED',
  COMPONENT_ADDED = 'COMPONENT_ADDED',
  COMPONENT_REMOVED = 'COMPONENT_REMOVED',
  PARTICIPANT_ADDED = 'PARTICIPANT_ADDED',
  PARTICIPANT_REMOVED = 'PARTICIPANT_REMOVED',
  ROLE_ASSIGNED = 'ROLE_ASSIGNED',
  ROLE_REMOVED = 'ROLE_REMOVED',
  TASK_CREATED = 'TASK_CREATED',
  TASK_UPDATED = 'TASK_UPDATED',
  NOTE = 'NOTE',
  ALERTS_SENT = 'ALERTS_SENT',
  ESCALATED = 'ESCALATED',
  ACKNOWLEDGED = 'ACKNOWLEDGED',
  ALERT_FAILED = 'ALERT_FAILED',
  ESCALATION_ENDED = 'ESCALATION_ENDED',
  /** Statutory reporting obligations created, moved, handed over, submitted, overdue, withdrawn. */
  OBLIGATION_UPDATED = 'OBLIGATION_UPDATED',
  RUNBOOK_APPLIED = 'RUNBOOK_APPLIED',
  REVIEW_COMPLETED = 'REVIEW_COMPLETED',
}

for (const [name, value] of Object.entries({
  Severity,
  IncidentStatus,
  Tlp,
  IncidentCategory,
  DetectionSource,
  IncidentRole,
  ParticipantSource,
  TaskStatus,
  TimelineEntryKind,
})) {
  registerEnumType(value, { name });
}
