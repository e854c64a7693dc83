import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { badInput, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { incidentVisibility } from '@renkei/incidents/incident-visibility';
import { IncidentsService } from '@renkei/incidents/incidents.service';
import { ParticipantSource, TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { IncidentParticipantEntity } from '@renkei/incidents/entities/incident-links.entity';
import { OPEN_OBLIGATION, ownerAfterNotice, submissionStatus } from './clock';
import { CommissionerNotifiedInput, SubmitObligationInput } from './dto/obligation.input';
import { ObligationEntity } from './entities/obligation.entity';
import { ReportingRuleEntity } from './entities/reporting-rule.entity';
import { announce, loadNoticeFacts, ObligationsEngine } from './obligations.engine';
import { sendAssigned } from './obligation-notices';
import { ObligationStatus } from './obligations.enums';

const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Reading obligations (through the incident's visibility) and recording what people did about them. */
@Injectable()
export class ObligationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly incidents: IncidentsService,
    private readonly engine: ObligationsEngine,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {}

  /** For the Incident.obligations loader: the caller already sees these incidents. */
  async obligationsOf(incidentIds: readonly string[]): Promise<ObligationEntity[]> {
    return this.dataSource.getRepository(ObligationEntity).find({
      where: { incidentId: In([...incidentIds]) },
      order: { stageIndex: 'ASC', createdAt: 'ASC' },
    });
  }

  /**
   * One incident's obligations as the actor may read them, with their rules: the read rule of
   * Incident.obligations — whoever sees the incident sees its obligations (they carry no other
   * organisation's private data). An incident the actor may not see is NOT_FOUND.
   */
  async readableOf(
    actor: Actor,
    incidentId: string,
  ): Promise<{ obligations: ObligationEntity[]; rules: ReportingRuleEntity[] }> {
    await this.incidents.findVisible(actor, incidentId);
    const obligations = await this.obligationsOf([incidentId]);
    const rules = await this.rulesByIds([...new Set(obligations.map((o) => o.ruleId))]);
    return { obligations, rules };
  }

  async rulesByIds(ids: readonly string[]): Promise<ReportingRuleEntity[]> {
    return this.dataSource.getRepository(ReportingRuleEntity).findBy({ id: In([...ids]) });
  }

  /**
   * Overdue obligations (state OVERDUE, or PENDING past the deadline when the job is late) on the
   * incidents the caller may see, earliest deadline first; `mine`: those its organisation owns.
   */
  async overdue(actor: Actor, mine: boolean, limit: number): Promise<ObligationEntity[]> {
    const visibility = incidentVisibility(actor, 'i', 0);
    const params: unknown[] = [...visibility.params];
    const own = mine ? `AND o.owner_organisation_id = $${params.push(actor.organisationId)}` : '';
    const rows = (await this.dataSource.query(
      `SELECT o.id FROM obligation o JOIN incident i ON i.id = o.incident_id
        WHERE (o.status = '${ObligationStatus.OVERDUE}' OR (o.status = '${ObligationStatus.PENDING}' AND o.due_at <= now()))
          AND ${visibility.sql} ${own}
        ORDER BY o.due_at, o.id LIMIT ${limit}`,
      params,
    )) as { id: string }[];
    if (!rows.length) return [];
    const found = await this.dataSource
      .getRepository(ObligationEntity)
      .findBy({ id: In(rows.map((r) => r.id)) });
    const byId = new Map(found.map((o) => [o.id, o]));
    return rows.map((r) => byId.get(r.id) as ObligationEntity);
  }

  /**
   * An obligation of a visible incident, locked, that the caller may act on: the owner organisation,
   * the promotion body's staff (city-wide roles) and the promotion body organisation's people.
   */
  private async actionable(manager: EntityManager, actor: Actor, id: string): Promise<ObligationEntity> {
    const obligation = await manager.findOne(ObligationEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!obligation) throw notFound('Obligation', id);
    await this.incidents.findVisible(actor, obligation.incidentId, manager).catch(() => {
      throw notFound('Obligation', id);
    });
    if (isCityWide(actor) || obligation.ownerOrganisationId === actor.organisationId) return obligation;
    const [promotion] = (await manager.query(
      `SELECT 1 FROM organisation WHERE id = $1 AND 'PROMOTION_BODY' = ANY(guideline_roles)`,
      [actor.organisationId],
    )) as unknown[];
    if (promotion) return obligation;
    throw forbidden('Only the organisation that holds this duty and the promotion body record it');
  }

  /** Records that the report was submitted (with the authority's receipt number); late if after the deadline. */
  async submit(actor: Actor, id: string, input: SubmitObligationInput): Promise<ObligationEntity> {
    const submittedAt = input.submittedAt ? new Date(input.submittedAt) : new Date();
    if (submittedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      throw badInput('input.submittedAt', 'submittedAt is in the future');
    }
    return this.dataSource.transaction(async (manager) => {
      const obligation = await this.actionable(manager, actor, id);
      if (!OPEN_OBLIGATION.includes(obligation.status)) {
        throw badInput('id', `This obligation is ${obligation.status}; nothing to submit`);
      }
      if (obligation.dueAt === null) {
        throw badInput('id', 'The previous stage has not been submitted yet');
      }
      const incident = await this.incidents.findVisible(actor, obligation.incidentId, manager);
      if (submittedAt.getTime() < incident.reportedAt.getTime() - 366 * 86_400_000) {
        throw badInput('input.submittedAt', 'submittedAt is long before the incident');
      }
      const status = submissionStatus(obligation.dueAt, submittedAt);
      await manager.update(
        ObligationEntity,
        { id },
        {
          status,
          submittedAt,
          submissionReference: input.reference.trim(),
          submittedByUserId: actor.userId,
          submittedByName: actor.displayName,
        },
      );
      const facts = await loadNoticeFacts(manager, id);
      await appendTimeline(
        manager,
        obligation.incidentId,
        TimelineEntryKind.OBLIGATION_UPDATED,
        `${status === ObligationStatus.SUBMITTED_LATE ? 'Submitted late' : 'Submitted'}: ${facts?.stageNameEn} to ${facts?.authorityNameEn}`,
        { obligationId: id, status, submittedAt },
        actor,
      );
      await this.audit.record(manager, {
        action: 'obligation.submitted',
        entityType: 'obligation',
        entityId: id,
        data: { incidentId: obligation.incidentId, status, submittedAt, reference: input.reference.trim() },
      });
      // A later stage anchored on this submission gets its deadline now.
      await this.engine.sync(manager, obligation.incidentId);
      announce(manager, this.events, obligation.incidentId);
      return manager.findOneByOrFail(ObligationEntity, { id });
    });
  }

  /**
   * The contractor (受託者) told its commissioning organisation (委託元): the duty passes to that
   * organisation for every open obligation of the incident the contractor holds (APPI Art. 26(1)).
   */
  async recordCommissionerNotified(
    actor: Actor,
    id: string,
    input: CommissionerNotifiedInput,
  ): Promise<ObligationEntity[]> {
    const notifiedAt = input.notifiedAt ? new Date(input.notifiedAt) : new Date();
    if (notifiedAt.getTime() > Date.now() + FUTURE_TOLERANCE_MS) {
      throw badInput('input.notifiedAt', 'notifiedAt is in the future');
    }
    return this.dataSource.transaction(async (manager) => {
      const obligation = await this.actionable(manager, actor, id);
      if (!OPEN_OBLIGATION.includes(obligation.status)) {
        throw badInput('id', `This obligation is ${obligation.status}; its duty can no longer pass`);
      }
      const contractor = obligation.ownerOrganisationId;
      const [client] = (await manager.query(
        `SELECT r.client_organisation_id AS id, o.name_ja, o.name_en
           FROM organisation_relationship r JOIN organisation o ON o.id = r.client_organisation_id
          WHERE r.kind = 'OUTSOURCING' AND r.contractor_organisation_id = $1
          ORDER BY EXISTS (SELECT 1 FROM incident_participant p WHERE p.incident_id = $2 AND p.organisation_id = r.client_organisation_id) DESC,
                   r.created_at, r.id
          LIMIT 1`,
        [contractor, obligation.incidentId],
      )) as { id: string; name_ja: string; name_en: string }[];
      if (!client) {
        throw badInput(
          'id',
          'The organisation holding this duty is no contractor: the directory has no commissioning organisation for it',
        );
      }
      const moving = await manager.find(ObligationEntity, {
        where: {
          incidentId: obligation.incidentId,
          ownerOrganisationId: contractor,
          status: In(OPEN_OBLIGATION),
        },
        lock: { mode: 'pessimistic_write' },
      });
      const next = ownerAfterNotice(
        { ownerOrganisationId: contractor, delegatedFromOrganisationId: null },
        client.id,
      );
      await manager.update(
        ObligationEntity,
        { id: In(moving.map((o) => o.id)) },
        {
          ...next,
          commissionerNotifiedAt: notifiedAt,
          commissionerNotifiedBy: input.notifiedBy?.trim() || actor.displayName,
        },
      );
      const joined = await manager
        .createQueryBuilder()
        .insert()
        .into(IncidentParticipantEntity)
        .values({
          incidentId: obligation.incidentId,
          organisationId: client.id,
          duties: [],
          source: ParticipantSource.MANUAL,
        })
        .orIgnore()
        .execute();
      if (joined.identifiers.length) {
        await appendTimeline(
          manager,
          obligation.incidentId,
          TimelineEntryKind.PARTICIPANT_ADDED,
          `${client.name_ja} joined the incident: a reporting duty passed to it`,
          { organisationId: client.id, source: ParticipantSource.MANUAL },
          actor,
        );
      }
      await appendTimeline(
        manager,
        obligation.incidentId,
        TimelineEntryKind.OBLIGATION_UPDATED,
        `Reporting duty passed to the commissioning organisation ${client.name_en} (the contractor told it)`,
        { obligationIds: moving.map((o) => o.id), from: contractor, to: client.id, notifiedAt },
        actor,
      );
      await this.audit.record(manager, {
        action: 'obligation.commissioner_notified',
        entityType: 'obligation',
        entityId: id,
        data: {
          incidentId: obligation.incidentId,
          obligationIds: moving.map((o) => o.id),
          from: contractor,
          to: client.id,
          notifiedAt,
          notifiedBy: input.notifiedBy?.trim() || actor.displayName,
        },
      });
      const [contractorRow] = (await manager.query(
        `SELECT name_ja, name_en FROM organisation WHERE id = $1`,
        [contractor],
      )) as { name_ja: string; name_en: string }[];
      for (const moved of moving) {
        const facts = await loadNoticeFacts(manager, moved.id);
        if (facts && moved.dueAt)
          await sendAssigned(manager, facts, contractorRow.name_ja, contractorRow.name_en);
      }
      announce(manager, this.events, obligation.incidentId);
      return manager.find(ObligationEntity, {
        where: { id: In(moving.map((o) => o.id)) },
        order: { stageIndex: 'ASC' },
      });
    });
  }
}
