import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { afterCommit } from '@renkei/core/database/after-commit';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { IncidentHooks, IncidentTransition } from '@renkei/core/events/incident-hooks';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { OPEN_STATUSES } from '@renkei/incidents/incident-lifecycle';
import { IncidentStatus, Severity, TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { loadIncidentRouting, IncidentRouting, routingContacts, snapshotOf } from './alert-context';
import { PlannedAlert, writeAlerts, WrittenAlert } from './alert-writer';
import { AlertPurpose, AlertState, EscalationState, WebhookEventType } from './alerting.enums';
import type { BilingualText } from './entities/alert.entity';
import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { EscalationEntity } from './entities/escalation.entity';
import { AlertJob, AlertQueue, enqueue, OutboxEntry, ReescalateJob, RemindJob, StepJob } from './outbox';
import {
  nextPosition,
  Recipient,
  resolveStep,
  RoutingOrganisation,
  selectPolicy,
  usableChannels,
} from './routing';

const CITY = 'city';
/** Marks the "end of the chain" job: fired after the last step's wait. */
const END = -1;

const severityRank = (severity: string) => Number(severity.replace('SEV', ''));

function names(organisations: RoutingOrganisation[], ids: Iterable<string>): { ja: string; en: string } {
  const byId = new Map(organisations.map((org) => [org.id, org]));
  const list = [...ids].map((id) => byId.get(id)).filter((org): org is RoutingOrganisation => Boolean(org));
  return { ja: list.map((org) => org.nameJa).join('、'), en: list.map((org) => org.nameEn).join(', ') };
}

/** A policy's wait in the largest whole unit (reescalateAfterSeconds may be any number of seconds). */
function describeWait(seconds: number): { ja: string; en: string } {
  const [count, ja, en] =
    seconds % 3600 === 0
      ? [seconds / 3600, '時間', 'hour']
      : seconds % 60 === 0
        ? [seconds / 60, '分', 'minute']
        : [seconds, '秒', 'second'];
  return { ja: `${count} ${ja}`, en: `${count} ${en}${count === 1 ? '' : 's'}` };
}

function rowToEscalation(row: Record<string, unknown>): EscalationEntity {
  return {
    id: row.id as string,
    incidentId: row.incident_id as string,
    scope: row.scope as string,
    policyId: row.policy_id as string | null,
    policy: row.policy as EscalationEntity['policy'],
    state: row.state as EscalationState,
    round: row.round as number,
    loop: row.loop as number,
    nextStep: row.next_step as number,
    nextStepAt: row.next_step_at as Date | null,
    acknowledgedAt: row.acknowledged_at as Date | null,
    endedAt: row.ended_at as Date | null,
    startedAt: row.started_at as Date,
    updatedAt: row.updated_at as Date,
  };
}

/**
 * The escalation workflow: which policy chases an incident, what each step sends, when the next step
 * fires (a delayed job through the outbox), and how acknowledgement, resolution and changes that
 * matter stop, restart or widen the chase. Every method runs inside the caller's transaction.
 */
@Injectable()
export class EscalationEngine implements OnModuleInit {
  private readonly logger = new Logger(EscalationEngine.name);

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly hooks: IncidentHooks,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.hooks.register((manager, transition) => this.onTransition(manager, transition));
  }

  async onTransition(
    manager: EntityManager,
    transition: IncidentTransition,
  ): Promise<Record<string, unknown> | void> {
    // Kinds the chase does not react to (flag changes) cost nothing.
    if (!['reported', 'severity', 'status', 'components'].includes(transition.kind)) return;
    const routing = await loadIncidentRouting(manager, transition.incidentId);
    if (!routing) return;
    switch (transition.kind) {
      case 'reported': {
        const alerts = await this.start(manager, routing, 0, AlertPurpose.INITIAL, null, false);
        return { alerts: alerts.length };
      }
      case 'severity':
        return this.onSeverity(manager, routing, transition.from, transition.to);
      case 'status':
        return this.onStatus(
          manager,
          routing,
          transition.from as IncidentStatus,
          transition.to as IncidentStatus,
        );
      case 'components':
        return this.onComponents(manager, routing, transition.added.length);
      default:
        return;
    }
  }

  // ---- the chase ----

  /** Starts the city escalation (and any organisation overrides it reaches) with its first step. */
  private async start(
    manager: EntityManager,
    routing: IncidentRouting,
    round: number,
    purpose: AlertPurpose,
    reason: BilingualText | null,
    audit: boolean,
  ): Promise<WrittenAlert[]> {
    const policy = selectPolicy(routing.policies, routing, null);
    if (!policy) {
      await appendTimeline(
        manager,
        routing.id,
        TimelineEntryKind.ALERTS_SENT,
        'No escalation policy matches this incident: nobody was alerted. Define a city default policy.',
        { policy: null },
        null,
      );
      return [];
    }
    const escalation = (await this.insertEscalation(
      manager,
      routing.id,
      CITY,
      policy,
      round,
    )) as EscalationEntity;
    return this.fireStep(manager, routing, escalation, { loop: 0, step: 0 }, purpose, reason, audit);
  }

  /**
   * Sends one step: everyone it names who has not acknowledged, then schedules the next step. A step
   * replayed (the same escalation, round, loop and step) reaches only people it has not reached.
   */
  private async fireStep(
    manager: EntityManager,
    routing: IncidentRouting,
    escalation: EscalationEntity,
    position: { loop: number; step: number },
    purpose: AlertPurpose,
    reason: BilingualText | null,
    audit: boolean,
    schedule = true,
  ): Promise<WrittenAlert[]> {
    const { policy } = escalation;
    const step = policy.steps[position.step];
    const scopeOrganisation = escalation.scope === CITY ? undefined : escalation.scope;
    const overrideOrganisations = new Set<string>();
    if (!scopeOrganisation) {
      for (const candidate of routing.policies) {
        if (candidate.organisationId && selectPolicy(routing.policies, routing, candidate.organisationId)) {
          overrideOrganisations.add(candidate.organisationId);
        }
      }
    }
    // Read with the incident's routing: participants, engaged organisations and whatever any policy names.
    const directory = routing.directory;
    const context = {
      participants: routing.participants,
      organisations: directory.organisations,
      contacts: directory.contacts,
      acknowledgedOrganisations: routing.acknowledged,
    };
    const recipients = resolveStep(step, {
      ...context,
      excludeOrganisations: overrideOrganisations,
      onlyOrganisation: scopeOrganisation,
    });
    const first = position.loop === 0 && position.step === 0;
    const stepPurpose = first ? purpose : AlertPurpose.ESCALATION;
    const outstanding = [...routing.chased].filter((id) => !routing.acknowledged.has(id));
    const stepReason =
      reason ??
      (first || outstanding.length === 0
        ? null
        : (() => {
            const silent = names(directory.organisations, outstanding);
            return { ja: `未応答: ${silent.ja}`, en: `Not yet acknowledged by ${silent.en}` };
          })());
    const triggerKey = `esc:${escalation.id}:r${escalation.round}:l${position.loop}:s${position.step}`;
    const planned: PlannedAlert[] = recipients.map((recipient) => ({
      recipient,
      triggerKey,
      purpose: stepPurpose,
      eventType:
        stepPurpose === AlertPurpose.INITIAL
          ? WebhookEventType.INCIDENT_CREATED
          : WebhookEventType.ALERT_CREATED,
      escalationId: escalation.id,
      stepIndex: position.step,
      stepCount: policy.steps.length,
      round: escalation.round,
      reason: stepReason,
    }));
    const fresh = (escalation as EscalationEntity & { prescheduled?: boolean }).prescheduled && schedule;
    const written = await writeAlerts(
      manager,
      routing.id,
      planned,
      policy.reminderIntervalSeconds,
      fresh ? [this.stepJob(escalation)] : [],
    );
    for (const alert of written) {
      if (alert.acknowledgementRequired) routing.chased.add(alert.organisationId);
    }

    // Organisations with their own policy are chased by it, from its first step.
    if (!scopeOrganisation && overrideOrganisations.size) {
      const reached = resolveStep(step, context).filter((r) => overrideOrganisations.has(r.organisationId));
      for (const organisationId of new Set(reached.map((r) => r.organisationId))) {
        written.push(
          ...(await this.startOverride(manager, routing, organisationId, escalation.round, purpose)),
        );
      }
    }

    const organisations = new Set(written.map((alert) => alert.organisationId));
    if (written.length) {
      const label = `step ${position.step + 1} of ${policy.steps.length}${position.loop ? `, repeat ${position.loop}` : ''}`;
      await appendTimeline(
        manager,
        routing.id,
        first && purpose === AlertPurpose.INITIAL
          ? TimelineEntryKind.ALERTS_SENT
          : TimelineEntryKind.ESCALATED,
        `${first && purpose === AlertPurpose.INITIAL ? 'Alerted' : purpose === AlertPurpose.REESCALATION && first ? 'Re-escalated to' : 'Escalated to'} ${written.length} contact(s) at ${organisations.size} organisation(s) (${scopeOrganisation ? 'the organisation’s own policy' : policy.name}, ${label})`,
        // Everyone who sees the incident reads its timeline: an organisation's own policy and the
        // alerts (which name directory contacts) stay in the audit log and `Incident.alerts`.
        {
          ...(scopeOrganisation
            ? { scope: 'organisation' }
            : { escalationId: escalation.id, policyId: policy.id }),
          round: escalation.round,
          loop: position.loop,
          step: position.step,
          alerts: written.length,
          organisationIds: [...organisations],
        },
        null,
      );
    }
    if (schedule) await this.scheduleAfter(manager, escalation, position);
    // The audit chain is one lock for the whole city: take it last, just before the commit.
    if (written.length && audit) {
      await this.audit.record(manager, {
        action: 'alert.step_fired',
        entityType: 'incident',
        entityId: routing.id,
        actor: null,
        data: {
          escalationId: escalation.id,
          policyId: policy.id,
          round: escalation.round,
          loop: position.loop,
          step: position.step,
          alerts: written.length,
          organisationIds: [...organisations],
        },
      });
    }
    // A report announces itself (with its latest timeline entry); later steps say so themselves.
    if (written.length && purpose !== AlertPurpose.INITIAL) {
      afterCommit(manager, () =>
        this.events.emit('incident', {
          type: 'incident.timeline',
          incidentId: routing.id,
          detail: { kind: TimelineEntryKind.ESCALATED },
        }),
      );
    }
    return written;
  }

  private async startOverride(
    manager: EntityManager,
    routing: IncidentRouting,
    organisationId: string,
    round: number,
    purpose: AlertPurpose,
  ): Promise<WrittenAlert[]> {
    const policy = selectPolicy(routing.policies, routing, organisationId);
    if (!policy) return [];
    const escalation = await this.insertEscalation(manager, routing.id, organisationId, policy, round, true);
    if (!escalation) return [];
    return this.fireStep(manager, routing, escalation, { loop: 0, step: 0 }, purpose, null, false);
  }

  private stepJob(escalation: EscalationEntity): OutboxEntry {
    const at = escalation.nextStepAt as Date;
    const job: StepJob = {
      escalationId: escalation.id,
      round: escalation.round,
      loop: escalation.loop,
      step: escalation.nextStep,
    };
    return {
      queue: AlertQueue.ESCALATIONS,
      name: AlertJob.STEP,
      jobId: `step_${escalation.id}_r${escalation.round}_l${escalation.loop}_s${escalation.nextStep}_${at.getTime()}`,
      payload: job as unknown as Record<string, unknown>,
      availableAt: at,
    };
  }

  /**
   * A new escalation, already pointing at the step after its first (which the caller fires at once):
   * the insert schedules it, and the step's job travels with the first alerts.
   */
  private async insertEscalation(
    manager: EntityManager,
    incidentId: string,
    scope: string,
    policy: EscalationPolicyEntity,
    round: number,
    conflictIgnored = false,
  ): Promise<EscalationEntity | null> {
    const next = nextPosition(policy.steps, policy.repeatCount, { loop: 0, step: 0 }) ?? {
      loop: 0,
      step: END,
    };
    const [row] = (await manager.query(
      `INSERT INTO escalation (incident_id, scope, policy_id, policy, state, round, loop, next_step, next_step_at)
       VALUES ($1, $2, $3, $4::jsonb, '${EscalationState.ACTIVE}', $5, $6, $7, now() + make_interval(secs => $8::int))
       ${conflictIgnored ? `ON CONFLICT (incident_id, scope) WHERE state <> 'SUPERSEDED' DO NOTHING` : ''}
       RETURNING *`,
      [
        incidentId,
        scope,
        policy.id,
        JSON.stringify(snapshotOf(policy)),
        round,
        next.loop,
        next.step,
        policy.steps[0].escalateAfterSeconds,
      ],
    )) as Record<string, unknown>[];
    if (!row) return null;
    const escalation = rowToEscalation(row);
    escalation.nextStepAt = new Date(escalation.nextStepAt as Date);
    return Object.assign(escalation, { prescheduled: true });
  }

  /** Records where the chase goes next and writes the delayed job that takes it there. */
  private async scheduleAfter(
    manager: EntityManager,
    escalation: EscalationEntity,
    position: { loop: number; step: number },
  ): Promise<void> {
    const fresh = escalation as EscalationEntity & { prescheduled?: boolean };
    if (fresh.prescheduled) {
      fresh.prescheduled = false;
      return;
    }
    const next = nextPosition(escalation.policy.steps, escalation.policy.repeatCount, position);
    const afterSeconds = escalation.policy.steps[position.step]?.escalateAfterSeconds ?? 0;
    const target = next ?? { loop: position.loop, step: END };
    // Due on the transaction's clock (the one the step's alerts are stamped with), not after its work.
    const [[updated]] = (await manager.query(
      `UPDATE escalation SET loop = $2, next_step = $3, next_step_at = now() + make_interval(secs => $4::int), updated_at = now()
        WHERE id = $1 RETURNING next_step_at`,
      [escalation.id, target.loop, target.step, afterSeconds],
    )) as [{ next_step_at: Date }[], number];
    const at = new Date(updated.next_step_at);
    Object.assign(escalation, { loop: target.loop, nextStep: target.step, nextStepAt: at });
    const job: StepJob = {
      escalationId: escalation.id,
      round: escalation.round,
      loop: target.loop,
      step: target.step,
    };
    await enqueue(manager, [
      {
        queue: AlertQueue.ESCALATIONS,
        name: AlertJob.STEP,
        jobId: `step_${escalation.id}_r${escalation.round}_l${target.loop}_s${target.step}_${at.getTime()}`,
        payload: job as unknown as Record<string, unknown>,
        availableAt: at,
      },
    ]);
  }

  /** The delayed job of a step. Stale jobs (the chase moved on, stopped or was acknowledged) do nothing. */
  async runStep(job: StepJob): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(`SELECT * FROM escalation WHERE id = $1 FOR UPDATE`, [
        job.escalationId,
      ])) as Record<string, unknown>[];
      if (!row) return 'gone';
      const escalation = rowToEscalation(row);
      if (escalation.state !== EscalationState.ACTIVE) return `skipped: ${escalation.state}`;
      if (
        escalation.round !== job.round ||
        escalation.loop !== job.loop ||
        escalation.nextStep !== job.step
      ) {
        return 'skipped: stale';
      }
      const routing = await loadIncidentRouting(manager, escalation.incidentId);
      if (!routing) return 'gone';
      if (!OPEN_STATUSES.includes(routing.status)) {
        await this.endEscalation(manager, escalation, EscalationState.STOPPED);
        return 'stopped: incident closed';
      }
      const scoped = [...routing.chased].filter((id) => escalation.scope === CITY || id === escalation.scope);
      const outstanding = scoped.filter((id) => !routing.acknowledged.has(id));
      if (scoped.length > 0 && outstanding.length === 0) {
        await this.markAcknowledged(manager, escalation, routing.severity);
        return 'acknowledged';
      }
      if (job.step === END) {
        await this.endEscalation(manager, escalation, EscalationState.COMPLETED, outstanding, routing);
        return 'completed';
      }
      const written = await this.fireStep(
        manager,
        routing,
        escalation,
        { loop: job.loop, step: job.step },
        AlertPurpose.ESCALATION,
        null,
        true,
      );
      return `fired ${written.length}`;
    });
  }

  private async endEscalation(
    manager: EntityManager,
    escalation: EscalationEntity,
    state: EscalationState,
    outstanding: string[] = [],
    routing?: IncidentRouting,
  ): Promise<void> {
    await manager.query(
      `UPDATE escalation SET state = $2, ended_at = now(), next_step_at = NULL, updated_at = now() WHERE id = $1`,
      [escalation.id, state],
    );
    if (state === EscalationState.COMPLETED && routing) {
      const silent = names(routing.directory.organisations, outstanding);
      await appendTimeline(
        manager,
        escalation.incidentId,
        TimelineEntryKind.ESCALATION_ENDED,
        `Escalation ended after its last step without an acknowledgement from ${silent.en || 'anyone'}`,
        {
          ...(escalation.scope === CITY ? { escalationId: escalation.id } : { scope: 'organisation' }),
          organisationIds: outstanding,
        },
        null,
      );
      await this.audit.record(manager, {
        action: 'alert.escalation_exhausted',
        entityType: 'incident',
        entityId: escalation.incidentId,
        actor: null,
        data: { escalationId: escalation.id, organisationIds: outstanding },
      });
    }
  }

  /** Everyone this escalation chases has acknowledged: it rests, and may wake for a re-escalation. */
  private async markAcknowledged(
    manager: EntityManager,
    escalation: EscalationEntity,
    severity: Severity,
  ): Promise<void> {
    await manager.query(
      `UPDATE escalation SET state = '${EscalationState.ACKNOWLEDGED}', acknowledged_at = now(), next_step_at = NULL, updated_at = now()
        WHERE id = $1`,
      [escalation.id],
    );
    const { reescalateAfterSeconds, reescalateSeverities } = escalation.policy;
    if (reescalateAfterSeconds && reescalateSeverities.includes(severity)) {
      const job: ReescalateJob = { escalationId: escalation.id, round: escalation.round };
      await enqueue(manager, [
        {
          queue: AlertQueue.ESCALATIONS,
          name: AlertJob.REESCALATE,
          jobId: `reescalate_${escalation.id}_r${escalation.round}`,
          payload: job as unknown as Record<string, unknown>,
          availableAt: new Date(Date.now() + reescalateAfterSeconds * 1000),
        },
      ]);
    }
  }

  /** Acknowledged but unresolved too long: a new round, the acknowledgements of this scope cleared. */
  async runReescalation(job: ReescalateJob): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(`SELECT * FROM escalation WHERE id = $1 FOR UPDATE`, [
        job.escalationId,
      ])) as Record<string, unknown>[];
      if (!row) return 'gone';
      const escalation = rowToEscalation(row);
      if (escalation.state !== EscalationState.ACKNOWLEDGED || escalation.round !== job.round)
        return 'skipped';
      const routing = await loadIncidentRouting(manager, escalation.incidentId);
      if (!routing || !OPEN_STATUSES.includes(routing.status)) return 'skipped: closed';
      if (!escalation.policy.reescalateSeverities.includes(routing.severity)) return 'skipped: severity';
      const round = escalation.round + 1;
      await manager.query(
        `UPDATE escalation SET state = '${EscalationState.ACTIVE}', round = $2, loop = 0, next_step = 0, acknowledged_at = NULL, updated_at = now()
          WHERE id = $1`,
        [escalation.id, round],
      );
      await manager.query(
        `UPDATE alert_engagement SET acknowledged_at = NULL
          WHERE incident_id = $1 AND acknowledgement_required AND ($2::text = '${CITY}' OR organisation_id::text = $2)`,
        [escalation.incidentId, escalation.scope],
      );
      for (const id of [...routing.acknowledged]) {
        if (escalation.scope === CITY || escalation.scope === id) routing.acknowledged.delete(id);
      }
      Object.assign(escalation, { state: EscalationState.ACTIVE, round, loop: 0, nextStep: 0 });
      const wait = describeWait(escalation.policy.reescalateAfterSeconds ?? 0);
      const written = await this.fireStep(
        manager,
        routing,
        escalation,
        { loop: 0, step: 0 },
        AlertPurpose.REESCALATION,
        {
          ja: `受領確認から ${wait.ja}経過しても未解決のため、再エスカレーションします`,
          en: `Still unresolved ${wait.en} after it was acknowledged: escalating again`,
        },
        true,
      );
      return `re-escalated to ${written.length}`;
    });
  }

  /** A reminder to one recipient who has not acknowledged; schedules the next one while allowed. */
  async runReminder(job: RemindJob): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const [row] = (await manager.query(
        `SELECT a.id, a.incident_id, a.organisation_id, a.contact_id, a.round, a.step_index, a.step_count, a.escalation_id,
                e.policy, e.state AS escalation_state, e.round AS escalation_round, i.status,
                g.acknowledged_at
           FROM alert a
           JOIN escalation e ON e.id = a.escalation_id
           JOIN incident i ON i.id = a.incident_id
           LEFT JOIN alert_engagement g ON g.incident_id = a.incident_id AND g.organisation_id = a.organisation_id
          WHERE a.id = $1
          FOR UPDATE OF e`,
        [job.alertId],
      )) as {
        id: string;
        incident_id: string;
        organisation_id: string;
        contact_id: string | null;
        round: number;
        step_index: number | null;
        step_count: number | null;
        escalation_id: string;
        policy: EscalationEntity['policy'];
        escalation_state: EscalationState;
        escalation_round: number;
        status: IncidentStatus;
        acknowledged_at: Date | null;
      }[];
      if (!row || !row.contact_id) return 'gone';
      if (row.acknowledged_at) return 'skipped: acknowledged';
      if (row.escalation_state !== EscalationState.ACTIVE || row.escalation_round !== row.round)
        return 'skipped';
      if (!OPEN_STATUSES.includes(row.status)) return 'skipped: closed';
      if (job.reminder > row.policy.maxReminders) return 'skipped: no reminders left';
      const contact = await this.contactsById(manager, [row.contact_id]);
      const recipient = contact[0];
      if (!recipient) return 'gone';
      const written = await writeAlerts(manager, row.incident_id, [
        {
          recipient: { ...recipient, acknowledgementRequired: true },
          triggerKey: `remind:${row.id}:${job.reminder}`,
          purpose: AlertPurpose.REMINDER,
          eventType: WebhookEventType.ALERT_CREATED,
          escalationId: row.escalation_id,
          stepIndex: row.step_index,
          stepCount: row.step_count,
          round: row.round,
          reason: {
            ja: `再通知 ${job.reminder}/${row.policy.maxReminders}: まだ受領確認がありません`,
            en: `Reminder ${job.reminder} of ${row.policy.maxReminders}: not yet acknowledged`,
          },
        },
      ]);
      if (job.reminder < row.policy.maxReminders && row.policy.reminderIntervalSeconds) {
        const next: RemindJob = { alertId: row.id, reminder: job.reminder + 1 };
        await enqueue(manager, [
          {
            queue: AlertQueue.ESCALATIONS,
            name: AlertJob.REMIND,
            jobId: `remind_${row.id}_${job.reminder + 1}`,
            payload: next as unknown as Record<string, unknown>,
            availableAt: new Date(Date.now() + row.policy.reminderIntervalSeconds * 1000),
          },
        ]);
      }
      return `reminded ${written.length}`;
    });
  }

  // ---- acknowledgement ----

  /**
   * Called after an organisation acknowledged (its engagement row updated by the caller): ends the
   * escalations that no longer chase anyone, cancels its alerts not yet sent.
   */
  async afterAcknowledgement(
    manager: EntityManager,
    incidentId: string,
    organisationId: string,
  ): Promise<void> {
    await this.cancelUnsent(manager, incidentId, organisationId);
    const routing = await loadIncidentRouting(manager, incidentId);
    if (!routing) return;
    const escalations = (
      (await manager.query(
        `SELECT * FROM escalation WHERE incident_id = $1 AND state = '${EscalationState.ACTIVE}' FOR UPDATE`,
        [incidentId],
      )) as Record<string, unknown>[]
    ).map(rowToEscalation);
    for (const escalation of escalations) {
      const scoped = [...routing.chased].filter((id) => escalation.scope === CITY || id === escalation.scope);
      if (scoped.length > 0 && scoped.every((id) => routing.acknowledged.has(id))) {
        await this.markAcknowledged(manager, escalation, routing.severity);
      }
    }
  }

  // ---- changes that matter ----

  private async onSeverity(
    manager: EntityManager,
    routing: IncidentRouting,
    from: string,
    to: string,
  ): Promise<void> {
    if (severityRank(to) >= severityRank(from)) return; // lowered: the timeline says so, nobody is paged
    const change = {
      ja: `重大度が ${from} から ${to} に引き上げられました`,
      en: `Severity raised from ${from} to ${to}`,
    };
    const reached = new Set<string>();
    const [current] = (await manager.query(
      `SELECT * FROM escalation WHERE incident_id = $1 AND scope = '${CITY}' AND state <> 'SUPERSEDED' FOR UPDATE`,
      [routing.id],
    )) as Record<string, unknown>[];
    const policy = selectPolicy(routing.policies, routing, null);
    if (!current || (policy && current.policy_id !== policy.id && OPEN_STATUSES.includes(routing.status))) {
      // A stricter policy now applies: the chase starts over under it for everyone not yet acknowledged.
      if (current) {
        await manager.query(
          `UPDATE escalation SET state = 'SUPERSEDED', ended_at = now(), next_step_at = NULL, updated_at = now()
            WHERE incident_id = $1 AND state <> 'SUPERSEDED'`,
          [routing.id],
        );
      }
      const written = await this.start(manager, routing, 0, AlertPurpose.ESCALATION, change, true);
      for (const alert of written) reached.add(alert.contactId);
    }
    await this.notifyEngaged(
      manager,
      routing,
      `severity:${to}`,
      WebhookEventType.INCIDENT_UPDATED,
      change,
      reached,
    );
  }

  private async onStatus(
    manager: EntityManager,
    routing: IncidentRouting,
    from: IncidentStatus,
    to: IncidentStatus,
  ): Promise<void> {
    const closing = to === IncidentStatus.RESOLVED || to === IncidentStatus.CLOSED;
    const change = {
      ja: `状況が ${from} から ${to} に変わりました`,
      en: `Status changed from ${from} to ${to}`,
    };
    if (closing) {
      await manager.query(
        `UPDATE escalation SET state = '${EscalationState.STOPPED}', ended_at = now(), next_step_at = NULL, updated_at = now()
          WHERE incident_id = $1 AND state IN ('${EscalationState.ACTIVE}', '${EscalationState.ACKNOWLEDGED}')`,
        [routing.id],
      );
      await this.cancelUnsent(manager, routing.id);
      if (to === IncidentStatus.RESOLVED) {
        await this.notifyEngaged(
          manager,
          routing,
          'resolved',
          WebhookEventType.INCIDENT_RESOLVED,
          change,
          new Set(),
        );
      }
      return;
    }
    const reached = new Set<string>();
    if (from === IncidentStatus.RESOLVED || from === IncidentStatus.CLOSED) {
      // Reopened: the responsible parties are chased again, in a new round.
      const [current] = (await manager.query(
        `SELECT * FROM escalation WHERE incident_id = $1 AND scope = '${CITY}' AND state <> 'SUPERSEDED' FOR UPDATE`,
        [routing.id],
      )) as Record<string, unknown>[];
      await manager.query(`UPDATE alert_engagement SET acknowledged_at = NULL WHERE incident_id = $1`, [
        routing.id,
      ]);
      routing.acknowledged.clear();
      const reason = { ja: 'インシデントが再開されました', en: 'The incident was reopened' };
      if (current) {
        const escalation = rowToEscalation(current);
        const round = escalation.round + 1;
        await manager.query(
          `UPDATE escalation SET state = '${EscalationState.ACTIVE}', round = $2, loop = 0, next_step = 0, ended_at = NULL, updated_at = now()
            WHERE id = $1`,
          [escalation.id, round],
        );
        Object.assign(escalation, { state: EscalationState.ACTIVE, round, loop: 0, nextStep: 0 });
        const written = await this.fireStep(
          manager,
          routing,
          escalation,
          { loop: 0, step: 0 },
          AlertPurpose.REESCALATION,
          reason,
          true,
        );
        for (const alert of written) reached.add(alert.contactId);
      } else {
        for (const alert of await this.start(manager, routing, 1, AlertPurpose.REESCALATION, reason, true)) {
          reached.add(alert.contactId);
        }
      }
    }
    await this.notifyEngaged(
      manager,
      routing,
      `status:${to}`,
      WebhookEventType.INCIDENT_UPDATED,
      change,
      reached,
    );
  }

  private async onComponents(manager: EntityManager, routing: IncidentRouting, count: number): Promise<void> {
    const reached = new Set<string>();
    const [current] = (await manager.query(
      `SELECT * FROM escalation WHERE incident_id = $1 AND scope = '${CITY}' AND state <> 'SUPERSEDED' FOR UPDATE`,
      [routing.id],
    )) as Record<string, unknown>[];
    if (current && OPEN_STATUSES.includes(routing.status)) {
      const escalation = rowToEscalation(current);
      const wasActive = escalation.state === EscalationState.ACTIVE;
      // The first step again: only the people it has not reached yet (new participants) get alerts.
      const written = await this.fireStep(
        manager,
        routing,
        escalation,
        { loop: 0, step: 0 },
        AlertPurpose.INITIAL,
        null,
        true,
        false,
      );
      for (const alert of written) reached.add(alert.contactId);
      if (!wasActive && written.some((alert) => alert.acknowledgementRequired)) {
        await manager.query(
          `UPDATE escalation SET state = '${EscalationState.ACTIVE}', acknowledged_at = NULL, ended_at = NULL, updated_at = now() WHERE id = $1`,
          [escalation.id],
        );
        escalation.state = EscalationState.ACTIVE;
        await this.scheduleAfter(manager, escalation, { loop: 0, step: 0 });
      }
    } else if (!current && OPEN_STATUSES.includes(routing.status)) {
      for (const alert of await this.start(manager, routing, 0, AlertPurpose.INITIAL, null, true)) {
        reached.add(alert.contactId);
      }
    }
    const change = {
      ja: `影響を受けるコンポーネントが ${count} 件追加されました`,
      en: `${count} affected component(s) added`,
    };
    await this.notifyEngaged(
      manager,
      routing,
      `components:${routing.version}`,
      WebhookEventType.INCIDENT_UPDATED,
      change,
      reached,
    );
  }

  /** Tells every contact already alerted about this incident (except `skip`) what changed. */
  private async notifyEngaged(
    manager: EntityManager,
    routing: IncidentRouting,
    key: string,
    eventType: string,
    change: BilingualText,
    skip: Set<string>,
  ): Promise<void> {
    const rows = (await manager.query(
      `SELECT DISTINCT contact_id FROM alert WHERE incident_id = $1 AND contact_id IS NOT NULL`,
      [routing.id],
    )) as { contact_id: string }[];
    const contactIds = rows.map((row) => row.contact_id).filter((id) => !skip.has(id));
    if (contactIds.length === 0) return;
    const recipients = await this.contactsById(manager, contactIds);
    const purpose =
      eventType === WebhookEventType.INCIDENT_RESOLVED ? AlertPurpose.RESOLVED : AlertPurpose.UPDATE;
    await writeAlerts(
      manager,
      routing.id,
      recipients.map((recipient) => ({
        recipient,
        triggerKey: `update:v${routing.version}:${key}`,
        purpose,
        eventType,
        escalationId: null,
        stepIndex: null,
        stepCount: null,
        round: 0,
        change,
      })),
    );
  }

  /**
   * Alerts asking for an acknowledgement that have not gone out yet (of one organisation, or all) are
   * no longer needed: cancelled, with their pending deliveries.
   */
  private async cancelUnsent(
    manager: EntityManager,
    incidentId: string,
    organisationId?: string,
  ): Promise<void> {
    await manager.query(
      `WITH cancelled AS (
         UPDATE alert SET state = '${AlertState.CANCELLED}', cancelled_at = now(), updated_at = now()
          WHERE incident_id = $1 AND ($2::uuid IS NULL OR organisation_id = $2)
            AND acknowledgement_required AND state = '${AlertState.PENDING}'
          RETURNING id
       )
       UPDATE alert_delivery SET state = 'CANCELLED', completed_at = now()
        WHERE alert_id IN (SELECT id FROM cancelled) AND state IN ('PENDING', 'RETRYING')`,
      [incidentId, organisationId ?? null],
    );
  }

  async contactsById(manager: EntityManager, ids: string[]): Promise<Recipient[]> {
    return (await routingContacts(manager, 'c.id = ANY($1::uuid[])', [ids])).map((contact) => ({
      contact,
      organisationId: contact.organisationId,
      acknowledgementRequired: false,
      channels: usableChannels(contact),
    }));
  }
}
