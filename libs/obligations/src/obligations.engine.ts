import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { afterCommit } from '@renkei/core/database/after-commit';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { IncidentHooks, IncidentTransition } from '@renkei/core/events/incident-hooks';
import { IncidentEntity, awarenessOf } from '@renkei/incidents/entities/incident.entity';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { dueAt, IncidentFacts, OPEN_OBLIGATION, responsibleOrganisation, triggerHolds } from './clock';
import { ObligationEntity } from './entities/obligation.entity';
import { ReportingRuleEntity, ReportingStage } from './entities/reporting-rule.entity';
import { ObligationTimerJob, scheduleTimers } from './obligation-jobs';
import { ObligationNoticeFacts, sendOverdue, sendReminder } from './obligation-notices';
import { DeadlineAnchor, ObligationStatus } from './obligations.enums';

export function factsOf(incident: IncidentEntity): IncidentFacts {
  return {
    personalDataInvolved: incident.personalDataInvolved,
    safetyImpact: incident.safetyImpact,
    maliciousSuspected: incident.maliciousSuspected,
    severity: incident.severity,
    incidentTypeId: incident.incidentTypeId,
    awareAt: awarenessOf(incident),
  };
}

/** Everything a notice about an obligation says, read in one statement (null: gone). */
export async function loadNoticeFacts(
  manager: EntityManager,
  obligationId: string,
): Promise<ObligationNoticeFacts | null> {
  const [row] = (await manager.query(
    `SELECT o.id AS "obligationId", o.incident_id AS "incidentId", i.reference AS "incidentReference",
            r.name_ja AS "ruleNameJa", r.name_en AS "ruleNameEn",
            s->>'nameJa' AS "stageNameJa", s->>'nameEn' AS "stageNameEn",
            a.name_ja AS "authorityNameJa", a.name_en AS "authorityNameEn",
            o.owner_organisation_id AS "ownerOrganisationId", w.name_ja AS "ownerNameJa", w.name_en AS "ownerNameEn",
            o.due_at AS "dueAt"
       FROM obligation o
       JOIN incident i ON i.id = o.incident_id
       JOIN reporting_rule r ON r.id = o.rule_id
       JOIN organisation a ON a.id = r.authority_organisation_id
       JOIN organisation w ON w.id = o.owner_organisation_id
       LEFT JOIN LATERAL (SELECT s FROM jsonb_array_elements(r.stages) s WHERE s->>'key' = o.stage_key) st ON true
      WHERE o.id = $1`,
    [obligationId],
  )) as (ObligationNoticeFacts & { stageNameJa: string | null; stageNameEn: string | null })[];
  if (!row) return null;
  return {
    ...row,
    stageNameJa: row.stageNameJa ?? '',
    stageNameEn: row.stageNameEn ?? '',
    dueAt: new Date(row.dueAt),
  };
}

/** After commit, the incident's screens reload it (its obligations changed). */
export function announce(manager: EntityManager, events: DomainEvents, incidentId: string): void {
  afterCommit(manager, () =>
    events.emit('incident', { type: 'incident.updated', incidentId, detail: { fields: ['obligations'] } }),
  );
}

/**
 * Keeps an incident's obligations in step with its facts, inside the incident's transaction (an
 * IncidentHooks hook): creates the stages of every rule whose trigger holds (never twice), withdraws
 * open ones whose trigger stopped holding, moves deadlines when awareness or the malicious flag
 * changed, and schedules reminder and deadline jobs through the outbox. Also runs those jobs.
 */
