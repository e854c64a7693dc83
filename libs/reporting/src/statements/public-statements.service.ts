import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { conflict, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { isUuid } from '@renkei/core/database/database-errors';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { IncidentsService } from '@renkei/incidents/incidents.service';
import { TLP_LABEL, TimelineEntryKind, Tlp } from '@renkei/incidents/incidents.enums';
import { PublicStatementInput } from '../dto/public-statement.type';
import { PublicStatementEntity } from '../entities/public-statement.entity';
import { PublicStatementStatus } from '../reporting.enums';

/**
 * Statements to residents (住民への情報提供, §3.2.2): drafted by the incident's responders, approved
 * — and so published — by a coordinator, only while the incident is TLP:CLEAR. A published statement
 * is never edited (residents may have read it): a correction is a new statement, a wrong one is
 * withdrawn. Whether the public page shows a statement is decided when the page is read (PUBLISHED
 * and its incident TLP:CLEAR now), so raising the incident's TLP hides it at once.
 */
@Injectable()
export class PublicStatementsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  async listForIncident(
    actor: Actor,
    incidentId: string,
  ): Promise<{ incident: IncidentEntity; statements: PublicStatementEntity[] }> {
    const incident = await this.incidents.findVisible(actor, incidentId);
    const statements = await this.dataSource
      .getRepository(PublicStatementEntity)
      .find({ where: { incidentId }, order: { createdAt: 'DESC', id: 'DESC' } });
    return { incident, statements };
  }

  async draft(
    actor: Actor,
    incidentId: string,
    input: PublicStatementInput,
  ): Promise<{ incident: IncidentEntity; statement: PublicStatementEntity }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const incident = await this.incidents.findVisible(actor, incidentId, manager, true);
      await this.requireInvolvement(manager, actor, incident);
      const statement = await manager.save(
        PublicStatementEntity,
        manager.create(PublicStatementEntity, {
          incidentId,
          ...text(input),
          status: PublicStatementStatus.DRAFT,
          draftedByUserId: actor.userId,
          draftedByName: actor.displayName,
        }),
      );
      await appendTimeline(
        manager,
        incidentId,
        TimelineEntryKind.NOTE,
        `Statement to residents drafted: ${statement.titleJa}`,
        { publicStatementId: statement.id },
        actor,
      );
      await this.audit.record(manager, {
        action: 'public_statement.drafted',
        entityType: 'public_statement',
        entityId: statement.id,
        data: { incidentId, titleJa: statement.titleJa },
      });
      return { incident, statement };
    });
    this.events.emit('incident', { type: 'incident.timeline', incidentId, detail: { kind: 'NOTE' } });
    return result;
  }

  /** Edits a draft (the incident's responders); a published or withdrawn statement is refused. */
  async update(
    actor: Actor,
    id: string,
    input: PublicStatementInput,
  ): Promise<{ incident: IncidentEntity; statement: PublicStatementEntity }> {
    return this.dataSource.transaction(async (manager) => {
      const { incident, statement } = await this.lockVisible(manager, actor, id);
      await this.requireInvolvement(manager, actor, incident);
      if (statement.status !== PublicStatementStatus.DRAFT) {
        throw conflict(
          `This statement is ${statement.status}: published statements are never edited. Publish a follow-up statement, or withdraw this one and publish a corrected one.`,
        );
      }
      await manager.update(PublicStatementEntity, { id }, { ...text(input), version: statement.version + 1 });
      await this.audit.record(manager, {
        action: 'public_statement.updated',
        entityType: 'public_statement',
        entityId: id,
        data: { incidentId: incident.id, titleJa: input.titleJa.trim() },
      });
      return {
        incident,
        statement: (await manager.findOneBy(PublicStatementEntity, { id })) as PublicStatementEntity,
      };
    });
  }

  /** A coordinator approves a draft: it is published at once, if the incident is TLP:CLEAR. */
  async approve(
    actor: Actor,
    id: string,
  ): Promise<{ incident: IncidentEntity; statement: PublicStatementEntity }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const { incident, statement } = await this.lockVisible(manager, actor, id);
      if (statement.status !== PublicStatementStatus.DRAFT) {
        throw conflict(`Only a draft can be approved; this statement is ${statement.status}`);
      }
      if (incident.exerciseId) {
        throw conflict(
          'This is a tabletop exercise’s drill incident: nothing about it is published to residents',
        );
      }
      if (incident.tlp !== Tlp.CLEAR) {
        throw conflict(
          `The incident is ${TLP_LABEL[incident.tlp]}: statements to residents are published only while it is TLP:CLEAR. Change the incident's TLP to CLEAR first.`,
        );
      }
      const now = new Date();
      await manager.update(
        PublicStatementEntity,
        { id },
        {
          status: PublicStatementStatus.PUBLISHED,
          approvedByUserId: actor.userId,
          approvedByName: actor.displayName,
          publishedAt: now,
          version: statement.version + 1,
        },
      );
      await appendTimeline(
        manager,
        incident.id,
        TimelineEntryKind.NOTE,
        `Statement to residents published: ${statement.titleJa}`,
        { publicStatementId: id },
        actor,
      );
      await this.audit.record(manager, {
        action: 'public_statement.published',
        entityType: 'public_statement',
        entityId: id,
        data: { incidentId: incident.id, publishedAt: now.toISOString() },
      });
      return {
        incident,
        statement: (await manager.findOneBy(PublicStatementEntity, { id })) as PublicStatementEntity,
      };
    });
    this.events.emit('incident', {
      type: 'incident.timeline',
      incidentId: result.incident.id,
      detail: { kind: 'NOTE' },
    });
    return result;
  }

  /** Takes a statement off the public page for good (or discards a draft). */
  async withdraw(
    actor: Actor,
    id: string,
    reason: string | undefined,
  ): Promise<{ incident: IncidentEntity; statement: PublicStatementEntity }> {
    const result = await this.dataSource.transaction(async (manager) => {
      const { incident, statement } = await this.lockVisible(manager, actor, id);
      if (statement.status === PublicStatementStatus.WITHDRAWN) {
        throw conflict('This statement is already withdrawn');
      }
      await manager.update(
        PublicStatementEntity,
        { id },
        {
          status: PublicStatementStatus.WITHDRAWN,
          withdrawnAt: new Date(),
          withdrawnReason: reason?.trim() || null,
          version: statement.version + 1,
        },
      );
      await appendTimeline(
        manager,
        incident.id,
        TimelineEntryKind.NOTE,
        `Statement to residents withdrawn: ${statement.titleJa}`,
        { publicStatementId: id, wasPublished: statement.status === PublicStatementStatus.PUBLISHED },
        actor,
      );
      await this.audit.record(manager, {
        action: 'public_statement.withdrawn',
        entityType: 'public_statement',
        entityId: id,
        data: { incidentId: incident.id, from: statement.status, reason: reason?.trim() || null },
      });
      return {
        incident,
        statement: (await manager.findOneBy(PublicStatementEntity, { id })) as PublicStatementEntity,
      };
    });
    this.events.emit('incident', {
      type: 'incident.timeline',
      incidentId: result.incident.id,
      detail: { kind: 'NOTE' },
    });
    return result;
  }

  /** The statement and its incident, locked, or NOT_FOUND when the actor may not see the incident. */
  private async lockVisible(
    manager: EntityManager,
    actor: Actor,
    id: string,
  ): Promise<{ incident: IncidentEntity; statement: PublicStatementEntity }> {
    if (!isUuid(id)) throw notFound('Public statement', id);
    const found = await manager.findOneBy(PublicStatementEntity, { id });
    if (!found) throw notFound('Public statement', id);
    // The incident first (the order every incident command locks in), then the statement.
    const incident = await this.incidents.findVisible(actor, found.incidentId, manager, true).catch(() => {
      throw notFound('Public statement', id);
    });
    const statement = (await manager.findOne(PublicStatementEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    })) as PublicStatementEntity;
    return { incident, statement };
  }

  /**
   * The rule of the incident commands: seeing an incident (a GREEN one shared city-wide) is not
   * taking part in it; the promotion body, the participating organisations and the named people
   * write its statements.
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
    if (!row.involved) {
      throw forbidden(
        'Only the organisations taking part in this incident (and the people named on it) write its statements',
      );
    }
  }
}

function text(input: PublicStatementInput) {
  return {
    titleJa: input.titleJa.trim(),
    titleEn: input.titleEn?.trim() ?? '',
    bodyJa: input.bodyJa.trim(),
    bodyEn: input.bodyEn?.trim() ?? '',
  };
}
