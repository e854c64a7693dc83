import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { DomainEvents, IncidentChange } from '@renkei/core/events/domain-events';
import { IncidentHooks } from '@renkei/core/events/incident-hooks';
import {
  DomainError,
  ErrorCode,
  badInput,
  conflict,
  forbidden,
  notFound,
} from '@renkei/core/errors/domain.errors';
import { Permission, roleHas } from '@renkei/core/auth/permissions';
import { rethrowConstraint } from '@renkei/core/database/database-errors';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { GuidelineService } from '@renkei/guideline/guideline.service';
import { UserEntity } from '@renkei/identity/entities/user.entity';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { ResponsibilityService } from '@renkei/responsibility/responsibility.service';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import {
  CreateTaskInput,
  IncidentRoleInput,
  UpdateIncidentInput,
  UpdateTaskInput,
} from './dto/incident.input';
import { IncidentEntity } from './entities/incident.entity';
import {
  IncidentComponentEntity,
  IncidentMemberEntity,
  IncidentParticipantEntity,
} from './entities/incident-links.entity';
import { IncidentTaskEntity } from './entities/incident-task.entity';
import { SeverityDefinitionEntity } from './entities/severity-definition.entity';
import { PHASE_TIMESTAMP, TRANSITIONS, canTransition } from './incident-lifecycle';
import { appendTimeline } from './incident-timeline';
import { IncidentsService } from './incidents.service';
import {
  IncidentRole,
  IncidentStatus,
  ParticipantSource,
  Severity,
  TaskStatus,
  Tlp,
  TimelineEntryKind,
  TLP_LABEL,
} from './incidents.enums';

const DUTY_ORDER = [Duty.RESPONSIBLE, Duty.ACCOUNTABLE, Duty.CONSULTED, Duty.INFORMED];

/** Incident facts that statutory reporting rules read: a change to one fires a `flags` transition. */
const STATUTORY_FACTS = new Set([
  'personalDataInvolved',
  'maliciousSuspected',
  'safetyImpact',
  'awareAt',
  'incidentTypeId',
  'category',
]);

/**
 * Every change to an incident after it was reported. Each runs in one transaction that locks the
 * incident, appends to its timeline, writes the audit event, and, once committed, tells the
 * realtime gateway.
 */
/**
 * A tabletop exercise's drill incident stays among the exercise's playing organisations (and its
 * organiser, who reported it): nobody from outside is brought into it (see DrillRouting).
 */
function requireInsideDrill(incident: IncidentEntity, organisationId: string, field: string): void {
  if (!incident.drill) return;
  if (incident.drill.organisationIds.includes(organisationId)) return;
  if (organisationId === incident.reporterOrganisationId) return;
  throw badInput(field, 'A drill incident stays within its exercise: this organisation does not play in it');
}

