import { TRANSITIONS } from '@renkei/incidents/incident-lifecycle';
import { IncidentStatus, Severity } from '@renkei/incidents/incidents.enums';

/** PagerDuty caps an event at 512 KB; a bigger one is refused before anything is looked up. */
export const MAX_EVENT_BYTES = 512 * 1024;
export const MAX_SUMMARY_LENGTH = 1024;
export const MAX_DEDUP_KEY_LENGTH = 255;
/** What the incident register holds (ReportIncidentInput's limits). */
const MAX_TITLE_LENGTH = 300;
const MAX_DESCRIPTION_LENGTH = 20_000;

export const EVENT_ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
export type EventAction = (typeof EVENT_ACTIONS)[number];

export const EVENT_SEVERITIES = ['critical', 'error', 'warning', 'info'] as const;
export type EventSeverity = (typeof EVENT_SEVERITIES)[number];

export const SEVERITY_OF: Record<EventSeverity, Severity> = {
  critical: Severity.SEV1,
  error: Severity.SEV2,
  warning: Severity.SEV3,
  info: Severity.SEV4,
};

export interface EventPayload {
  summary: string;
  source: string;
  severity: EventSeverity;
  timestamp?: string;
  component?: string;
  group?: string;
  class?: string;
  customDetails?: unknown;
}

export interface EventLink {
  href: string;
  text?: string;
}

/** A PagerDuty Events API v2 event that passed validation. */
export interface PagerDutyEvent {
  routingKey: string;
  action: EventAction;
  dedupKey: string | null;
  /** Present for trigger events. */
  payload: EventPayload | null;
  client: string | null;
  clientUrl: string | null;
  links: EventLink[];
}

/** PagerDuty's answer to an event it refuses. */
export interface InvalidEvent {
  status: 'invalid event';
  message: string;
  errors: string[];
}

