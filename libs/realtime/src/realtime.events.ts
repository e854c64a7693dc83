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
  /** Something happened in an exercise the socket joined (see ExerciseChange). */
  'exercise.event': (payload: { exerciseId: string; kind: string; data: Record<string, unknown> }) => void;
  ready: (payload: { organisationId: string; rooms: string[] }) => void;
}

export interface JoinRequest {
  kind: string;
  id: string;
}

export type JoinReply = { ok: true; rooms: string[] } | { ok: false; error: string };

export interface ClientToServerEvents {
  /** Joins the live rooms of a thing (`{ kind: 'exercise', id }`) the caller may see; answered by ack. */
  join: (request: JoinRequest, reply: (answer: JoinReply) => void) => void;
  leave: (request: JoinRequest, reply: (answer: { ok: boolean }) => void) => void;
}