@Injectable()
export class ObligationsEngine implements OnModuleInit {
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
    if (transition.kind !== 'reported' && transition.kind !== 'flags' && transition.kind !== 'severity')
      return;
    const changes = await this.sync(manager, transition.incidentId);
    if (!changes.length) return;
    if (transition.kind === 'reported') return { obligations: changes.length };
    await this.audit.record(manager, {
      action: 'obligation.synced',
      entityType: 'incident',
      entityId: transition.incidentId,
      data: { changes },
    });
    announce(manager, this.events, transition.incidentId);
  }

  /** Brings the incident's obligations in line with its rules; returns what changed. */
  sync(manager: EntityManager, incidentId: string, now = new Date()): Promise<Record<string, unknown>[]> {
    return syncObligations(manager, incidentId, now);
  }

  // ---- delayed jobs ----

  /**
   * A reminder or the deadline, re-checked under the obligation's row lock: a job for a deadline that
   * moved, an obligation submitted or withdrawn, or a second copy of the same job does nothing.
   */
  async runTimer(kind: 'remind' | 'overdue', job: ObligationTimerJob, now = new Date()): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      const obligation = await manager.findOne(ObligationEntity, {
        where: { id: job.obligationId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!obligation) return 'gone';
      if (obligation.status !== ObligationStatus.PENDING) return `skipped: ${obligation.status}`;
      if (obligation.dueAt?.getTime() !== job.dueAt) return 'skipped: the deadline moved';
      const facts = await loadNoticeFacts(manager, obligation.id);
      if (!facts) return 'gone';
      if (kind === 'remind') {
        if (now.getTime() >= job.dueAt) return 'skipped: due';
        const sent = await sendReminder(
          manager,
          facts,
          job.reminder ?? 1,
          [obligation.ownerOrganisationId],
          now,
        );
        return `reminded ${sent}`;
      }
      if (now.getTime() < job.dueAt) throw new Error('The deadline job ran early; BullMQ retries it');
      await manager.update(
        ObligationEntity,
        { id: obligation.id },
        {
          status: ObligationStatus.OVERDUE,
          overdueAt: now,
        },
      );
      const promotion = (await manager.query(
        `SELECT id FROM organisation WHERE 'PROMOTION_BODY' = ANY(guideline_roles)`,
      )) as { id: string }[];
      const sent = await sendOverdue(manager, facts, [
        obligation.ownerOrganisationId,
        ...promotion.map((r) => r.id),
      ]);
      await appendTimeline(
        manager,
        obligation.incidentId,
        TimelineEntryKind.OBLIGATION_UPDATED,
        `Overdue: ${facts.stageNameEn} to ${facts.authorityNameEn} (${facts.ruleNameEn}) was due ${facts.dueAt.toISOString()}`,
        { obligationId: obligation.id, status: ObligationStatus.OVERDUE, dueAt: facts.dueAt },
        null,
      );
      await this.audit.record(manager, {
        action: 'obligation.overdue',
        entityType: 'obligation',
        entityId: obligation.id,
        actor: null,
        organisationId: obligation.ownerOrganisationId,
        data: { incidentId: obligation.incidentId, dueAt: facts.dueAt, notices: sent },
      });
      announce(manager, this.events, obligation.incidentId);
      return `overdue, ${sent} notice(s)`;
    });
  }
}

/**
 * Brings an incident's obligations in line with its rules, in the caller's transaction; returns what
 * changed (the demo seed uses it too).
 */
