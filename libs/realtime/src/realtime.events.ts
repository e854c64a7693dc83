import type { IncidentStatus, Severity, Tlp, TimelineEntryKind } from '@renkei/incidents/incidents.enums';

/** What the server pushes; the typed event map of the gateway. */
export interface IncidentSummaryPayload {
  id: string;
  reference: string;
  title: string;
  status: IncidentStatus;
  severity: Severity;
  tlp: Tlp;
  version: number;
  updatedAt: string;
}

export interface ServerToClientEvents {
  'incident.created': (payload: { incident: IncidentSummaryPayload }) => void;
  'incident.updated': (payload: { incident: IncidentSummaryPayload; fields: string[] }) => void;
  'incident.timeline': (payload: {
    incidentId: string;
    entry: {
      sequence: string;
      kind: TimelineEntryKind;
      message: string;
      actorName: string;
      occurredAt: string;
    };
  }) => void;
  /** An alert's delivery state changed; to the promotion body and the alerted organisation. */
  'alert.updated': (payload: {
    incidentId: string;
    alertId: string;
    organisationId: string;
    state: string;
    channel: string | null;
  }) => void;
  ready: (payload: { organisationId: string; rooms: string[] }) => void;
}

export type ClientToServerEvents = Record<string, never>;
