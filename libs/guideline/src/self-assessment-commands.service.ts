import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { Actor, isCityWide } from '@renkei/core/context/actor';
import { badInput, conflict, notFound } from '@renkei/core/errors/domain.errors';
import { CatalogueService } from './catalogue.service';
import { SetSelfAssessmentItemInput } from './dto/self-assessment.input';
import { CheckSheetItemEntity } from './entities/check-sheet-item.entity';
import { SelfAssessmentEntryEntity } from './entities/self-assessment-entry.entity';
import { AssessmentStatus } from './guideline.enums';

/** A real calendar date in YYYY-MM-DD (the input already matched the shape). */
function isCalendarDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function blankToNull(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/**
 * Today's date in Japan (YYYY-MM-DD): the day a reviewer in the city means. The UTC date is still
 * yesterday until 09:00 JST, which refused a review dated today and dated a default review yesterday.
 */
export function tokyoToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
}

type EntryValues = Pick<
  SelfAssessmentEntryEntity,
  | 'status'
  | 'plannedTiming'
  | 'plannedDate'
  | 'implementationMethod'
  | 'notApplicableReason'
  | 'evidenceLinks'
  | 'reviewerUserId'
  | 'reviewedOn'
>;

/**
 * Checks what can be checked without the database and normalises the answer. NOT_APPLICABLE needs a
 * reason; PLANNED needs a timing (実装予定時期) or a date; a review date needs a reviewer.
 */
export function entryValues(input: SetSelfAssessmentItemInput, today: string): EntryValues {
  const reason = blankToNull(input.notApplicableReason);
  const plannedTiming = blankToNull(input.plannedTiming);
  const plannedDate = input.plannedDate ?? null;
  if (input.status === AssessmentStatus.NOT_APPLICABLE && !reason) {
    throw badInput(
      'input.notApplicableReason',
      'Say why the item does not apply (NOT_APPLICABLE needs a reason)',
    );
  }
  if (input.status === AssessmentStatus.PLANNED && !plannedTiming && !plannedDate) {
    throw badInput(
      'input.plannedTiming',
      'PLANNED needs 実装予定時期 (plannedTiming, e.g. "2027年度上期") or a plannedDate',
    );
  }
  if (plannedDate && !isCalendarDate(plannedDate)) {
    throw badInput('input.plannedDate', `${plannedDate} is not a date`);
  }
  if (input.reviewedOn && !input.reviewerUserId) {
    throw badInput('input.reviewerUserId', 'A review date needs the reviewer (reviewerUserId)');
  }
  if (input.reviewedOn && (!isCalendarDate(input.reviewedOn) || input.reviewedOn > today)) {
    throw badInput('input.reviewedOn', `${input.reviewedOn} is not a date on or before today`);
  }
  return {
    status: input.status,
    plannedTiming,
    plannedDate,
    implementationMethod: input.implementationMethod?.trim() ?? '',
    notApplicableReason: input.status === AssessmentStatus.NOT_APPLICABLE ? reason : null,
    evidenceLinks: [...new Set((input.evidenceLinks ?? []).map((link) => link.trim()))],
    reviewerUserId: input.reviewerUserId ?? null,
    reviewedOn: input.reviewerUserId ? (input.reviewedOn ?? today) : null,
  };
}

/** Writes to self-assessments: one item at a time, with optimistic concurrency and an audit event. */
@Injectable()
export class SelfAssessmentCommands {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly catalogue: CatalogueService,
    private readonly audit: AuditService,
  ) {}

  async set(actor: Actor, input: SetSelfAssessmentItemInput): Promise<SelfAssessmentEntryEntity> {
    const values = entryValues(input, tokyoToday());
    return this.dataSource.transaction(async (manager) => {
      const edition = await this.catalogue.resolveEdition(input.edition, 'input.edition', manager);
      // Outside the promotion body, only one's own organisation: another one is answered as unknown.
      const [organisation] = (await manager.query(
        `SELECT id FROM organisation WHERE id = $1 AND ($2::uuid IS NULL OR id = $2)`,
        [input.organisationId, isCityWide(actor) ? null : actor.organisationId],
      )) as { id: string }[];
      if (!organisation) throw notFound('Organisation', input.organisationId);
      const item = await manager.findOneBy(CheckSheetItemEntity, { edition, key: input.itemKey });
      if (!item)
        throw badInput('input.itemKey', `No check-sheet item ${input.itemKey} in edition ${edition}`);
      if (values.reviewerUserId) await this.checkReviewer(manager, values.reviewerUserId, organisation.id);

      const where = { organisationId: organisation.id, edition, itemKey: item.key };
      const existing = await manager.findOne(SelfAssessmentEntryEntity, {
        where,
        lock: { mode: 'pessimistic_write' },
      });
      const current = existing?.version ?? 0;
      if (input.expectedVersion !== current) {
        throw conflict(
          `${item.printedId} changed since version ${input.expectedVersion} (now ${current}); reload it`,
          'input.expectedVersion',
        );
      }
      const updatedBy = {
        updatedByKind: actor.kind,
        updatedById: actor.id,
        updatedByName: actor.displayName,
      };
      let id: string;
      if (existing) {
        id = existing.id;
        await manager.update(SelfAssessmentEntryEntity, { id }, {
          ...values,
          ...updatedBy,
          version: current + 1,
        } as never);
      } else {
        // Two first answers at once: the second finds the row the first inserted and is a conflict.
        const inserted = (await manager
          .createQueryBuilder()
          .insert()
          .into(SelfAssessmentEntryEntity)
          .values({ ...where, ...values, ...updatedBy, version: 1 })
          .orIgnore()
          .returning('id')
          .execute()) as { raw: { id: string }[] };
        if (!inserted.raw.length) {
          throw conflict(`${item.printedId} was answered meanwhile; reload it`, 'input.expectedVersion');
        }
        id = inserted.raw[0].id;
      }
      await this.audit.record(manager, {
        action: 'self_assessment.updated',
        entityType: 'self_assessment_entry',
        entityId: id,
        organisationId: organisation.id,
        data: {
          edition,
          itemKey: item.key,
          from: existing?.status ?? AssessmentStatus.NOT_STARTED,
          to: values.status,
          version: current + 1,
        },
      });
      return (await manager.findOneBy(SelfAssessmentEntryEntity, { id })) as SelfAssessmentEntryEntity;
    });
  }

  /** A reviewer is an active user of the organisation itself or of the promotion body (city-wide staff). */
  private async checkReviewer(manager: EntityManager, userId: string, organisationId: string): Promise<void> {
    const [user] = (await manager.query(
      `SELECT 1 FROM app_user
        WHERE id = $1 AND NOT disabled AND (organisation_id = $2 OR role IN ('ADMIN', 'COORDINATOR'))`,
      [userId, organisationId],
    )) as unknown[];
    if (!user) {
      throw badInput(
        'input.reviewerUserId',
        'The reviewer must be an active user of the organisation or of the promotion body',
      );
    }
  }
}