export async function syncObligations(
  manager: EntityManager,
  incidentId: string,
  now = new Date(),
): Promise<Record<string, unknown>[]> {
  const incident = await manager.findOneBy(IncidentEntity, { id: incidentId });
  // A tabletop exercise's drill incident is not an incident: it owes no authority a report, and its
  // reminders and overdue notices would reach organisations outside the exercise.
  if (!incident || incident.exerciseId) return [];
  const facts = factsOf(incident);
  const rules = await manager.findBy(ReportingRuleEntity, { enabled: true });
  const existing = await manager.find(ObligationEntity, {
    where: { incidentId },
    lock: { mode: 'pessimistic_write' },
  });
  const changes: Record<string, unknown>[] = [];
  const timers: { obligationId: string; dueAt: Date; stage: ReportingStage }[] = [];
  let owner: string | null = null;
  for (const rule of rules) {
    const holds = triggerHolds(rule.trigger, facts);
    let previousSubmittedAt: Date | null = null;
    for (const [index, stage] of rule.stages.entries()) {
      const current = existing.find((o) => o.ruleId === rule.id && o.stageKey === stage.key);
      const due = dueAt(
        stage,
        facts,
        stage.anchor === DeadlineAnchor.PREVIOUS_STAGE ? previousSubmittedAt : null,
      );
      previousSubmittedAt = current?.submittedAt ?? null;
      const change = { rule: rule.key, stage: stage.key };
      if (!current) {
        if (!holds) continue;
        owner ??= await ownerOf(manager, incident);
        const created = await manager.save(
          manager.create(ObligationEntity, {
            incidentId,
            ruleId: rule.id,
            stageKey: stage.key,
            stageIndex: index,
            ownerOrganisationId: owner,
            dueAt: due.dueAt,
            alternativeDuration: due.alternative,
            status: ObligationStatus.PENDING,
          }),
        );
        if (due.dueAt) timers.push({ obligationId: created.id, dueAt: due.dueAt, stage });
        changes.push({ ...change, obligationId: created.id, created: true, dueAt: due.dueAt });
        continue;
      }
      const open = OPEN_OBLIGATION.includes(current.status);
      if (!holds) {
        if (!open) continue;
        await manager.update(
          ObligationEntity,
          { id: current.id },
          {
            status: ObligationStatus.WITHDRAWN,
            withdrawnAt: now,
          },
        );
        changes.push({ ...change, obligationId: current.id, withdrawn: true });
        continue;
      }
      const reopened = current.status === ObligationStatus.WITHDRAWN;
      const moved = (current.dueAt?.getTime() ?? null) !== (due.dueAt?.getTime() ?? null);
      if (!(open || reopened) || (!moved && !reopened)) continue;
      await manager.update(
        ObligationEntity,
        { id: current.id },
        {
          dueAt: due.dueAt,
          alternativeDuration: due.alternative,
          status: ObligationStatus.PENDING,
          overdueAt: null,
          withdrawnAt: null,
        },
      );
      if (due.dueAt) timers.push({ obligationId: current.id, dueAt: due.dueAt, stage });
      changes.push({
        ...change,
        obligationId: current.id,
        ...(reopened ? { reopened: true } : {}),
        from: current.dueAt,
        dueAt: due.dueAt,
      });
    }
  }
  if (timers.length) await scheduleTimers(manager, timers, now);
  if (changes.length) {
    await appendTimeline(
      manager,
      incidentId,
      TimelineEntryKind.OBLIGATION_UPDATED,
      describeChanges(changes),
      { changes },
    );
  }
  return changes;
}

/** The organisation responsible for the data: first RESPONSIBLE participant, then operator, then reporter. */
async function ownerOf(manager: EntityManager, incident: IncidentEntity): Promise<string> {
  const [row] = (await manager.query(
    `SELECT COALESCE((SELECT array_agg(p.organisation_id ORDER BY p.added_at, p.organisation_id)
                          FROM incident_participant p
                         WHERE p.incident_id = $1 AND 'RESPONSIBLE' = ANY(p.duties)), '{}') AS responsible,
              COALESCE((SELECT array_agg(c.operating_organisation_id ORDER BY ic.added_at, c.id)
                          FROM incident_component ic JOIN component c ON c.id = ic.component_id
                         WHERE ic.incident_id = $1 AND c.operating_organisation_id IS NOT NULL), '{}') AS operators`,
    [incident.id],
  )) as { responsible: string[]; operators: string[] }[];
  return responsibleOrganisation({ ...row, reporter: incident.reporterOrganisationId });
}

function describeChanges(changes: Record<string, unknown>[]): string {
  const count = (key: string) => changes.filter((c) => c[key]).length;
  const parts = [
    count('created') && `${count('created')} statutory report(s) due`,
    count('withdrawn') && `${count('withdrawn')} withdrawn (the trigger no longer holds)`,
    count('reopened') && `${count('reopened')} reopened`,
    changes.length - count('created') - count('withdrawn') - count('reopened') &&
      `${changes.length - count('created') - count('withdrawn') - count('reopened')} deadline(s) moved`,
  ].filter(Boolean);
  return `Reporting obligations: ${parts.join('; ')}`;
}