@Injectable()
export class IncidentCommandsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
    private readonly map: ResponsibilityService,
    private readonly guideline: GuidelineService,
    private readonly events: DomainEvents,
    private readonly hooks: IncidentHooks,
  ) {}

  /**
   * A change another context makes to an incident (a runbook applied, a review written), under the
   * same rules as every command here: the incident locked, visible to the actor and the actor's
   * organisation taking part (or the promotion body). The event is emitted after the commit.
   */
  async runOnIncident<T>(
    actor: Actor,
    incidentId: string,
    work: (
      manager: EntityManager,
      incident: IncidentEntity,
    ) => Promise<{ result: T; event?: IncidentChange['type']; detail?: Record<string, unknown> }>,
  ): Promise<T> {
    return this.change(actor, incidentId, work);
  }

  private async change<T>(
    actor: Actor,
    incidentId: string,
    work: (
      manager: EntityManager,
      incident: IncidentEntity,
    ) => Promise<{ result: T; event?: IncidentChange['type']; detail?: Record<string, unknown> }>,
  ): Promise<T> {
    const { result, event, detail } = await this.dataSource.transaction(async (manager) => {
      const incident = await this.incidents.findVisible(actor, incidentId, manager, true);
      await this.requireInvolvement(manager, actor, incident);
      return work(manager, incident);
    });
    if (event) this.events.emit('incident', { type: event, incidentId, detail });
    return result;
  }

  /**
   * Seeing an incident (a GREEN one shared city-wide, say) is not taking part in it: only the
   * promotion body, the participating organisations and the named people change it.
   */
  private async requireInvolvement(
    manager: EntityManager,
    actor: Actor,
    incident: IncidentEntity,
  ): Promise<void> {
    if (isCityWide(actor)) return;
    const [row] = (await manager.query(
      `SELECT EXISTS (SELECT 1 FROM incident_participant WHERE incident_id = $1 AND organisation_id = $2)
           OR EXISTS (SELECT 1 FROM incident_member WHERE incident_id = $1 AND user_id = $3) AS involved`,
      [incident.id, actor.organisationId, actor.userId],
    )) as { involved: boolean }[];
    if (!row.involved)
      throw forbidden(
        'Only the organisations taking part in this incident (and the people named on it) can change it',
      );
  }

  private async bump(
    manager: EntityManager,
    incident: IncidentEntity,
    changes: Partial<IncidentEntity> = {},
  ): Promise<IncidentEntity> {
    await manager.update(IncidentEntity, { id: incident.id }, {
      ...changes,
      version: incident.version + 1,
    } as never);
    return (await manager.findOneBy(IncidentEntity, { id: incident.id })) as IncidentEntity;
  }

  async update(actor: Actor, id: string, input: UpdateIncidentInput): Promise<IncidentEntity> {
    if (input.incidentTypeId && !this.guideline.isIncidentType(input.incidentTypeId)) {
      throw badInput('input.incidentTypeId', `Unknown incident type ${input.incidentTypeId}`);
    }
    return this.change(actor, id, async (manager, incident) => {
      if (input.expectedVersion !== undefined && input.expectedVersion !== incident.version) {
        throw conflict(
          `The incident changed since version ${input.expectedVersion} (now ${incident.version}); reload it`,
          'input.expectedVersion',
        );
      }
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const fields = [
        'title',
        'description',
        'severity',
        'category',
        'incidentTypeId',
        'detectionSource',
        'personalDataInvolved',
        'safetyImpact',
        'maliciousSuspected',
        'tlp',
      ] as const;
      for (const key of fields) {
        const value = input[key];
        if (value !== undefined && value !== incident[key]) changes[key] = { from: incident[key], to: value };
      }
      if (input.awareAt !== undefined) {
        const awareAt = new Date(input.awareAt);
        if (awareAt.getTime() > Date.now() + 5 * 60_000)
          throw badInput('input.awareAt', 'awareAt is in the future');
        if (awareAt.getTime() !== incident.awareAt?.getTime()) {
          changes.awareAt = { from: incident.awareAt, to: awareAt };
        }
      }
      if (Object.keys(changes).length === 0) return { result: incident };
      if (changes.tlp && incident.drill) {
        throw badInput('input.tlp', 'A drill incident keeps its sharing: its exercise decides who sees it');
      }
      if (changes.tlp?.to === Tlp.RED && !actor.userId) {
        throw badInput(
          'input.tlp',
          'TLP:RED names people who may see the incident; an API key cannot be one of them',
        );
      }
      if (changes.tlp?.to === Tlp.RED && actor.userId) {
        // Whoever raises an incident to RED stays among the named people who may see it.
        await manager
          .createQueryBuilder()
          .insert()
          .into(IncidentMemberEntity)
          .values({ incidentId: id, userId: actor.userId, role: IncidentRole.RECIPIENT })
          .orIgnore()
          .execute();
      }
      const updated = await this.bump(
        manager,
        incident,
        Object.fromEntries(
          Object.entries(changes).map(([key, value]) => [
            key,
            key === 'title' ? String(value.to).trim() : value.to,
          ]),
        ),
      );
      if (changes.severity) {
        const raised =
          Number(String(changes.severity.from).slice(3)) > Number(String(changes.severity.to).slice(3));
        await appendTimeline(
          manager,
          id,
          TimelineEntryKind.SEVERITY_CHANGED,
          `Severity ${raised ? 'raised' : 'lowered'} from ${changes.severity.from} to ${changes.severity.to}`,
          changes.severity,
          actor,
        );
      }
      if (changes.tlp) {
        await appendTimeline(
          manager,
          id,
          TimelineEntryKind.TLP_CHANGED,
          `Sharing changed from ${TLP_LABEL[changes.tlp.from as Tlp]} to ${TLP_LABEL[changes.tlp.to as Tlp]}`,
          changes.tlp,
          actor,
        );
      }
      const other = Object.keys(changes).filter((key) => key !== 'severity' && key !== 'tlp');
      if (other.length) {
        await appendTimeline(
          manager,
          id,
          TimelineEntryKind.DETAILS_UPDATED,
          `Updated ${other.join(', ')}`,
          Object.fromEntries(other.map((key) => [key, changes[key]])),
          actor,
        );
      }
      await this.audit.record(manager, {
        action: 'incident.updated',
        entityType: 'incident',
        entityId: id,
        data: changes,
      });
      if (changes.severity) {
        await this.hooks.run(manager, {
          kind: 'severity',
          incidentId: id,
          from: String(changes.severity.from),
          to: String(changes.severity.to),
        });
      }
      const flags = Object.keys(changes).filter((key) => STATUTORY_FACTS.has(key));
      if (flags.length) await this.hooks.run(manager, { kind: 'flags', incidentId: id, changed: flags });
      return { result: updated, event: 'incident.updated', detail: { fields: Object.keys(changes) } };
    });
  }

  async transition(actor: Actor, id: string, to: IncidentStatus, note?: string): Promise<IncidentEntity> {
    return this.transitionInTransaction(actor, id, to, note).catch((error) =>
      rethrowConstraint(error, {
        unique: [
          'input.status',
          'Another open incident of the reporting organisation uses this dedupKey; resolve it first',
        ],
      }),
    );
  }

  private async transitionInTransaction(
    actor: Actor,
    id: string,
    to: IncidentStatus,
    note?: string,
  ): Promise<IncidentEntity> {
    return this.change(actor, id, async (manager, incident) => {
      if (incident.drill && incident.status === IncidentStatus.CLOSED) {
        // Its exercise closed it (finished or cancelled): reopening would restart the drill's chase.
        throw badInput('input.status', 'A drill incident closed with its exercise and cannot be reopened');
      }
      if (!canTransition(incident.status, to)) {
        const allowed = TRANSITIONS[incident.status];
        throw badInput(
          'input.status',
          `${incident.status} cannot move to ${to}; allowed: ${allowed.join(', ') || 'none'}`,
        );
      }
      const now = new Date();
      const changes: Partial<IncidentEntity> = { status: to };
      const column = PHASE_TIMESTAMP[to];
      if (column) (changes as Record<string, unknown>)[column] = now;
      const reopened =
        incident.status === IncidentStatus.CLOSED ||
        (incident.status === IncidentStatus.RESOLVED && to === IncidentStatus.RESPONDING);
      if (reopened) Object.assign(changes, { reopenedAt: now, resolvedAt: null, closedAt: null });
      const updated = await this.bump(manager, incident, changes);
      const message = reopened ? `Reopened: ${incident.status} → ${to}` : `Status ${incident.status} → ${to}`;
      await appendTimeline(
        manager,
        id,
        TimelineEntryKind.STATUS_CHANGED,
        note ? `${message}: ${note}` : message,
        { from: incident.status, to, note: note ?? null, reopened },
        actor,
      );
      await this.audit.record(manager, {
        action: 'incident.status_changed',
        entityType: 'incident',
        entityId: id,
        data: { from: incident.status, to, reopened },
      });
      await this.hooks.run(manager, { kind: 'status', incidentId: id, from: incident.status, to });
      return { result: updated, event: 'incident.updated', detail: { fields: ['status'] } };
    });
  }

  async addNote(actor: Actor, id: string, message: string): Promise<IncidentEntity> {
    return this.change(actor, id, async (manager, incident) => {
      await appendTimeline(manager, id, TimelineEntryKind.NOTE, message.trim(), {}, actor);
      const updated = await this.bump(manager, incident);
      await this.audit.record(manager, {
        action: 'incident.note_added',
        entityType: 'incident',
        entityId: id,
        data: { length: message.length },
      });
      return { result: updated, event: 'incident.timeline', detail: { kind: TimelineEntryKind.NOTE } };
    });
  }

  /** Adds affected components; organisations the map makes responsible for them join as participants. */
  async addComponents(actor: Actor, id: string, componentIds: string[]): Promise<IncidentEntity> {
    return this.change(actor, id, async (manager, incident) => {
      const found = isCityWide(actor)
        ? await manager.findBy(ComponentEntity, { id: In(componentIds) })
        : await this.map.visibleComponents(actor, componentIds, manager);
      const missing = componentIds.find((cid) => !found.some((c) => c.id === cid));
      if (missing) throw badInput('componentIds', `Component ${missing} does not exist`);
      const existing = new Set(
        (await manager.findBy(IncidentComponentEntity, { incidentId: id })).map((row) => row.componentId),
      );
      const added = componentIds.filter((cid) => !existing.has(cid));
      if (added.length === 0) return { result: incident };
      await manager.insert(
        IncidentComponentEntity,
        added.map((componentId) => ({ incidentId: id, componentId })),
      );
      const { byOrganisation: parties } = await this.map.partiesFor(added, manager);
      const participants = new Map(
        (await manager.findBy(IncidentParticipantEntity, { incidentId: id })).map((p) => [
          p.organisationId,
          p,
        ]),
      );
      const joined: string[] = [];
      for (const [organisationId, items] of parties) {
        const duties = new Set(items.map((item) => item.assignment.duty));
        const current = participants.get(organisationId);
        if (current) {
          const merged = DUTY_ORDER.filter((duty) => duties.has(duty) || current.duties.includes(duty));
          if (merged.length !== current.duties.length) {
            await manager.update(
              IncidentParticipantEntity,
              { incidentId: id, organisationId },
              { duties: merged },
            );
          }
        } else {
          await manager.insert(IncidentParticipantEntity, {
            incidentId: id,
            organisationId,
            duties: DUTY_ORDER.filter((d) => duties.has(d)),
            source: ParticipantSource.MAP,
          });
          joined.push(organisationId);
        }
      }
      const updated = await this.bump(manager, incident);
      const names = found.filter((c) => added.includes(c.id)).map((c) => c.nameJa);
      await appendTimeline(
        manager,
        id,
        TimelineEntryKind.COMPONENT_ADDED,
        `Affected components added: ${names.join(', ')}`,
        { componentIds: added, newParticipants: joined },
        actor,
      );
      for (const organisationId of joined) {
        await appendTimeline(
          manager,
          id,
          TimelineEntryKind.PARTICIPANT_ADDED,
          'Participant added from the responsibility map',
          { organisationId, source: ParticipantSource.MAP },
          actor,
        );
      }
      await this.audit.record(manager, {
        action: 'incident.components_added',
        entityType: 'incident',
        entityId: id,
        data: { componentIds: added, newParticipants: joined },
      });
      await this.hooks.run(manager, { kind: 'components', incidentId: id, added });
      return {
        result: updated,
        event: 'incident.updated',
        detail: { fields: ['components', ...(joined.length ? ['participants'] : [])] },
      };
    });
  }

  async removeComponent(actor: Actor, id: string, componentId: string): Promise<IncidentEntity> {
    return this.change(actor, id, async (manager, incident) => {
      const result = await manager.delete(IncidentComponentEntity, { incidentId: id, componentId });
      if (!result.affected) throw badInput('componentId', 'That component is not on this incident');
      const updated = await this.bump(manager, incident);
      await appendTimeline(
        manager,
        id,
        TimelineEntryKind.COMPONENT_REMOVED,
        'Affected component removed',
        { componentId },
        actor,
      );
      await this.audit.record(manager, {
        action: 'incident.component_removed',
        entityType: 'incident',
        entityId: id,
        data: { componentId },
      });
      return { result: updated, event: 'incident.updated', detail: { fields: ['components'] } };
    });
  }

  async addParticipant(actor: Actor, id: string, organisationId: string): Promise<IncidentEntity> {
    return this.change(actor, id, async (manager, incident) => {
      const organisation = await manager.findOneBy(OrganisationEntity, { id: organisationId });
      if (!organisation) throw badInput('organisationId', `Organisation ${organisationId} does not exist`);
      requireInsideDrill(incident, organisationId, 'organisationId');
      if (await manager.findOneBy(IncidentParticipantEntity, { incidentId: id, organisationId })) {
        throw conflict(`${organisation.nameEn} already participates`, 'organisationId');
      }
      await manager.insert(IncidentParticipantEntity, {
        incidentId: id,
        organisationId,
        duties: [],
        source: ParticipantSource.MANUAL,
      });
      const updated = await this.bump(manager, incident);
      await appendTimeline(
        manager,
        id,
        TimelineEntryKind.PARTICIPANT_ADDED,
        `${organisation.nameJa} joined the incident`,
        { organisationId, source: ParticipantSource.MANUAL },
        actor,
      );
      await this.audit.record(manager, {
        action: 'incident.participant_added',
        entityType: 'incident',
        entityId: id,
        data: { organisationId },
      });
      return { result: updated, event: 'incident.updated', detail: { fields: ['participants'] } };
    });
  }

  async removeParticipant(actor: Actor, id: string, organisationId: string): Promise<IncidentEntity> {
    return this.change(actor, id, async (manager, incident) => {
      const result = await manager.delete(IncidentParticipantEntity, { incidentId: id, organisationId });
      if (!result.affected) throw badInput('organisationId', 'That organisation does not participate');
      const updated = await this.bump(manager, incident);
      await appendTimeline(
        manager,
        id,
        TimelineEntryKind.PARTICIPANT_REMOVED,
        'Participant removed',
        { organisationId },
        actor,
      );
      await this.audit.record(manager, {
        action: 'incident.participant_removed',
        entityType: 'incident',
        entityId: id,
        data: { organisationId },
      });
      return {
        result: updated,
        event: 'incident.updated',
        detail: { fields: ['participants'], removedOrganisationId: organisationId },
      };
    });
  }

  async assignRole(actor: Actor, id: string, input: IncidentRoleInput): Promise<IncidentEntity> {
    return this.change(actor, id, async (manager, incident) => {
      const user = await manager.findOneBy(UserEntity, { id: input.userId });
      if (!user || user.disabled) throw badInput('input.userId', `User ${input.userId} does not exist`);
      requireInsideDrill(incident, user.organisationId, 'input.userId');
      if (
        await manager.findOneBy(IncidentMemberEntity, {
          incidentId: id,
          userId: input.userId,
          role: input.role,
        })
      ) {
        return { result: incident };
      }
      await manager.insert(IncidentMemberEntity, { incidentId: id, userId: input.userId, role: input.role });
      const updated = await this.bump(manager, incident);
      await appendTimeline(
        manager,
        id,
        TimelineEntryKind.ROLE_ASSIGNED,
        `${user.displayName} is ${input.role}`,
        { userId: user.id, role: input.role },
        actor,
      );
      await this.audit.record(manager, {
        action: 'incident.role_assigned',
        entityType: 'incident',
        entityId: id,
        data: { userId: user.id, role: input.role },
      });
      return { result: updated, event: 'incident.updated', detail: { fields: ['members'] } };
    });
  }

  async removeRole(actor: Actor, id: string, input: IncidentRoleInput): Promise<IncidentEntity> {
    return this.change(actor, id, async (manager, incident) => {
      const result = await manager.delete(IncidentMemberEntity, {
        incidentId: id,
        userId: input.userId,
        role: input.role,
      });
      if (!result.affected) throw badInput('input.userId', 'That person does not hold this role');
      const updated = await this.bump(manager, incident);
      await appendTimeline(
        manager,
        id,
        TimelineEntryKind.ROLE_REMOVED,
        `Role ${input.role} removed`,
        { userId: input.userId, role: input.role },
        actor,
      );
      await this.audit.record(manager, {
        action: 'incident.role_removed',
        entityType: 'incident',
        entityId: id,
        data: { ...input },
      });
      return { result: updated, event: 'incident.updated', detail: { fields: ['members'] } };
    });
  }

  private async checkAssignee(
    manager: EntityManager,
    organisationId?: string,
    userId?: string,
  ): Promise<void> {
    if (organisationId && !(await manager.findOneBy(OrganisationEntity, { id: organisationId }))) {
      throw badInput('input.assigneeOrganisationId', `Organisation ${organisationId} does not exist`);
    }
    if (userId && !(await manager.findOneBy(UserEntity, { id: userId }))) {
      throw badInput('input.assigneeUserId', `User ${userId} does not exist`);
    }
  }

  async createTask(actor: Actor, incidentId: string, input: CreateTaskInput): Promise<IncidentTaskEntity> {
    return this.change(actor, incidentId, async (manager, incident) => {
      await this.checkAssignee(manager, input.assigneeOrganisationId, input.assigneeUserId);
      const task = await manager.save(
        manager.create(IncidentTaskEntity, {
          incidentId,
          title: input.title.trim(),
          description: input.description ?? '',
          assigneeOrganisationId: input.assigneeOrganisationId ?? null,
          assigneeUserId: input.assigneeUserId ?? null,
          dueAt: input.dueAt ? new Date(input.dueAt) : null,
          createdById: actor.userId,
        }),
      );
      await this.bump(manager, incident);
      await appendTimeline(
        manager,
        incidentId,
        TimelineEntryKind.TASK_CREATED,
        `Task: ${task.title}`,
        { taskId: task.id, assigneeOrganisationId: task.assigneeOrganisationId },
        actor,
      );
      await this.audit.record(manager, {
        action: 'incident.task_created',
        entityType: 'incident_task',
        entityId: task.id,
        data: { incidentId, title: task.title },
      });
      return { result: task, event: 'incident.timeline', detail: { kind: TimelineEntryKind.TASK_CREATED } };
    });
  }

  /** Managers change any task; contributors only tasks assigned to their organisation. */
  async updateTask(actor: Actor, taskId: string, input: UpdateTaskInput): Promise<IncidentTaskEntity> {
    const task = await this.dataSource.getRepository(IncidentTaskEntity).findOneBy({ id: taskId });
    if (!task) throw notFound('Task', taskId);
    return this.change(actor, task.incidentId, async (manager, incident) => {
      const current = await manager.findOne(IncidentTaskEntity, {
        where: { id: taskId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw notFound('Task', taskId);
      if (
        !roleHas(actor.role, Permission.INCIDENT_MANAGE) &&
        current.assigneeOrganisationId !== actor.organisationId
      ) {
        throw forbidden('You can update tasks assigned to your organisation only');
      }
      await this.checkAssignee(manager, input.assigneeOrganisationId, input.assigneeUserId);
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const key of [
        'title',
        'description',
        'status',
        'assigneeOrganisationId',
        'assigneeUserId',
      ] as const) {
        if (input[key] !== undefined && input[key] !== current[key])
          changes[key] = { from: current[key], to: input[key] };
      }
      if (input.dueAt === null && current.dueAt !== null) changes.dueAt = { from: current.dueAt, to: null };
      else if (input.dueAt && new Date(input.dueAt).getTime() !== current.dueAt?.getTime()) {
        changes.dueAt = { from: current.dueAt, to: new Date(input.dueAt) };
      }
      if (Object.keys(changes).length === 0) return { result: current };
      for (const [key, value] of Object.entries(changes))
        (current as unknown as Record<string, unknown>)[key] = value.to;
      if (changes.status) current.completedAt = current.status === TaskStatus.DONE ? new Date() : null;
      const saved = await manager.save(current);
      await this.bump(manager, incident);
      await appendTimeline(
        manager,
        incident.id,
        TimelineEntryKind.TASK_UPDATED,
        `Task "${saved.title}": ${Object.keys(changes).join(', ')} changed`,
        { taskId, changes },
        actor,
      );
      await this.audit.record(manager, {
        action: 'incident.task_updated',
        entityType: 'incident_task',
        entityId: taskId,
        data: { incidentId: incident.id, changes },
      });
      return { result: saved, event: 'incident.timeline', detail: { kind: TimelineEntryKind.TASK_UPDATED } };
    }).catch((error: unknown) => {
      // The task of an incident the caller may not see is answered as an unknown task: the error
      // must not name the incident.
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND) throw notFound('Task', taskId);
      throw error;
    });
  }

  /** An admin sets what a severity level means in this city. */
  async defineSeverity(
    level: Severity,
    text: { criteriaJa?: string; criteriaEn?: string; nameJa?: string; nameEn?: string },
  ) {
    return this.dataSource.transaction(async (manager) => {
      const changes = Object.fromEntries(Object.entries(text).filter(([, v]) => v !== undefined));
      if (Object.keys(changes).length === 0) throw badInput('input', 'Nothing to change');
      await manager.update(SeverityDefinitionEntity, { level }, changes);
      await this.audit.record(manager, {
        action: 'severity.defined',
        entityType: 'severity_definition',
        entityId: level,
        data: changes,
      });
      return manager.findOneByOrFail(SeverityDefinitionEntity, { level });
    });
  }
}
