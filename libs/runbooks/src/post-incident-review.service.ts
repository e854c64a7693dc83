import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Permission, roleHas } from '@renkei/core/auth/permissions';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { isUuid } from '@renkei/core/database/database-errors';
import { DomainError, ErrorCode, badInput, forbidden, notFound } from '@renkei/core/errors/domain.errors';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { IncidentCommandsService } from '@renkei/incidents/incident-commands.service';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { IncidentsService } from '@renkei/incidents/incidents.service';
import { TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { ResponsibilityService } from '@renkei/responsibility/responsibility.service';
import { AddFindingInput, SaveReviewInput, UpdateFindingInput } from './dto/runbook.input';
import { PostIncidentReviewEntity, ReviewFindingEntity } from './entities/review.entity';
import { RunbookStepEntity, RunbookVersionEntity } from './entities/runbook.entity';
import { RunbookLibraryService } from './runbook-library.service';
import { FindingActionKind, FindingStatus, ReviewStatus } from './runbooks.enums';

/**
 * Lessons learned (IR⑤): a post-incident review per incident, its findings and their actions,
 * tracked to done; a runbook finding becomes a proposed change in the runbook's draft.
 * Visibility follows the incident.
 */
@Injectable()
export class PostIncidentReviewService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly incidents: IncidentsService,
    private readonly commands: IncidentCommandsService,
    private readonly library: RunbookLibraryService,
    private readonly map: ResponsibilityService,
  ) {}

  async reviewsOf(incidentIds: readonly string[]): Promise<PostIncidentReviewEntity[]> {
    if (incidentIds.length === 0) return [];
    return this.dataSource
      .getRepository(PostIncidentReviewEntity)
      .findBy({ incidentId: In([...incidentIds]) });
  }

  async findingsOf(reviewIds: readonly string[]): Promise<ReviewFindingEntity[]> {
    if (reviewIds.length === 0) return [];
    return this.dataSource.getRepository(ReviewFindingEntity).find({
      where: { reviewId: In([...reviewIds]) },
      order: { createdAt: 'ASC' },
    });
  }

  /** Creates or updates the incident's review; `completed` completes (or reopens) it. */
  async save(actor: Actor, incidentId: string, input: SaveReviewInput): Promise<PostIncidentReviewEntity> {
    if (!isUuid(incidentId)) throw badInput('incidentId', `${incidentId} is not a valid id`);
    return this.commands.runOnIncident(actor, incidentId, async (manager, incident) => {
      const review = await this.reviewFor(manager, actor, incident.id);
      const changes: Partial<PostIncidentReviewEntity> = {};
      for (const key of ['summary', 'wentWell', 'wentBadly'] as const) {
        if (input[key] !== undefined && input[key] !== review[key]) changes[key] = input[key];
      }
      const completing = input.completed === true && review.status !== ReviewStatus.COMPLETED;
      const reopening = input.completed === false && review.status === ReviewStatus.COMPLETED;
      if (completing) {
        if (!(changes.summary ?? review.summary).trim()) {
          throw badInput('input.summary', 'A completed review needs a summary');
        }
        Object.assign(changes, {
          status: ReviewStatus.COMPLETED,
          completedAt: new Date(),
          completedById: actor.userId,
        });
      }
      if (reopening)
        Object.assign(changes, { status: ReviewStatus.DRAFT, completedAt: null, completedById: null });
      if (Object.keys(changes).length)
        await manager.update(PostIncidentReviewEntity, { id: review.id }, changes);
      if (completing) {
        const [{ count }] = (await manager.query(
          `SELECT count(*)::int AS count FROM review_finding WHERE review_id = $1`,
          [review.id],
        )) as { count: number }[];
        await appendTimeline(
          manager,
          incident.id,
          TimelineEntryKind.REVIEW_COMPLETED,
          `Post-incident review completed: ${count} findings`,
          { reviewId: review.id, findings: count },
          actor,
        );
      }
      await this.audit.record(manager, {
        action: completing ? 'review.completed' : reopening ? 'review.reopened' : 'review.saved',
        entityType: 'post_incident_review',
        entityId: review.id,
        data: { incidentId, fields: Object.keys(changes) },
      });
      const saved = (await manager.findOneBy(PostIncidentReviewEntity, {
        id: review.id,
      })) as PostIncidentReviewEntity;
      return { result: saved, event: completing ? 'incident.timeline' : undefined };
    });
  }

  private async reviewFor(
    manager: EntityManager,
    actor: Actor,
    incidentId: string,
  ): Promise<PostIncidentReviewEntity> {
    const existing = await manager.findOneBy(PostIncidentReviewEntity, { incidentId });
    if (existing) return existing;
    return manager.save(manager.create(PostIncidentReviewEntity, { incidentId, createdById: actor.userId }));
  }

  /** Adds a finding with its action (and the review, if the incident has none yet). */
  async addFinding(actor: Actor, incidentId: string, input: AddFindingInput): Promise<ReviewFindingEntity> {
    if (!isUuid(incidentId)) throw badInput('incidentId', `${incidentId} is not a valid id`);
    return this.commands.runOnIncident(actor, incidentId, async (manager, incident) => {
      const action = await this.validateAction(manager, actor, incident, input);
      if (
        !(await manager.query(`SELECT 1 FROM organisation WHERE id = $1`, [input.ownerOrganisationId])).length
      ) {
        throw badInput(
          'input.ownerOrganisationId',
          `Organisation ${input.ownerOrganisationId} does not exist`,
        );
      }
      const review = await this.reviewFor(manager, actor, incident.id);
      const finding = await manager.save(
        manager.create(ReviewFindingEntity, {
          reviewId: review.id,
          incidentId: incident.id,
          finding: input.finding.trim(),
          actionKind: input.actionKind,
          ...action,
          ownerOrganisationId: input.ownerOrganisationId,
          dueAt: input.dueAt ? new Date(input.dueAt) : null,
        }),
      );
      await this.audit.record(manager, {
        action: 'review.finding_added',
        entityType: 'review_finding',
        entityId: finding.id,
        data: { incidentId, actionKind: input.actionKind, ownerOrganisationId: input.ownerOrganisationId },
      });
      return { result: finding };
    });
  }

  /** Each action kind names what it changes; the names must exist (and be the actor's to name). */
  private async validateAction(
    manager: EntityManager,
    actor: Actor,
    incident: IncidentEntity,
    input: AddFindingInput,
  ): Promise<Partial<ReviewFindingEntity>> {
    const need = (value: unknown, field: string, what: string) => {
      if (!value) throw badInput(`input.${field}`, `A ${input.actionKind} finding needs ${what}`);
    };
    switch (input.actionKind) {
      case FindingActionKind.UPDATE_RUNBOOK_STEP: {
        need(input.runbookId, 'runbookId', 'a runbook');
        need(input.stepKey, 'stepKey', 'the key of a step');
        const runbook = await this.library
          .findVisible(actor, input.runbookId as string, manager)
          .catch(() => {
            throw badInput('input.runbookId', `Runbook ${input.runbookId} does not exist`);
          });
        if (runbook.isExample) {
          // An example is never changed in place (proposeRunbookChange would refuse it later).
          throw badInput(
            'input.runbookId',
            'This is an example runbook: name the city’s own copy (copyRunbook) so the change can be proposed',
          );
        }
        const [step] = (await manager.query(
          `SELECT s.key FROM runbook_step s JOIN runbook_version v ON v.id = s.version_id
            WHERE v.runbook_id = $1 AND s.key = $2 AND v.id = $3`,
          [runbook.id, input.stepKey, runbook.currentVersionId],
        )) as { key: string }[];
        if (!step)
          throw badInput('input.stepKey', `The runbook’s current version has no step ${input.stepKey}`);
        return {
          runbookId: runbook.id,
          stepKey: input.stepKey,
          proposedChange: (input.proposedChange as string).trim(),
        };
      }
      case FindingActionKind.FIX_CONTACT: {
        need(input.contactId, 'contactId', 'a contact');
        // Someone's own contacts, or those of the incident's participants (shared on the incident).
        const [contact] = (await manager.query(
          `SELECT c.id FROM contact c WHERE c.id = $1 AND ($2::boolean OR c.organisation_id = $3
              OR c.organisation_id IN (SELECT organisation_id FROM incident_participant WHERE incident_id = $4))`,
          [input.contactId, isCityWide(actor), actor.organisationId, incident.id],
        )) as { id: string }[];
        if (!contact) throw badInput('input.contactId', `Contact ${input.contactId} does not exist`);
        return { contactId: contact.id };
      }
      case FindingActionKind.ADD_RESPONSIBILITY: {
        need(input.componentId, 'componentId', 'a component');
        need(input.duty, 'duty', 'a duty');
        const onIncident = (
          await manager.query(
            `SELECT 1 FROM incident_component WHERE incident_id = $1 AND component_id = $2`,
            [incident.id, input.componentId],
          )
        ).length;
        const visible =
          onIncident ||
          (await this.map.visibleComponents(actor, [input.componentId as string], manager)).length;
        if (!visible) throw badInput('input.componentId', `Component ${input.componentId} does not exist`);
        return { componentId: input.componentId as string, duty: input.duty as never };
      }
      case FindingActionKind.ADD_DRILL_SCENARIO:
        return { drillScenario: (input.drillScenario as string).trim() };
    }
  }

  /**
   * The owning organisation moves its action along (OPEN → IN_PROGRESS → DONE, recorded who and
   * when); those managing the incident also move the due date and the owner.
   */
  async updateFinding(
    actor: Actor,
    findingId: string,
    input: UpdateFindingInput,
  ): Promise<ReviewFindingEntity> {
    if (!isUuid(findingId)) throw notFound('Finding', findingId);
    const finding = await this.dataSource.getRepository(ReviewFindingEntity).findOneBy({ id: findingId });
    if (!finding) throw notFound('Finding', findingId);
    const manages = roleHas(actor.role, Permission.INCIDENT_MANAGE);
    const owns = finding.ownerOrganisationId === actor.organisationId || isCityWide(actor);
    if ((input.dueAt !== undefined || input.ownerOrganisationId !== undefined) && !manages) {
      throw forbidden('Only those managing the incident change an action’s owner or due date');
    }
    const work = async (manager: EntityManager) => {
      const current = await manager.findOne(ReviewFindingEntity, {
        where: { id: findingId },
        lock: { mode: 'pessimistic_write' },
      });
      if (!current) throw notFound('Finding', findingId);
      if (
        input.ownerOrganisationId &&
        !(await manager.query(`SELECT 1 FROM organisation WHERE id = $1`, [input.ownerOrganisationId])).length
      ) {
        throw badInput(
          'input.ownerOrganisationId',
          `Organisation ${input.ownerOrganisationId} does not exist`,
        );
      }
      const changes: Partial<ReviewFindingEntity> = {};
      if (input.status && input.status !== current.status) {
        Object.assign(changes, {
          status: input.status,
          doneAt: input.status === FindingStatus.DONE ? new Date() : null,
          doneById: input.status === FindingStatus.DONE ? actor.userId : null,
        });
      }
      if (input.dueAt !== undefined) changes.dueAt = input.dueAt === null ? null : new Date(input.dueAt);
      if (input.ownerOrganisationId) changes.ownerOrganisationId = input.ownerOrganisationId;
      if (Object.keys(changes).length === 0) return current;
      await manager.update(ReviewFindingEntity, { id: findingId }, changes);
      await this.audit.record(manager, {
        action: 'review.finding_updated',
        entityType: 'review_finding',
        entityId: findingId,
        data: { incidentId: current.incidentId, ...changes },
      });
      return (await manager.findOneBy(ReviewFindingEntity, { id: findingId })) as ReviewFindingEntity;
    };
    const hidden = (error: unknown) => {
      // A finding on an incident the caller may not see is answered as an unknown finding.
      if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND)
        throw notFound('Finding', findingId);
      throw error;
    };
    if (owns && !manages) {
      return this.dataSource
        .transaction(async (manager) => {
          await this.incidents.findVisible(actor, finding.incidentId, manager, true);
          return work(manager);
        })
        .catch(hidden);
    }
    if (!owns && !manages) {
      await this.incidents.findVisible(actor, finding.incidentId).catch(hidden);
      throw forbidden('Only the organisation owning the action (or those managing the incident) update it');
    }
    return this.commands
      .runOnIncident(actor, finding.incidentId, async (manager) => ({ result: await work(manager) }))
      .catch(hidden);
  }

  /**
   * "The review's lessons become proposed changes to the runbook": the finding's change is written
   * into the runbook's draft (made from the current version when there is none), under the step it
   * names, and the finding points at that draft.
   */
  async proposeRunbookChange(actor: Actor, findingId: string): Promise<RunbookVersionEntity> {
    if (!isUuid(findingId)) throw notFound('Finding', findingId);
    const finding = await this.dataSource.getRepository(ReviewFindingEntity).findOneBy({ id: findingId });
    if (!finding) throw notFound('Finding', findingId);
    return this.dataSource
      .transaction(async (manager) => {
        const incident = await this.incidents.findVisible(actor, finding.incidentId, manager);
        if (finding.actionKind !== FindingActionKind.UPDATE_RUNBOOK_STEP || !finding.runbookId) {
          throw badInput('findingId', 'Only an UPDATE_RUNBOOK_STEP finding proposes a runbook change');
        }
        if (finding.proposedVersionId) {
          const linked = await manager.findOneBy(RunbookVersionEntity, { id: finding.proposedVersionId });
          if (linked) return linked;
        }
        const draft = await this.library.draftFor(actor, finding.runbookId, manager);
        const step = await manager.findOneBy(RunbookStepEntity, {
          versionId: draft.id,
          key: finding.stepKey as string,
        });
        if (!step) throw badInput('findingId', `The runbook’s draft has no step ${finding.stepKey} any more`);
        const block = (heading: string) =>
          `\n\n> **${heading} (${incident.reference})**\n>\n${(finding.proposedChange ?? '')
            .split('\n')
            .map((line) => `> ${line}`)
            .join('\n')}`;
        await manager.update(
          RunbookStepEntity,
          { id: step.id },
          {
            instructionsJa: step.instructionsJa + block('事後レビューによる改訂案'),
            instructionsEn: step.instructionsEn + block('Change proposed by the post-incident review'),
          },
        );
        const note = `${draft.changeNote ? `${draft.changeNote}\n` : ''}${incident.reference}: ${finding.finding}`;
        await manager.update(RunbookVersionEntity, { id: draft.id }, { changeNote: note.slice(0, 2000) });
        await manager.update(
          ReviewFindingEntity,
          { id: finding.id },
          {
            proposedVersionId: draft.id,
            ...(finding.status === FindingStatus.OPEN ? { status: FindingStatus.IN_PROGRESS } : {}),
          },
        );
        await this.audit.record(manager, {
          action: 'review.runbook_change_proposed',
          entityType: 'review_finding',
          entityId: finding.id,
          data: {
            incidentId: incident.id,
            runbookId: finding.runbookId,
            versionId: draft.id,
            stepKey: finding.stepKey,
          },
        });
        return (await manager.findOneBy(RunbookVersionEntity, { id: draft.id })) as RunbookVersionEntity;
      })
      .catch((error: unknown) => {
        if (error instanceof DomainError && error.code === ErrorCode.NOT_FOUND)
          throw notFound('Finding', findingId);
        throw error;
      });
  }
}
