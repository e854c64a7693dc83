import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** A change to an incident that others must act on inside the same transaction (alerting's outbox). */
export type IncidentTransition =
  | { kind: 'reported'; incidentId: string }
  | { kind: 'severity'; incidentId: string; from: string; to: string }
  | { kind: 'status'; incidentId: string; from: string; to: string }
  | { kind: 'components'; incidentId: string; added: string[] }
  /** Facts that decide statutory duties changed (personal data, malicious, awareness time, type…). */
  | { kind: 'flags'; incidentId: string; changed: string[] };

/** A hook may return facts for the caller's audit event (the report's own event carries the first alerts). */
export type IncidentHook = (
  manager: EntityManager,
  transition: IncidentTransition,
) => Promise<Record<string, unknown> | void>;

/**
 * Lets the incident register call into contexts that depend on it (alerting) without depending on
 * them: hooks run in the incident's transaction, so what they write commits or rolls back with it.
 */
@Injectable()
export class IncidentHooks {
  private readonly hooks: IncidentHook[] = [];

  register(hook: IncidentHook): void {
    this.hooks.push(hook);
  }

  async run(manager: EntityManager, transition: IncidentTransition): Promise<Record<string, unknown>> {
    const facts: Record<string, unknown> = {};
    for (const hook of this.hooks) Object.assign(facts, (await hook(manager, transition)) ?? {});
    return facts;
  }
}