export function invalidEvent(errors: string[], message = 'Event object is invalid'): InvalidEvent {
  return { status: 'invalid event', message, errors };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isBlank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

const optionalString = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value : undefined;

/**
 * Checks an event the way PagerDuty's Events API v2 does and says everything that is wrong at once
 * (the `errors` of a 400 "invalid event"). Unknown fields are ignored, as PagerDuty ignores them.
 */
export function parseEvent(body: unknown): { event: PagerDutyEvent } | { invalid: InvalidEvent } {
  if (!isObject(body)) return { invalid: invalidEvent(['The event must be a JSON object']) };
  const errors: string[] = [];
  const routingKey = body.routing_key;
  if (isBlank(routingKey)) errors.push("'routing_key' is missing or blank");
  else if ((routingKey as string).length !== 32)
    errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  const action = body.event_action;
  if (!EVENT_ACTIONS.includes(action as EventAction)) {
    errors.push(
      "'event_action' is missing or invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')",
    );
  }
  const dedupKey = body.dedup_key;
  if (dedupKey !== undefined && dedupKey !== null) {
    if (isBlank(dedupKey)) errors.push("'dedup_key' must be a non-blank string");
    else if ((dedupKey as string).length > MAX_DEDUP_KEY_LENGTH)
      errors.push(`'dedup_key' must be at most ${MAX_DEDUP_KEY_LENGTH} characters`);
  } else if (action === 'acknowledge' || action === 'resolve') {
    errors.push(`'dedup_key' is required to ${action as string} an alert`);
  }
  let payload: EventPayload | null = null;
  if (action === 'trigger') {
    const raw = body.payload;
    if (!isObject(raw)) {
      errors.push("'payload' is missing or not an object");
    } else {
      if (isBlank(raw.summary)) errors.push("'payload.summary' is missing or blank");
      else if ((raw.summary as string).length > MAX_SUMMARY_LENGTH)
        errors.push(`'payload.summary' must be at most ${MAX_SUMMARY_LENGTH} characters`);
      if (isBlank(raw.source)) errors.push("'payload.source' is missing or blank");
      if (!EVENT_SEVERITIES.includes(raw.severity as EventSeverity)) {
        errors.push(
          "'payload.severity' is missing or invalid (must be one of the following: 'critical', 'error', 'warning' or 'info')",
        );
      }
      for (const field of ['timestamp', 'component', 'group', 'class'] as const) {
        if (raw[field] !== undefined && raw[field] !== null && typeof raw[field] !== 'string')
          errors.push(`'payload.${field}' must be a string`);
      }
      payload = {
        summary: String(raw.summary ?? '').trim(),
        source: String(raw.source ?? '').trim(),
        severity: raw.severity as EventSeverity,
        timestamp: optionalString(raw.timestamp),
        component: optionalString(raw.component),
        group: optionalString(raw.group),
        class: optionalString(raw.class),
        customDetails: raw.custom_details ?? undefined,
      };
    }
  }
  if (errors.length) return { invalid: invalidEvent(errors) };
  const links = Array.isArray(body.links)
    ? body.links
        .filter((link): link is Record<string, unknown> => isObject(link) && !isBlank(link.href))
        .map((link) => ({ href: String(link.href), text: optionalString(link.text) }))
        .slice(0, 20)
    : [];
  return {
    event: {
      routingKey: routingKey as string,
      action: action as EventAction,
      dedupKey: typeof dedupKey === 'string' ? dedupKey : null,
      payload,
      client: optionalString(body.client) ?? null,
      clientUrl: optionalString(body.client_url) ?? null,
      links,
    },
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The incident's title: the summary, shortened to what the register holds. */
export function titleOf(payload: EventPayload): string {
  return clip(payload.summary.replace(/\s+/g, ' '), MAX_TITLE_LENGTH);
}

/** The incident's description: where the event came from and its details (pretty JSON). */
export function descriptionOf(event: PagerDutyEvent, payload: EventPayload): string {
  const lines: string[] = [];
  if (titleOf(payload) !== payload.summary) lines.push(payload.summary, '');
  lines.push(`Source: ${payload.source}`);
  if (payload.component) lines.push(`Component: ${payload.component}`);
  if (payload.group) lines.push(`Group: ${payload.group}`);
  if (payload.class) lines.push(`Class: ${payload.class}`);
  if (event.client) lines.push(`Client: ${event.client}${event.clientUrl ? ` (${event.clientUrl})` : ''}`);
  else if (event.clientUrl) lines.push(`Client: ${event.clientUrl}`);
  for (const link of event.links) lines.push(`Link: ${link.text ? `${link.text} ` : ''}${link.href}`);
  if (payload.customDetails !== undefined) {
    lines.push(
      '',
      'Details:',
      typeof payload.customDetails === 'string'
        ? payload.customDetails
        : JSON.stringify(payload.customDetails, null, 2),
    );
  }
  return clip(lines.join('\n'), MAX_DESCRIPTION_LENGTH);
}

/** The event's timestamp as the detection time, when it is a valid date not in the future. */
export function detectedAtOf(payload: EventPayload, now = Date.now()): string | undefined {
  if (!payload.timestamp) return undefined;
  const at = new Date(payload.timestamp);
  if (Number.isNaN(at.getTime()) || at.getTime() > now) return undefined;
  return at.toISOString();
}

/** The statuses an incident passes through, by allowed transitions, on the shortest way to RESOLVED. */
export function pathToResolved(from: IncidentStatus): IncidentStatus[] {
  const previous = new Map<IncidentStatus, IncidentStatus>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length) {
    const status = queue.shift() as IncidentStatus;
    if (status === IncidentStatus.RESOLVED) break;
    for (const next of TRANSITIONS[status]) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, status);
      queue.push(next);
    }
  }
  if (from === IncidentStatus.RESOLVED || !seen.has(IncidentStatus.RESOLVED)) return [];
  const path: IncidentStatus[] = [];
  for (let at = IncidentStatus.RESOLVED; at !== from; at = previous.get(at) as IncidentStatus)
    path.unshift(at);
  return path;
}
