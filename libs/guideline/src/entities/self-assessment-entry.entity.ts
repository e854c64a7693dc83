import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { UserEntity } from '@renkei/identity/entities/user.entity';
import { AssessmentStatus } from '../guideline.enums';
import { CheckSheetItemEntity } from './check-sheet-item.entity';

/**
 * One organisation's answer to one check-sheet item of one edition (§4.2, 別紙1): 対応状況,
 * 実装予定時期, 実装方法, evidence and review. An item without a row is NOT_STARTED.
 */
@Entity('self_assessment_entry')
@Index('self_assessment_entry_unique', ['organisationId', 'edition', 'itemKey'], { unique: true })
export class SelfAssessmentEntryEntity extends BaseEntity {
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  edition: string;

  @Column({ type: 'text' })
  itemKey: string;

  @Column({ type: 'text' })
  status: AssessmentStatus;

  /** 実装予定時期 as the sheet writes it: "2027年度上期". */
  @Column({ type: 'text', nullable: true })
  plannedTiming: string | null;

  /** An optional target date, for sorting and reminders. */
  @Column({ type: 'date', nullable: true })
  plannedDate: string | null;

  /** 実装方法 */
  @Column({ type: 'text', default: '' })
  implementationMethod: string;

  /** Why the item does not apply (required for NOT_APPLICABLE). */
  @Column({ type: 'text', nullable: true })
  notApplicableReason: string | null;

  /** http(s) links to the evidence (policies, reports, tickets). */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  evidenceLinks: string[];

  @Index()
  @Column({ type: 'uuid', nullable: true })
  reviewerUserId: string | null;

  @Column({ type: 'date', nullable: true })
  reviewedOn: string | null;

  /** Who last changed it: a user or an API key (its id), and the name shown. */
  @Column({ type: 'text' })
  updatedByKind: string;

  @Column({ type: 'uuid' })
  updatedById: string;

  @Column({ type: 'text' })
  updatedByName: string;

  /** Optimistic concurrency: an update names the version it read. */
  @Column({ type: 'int', default: 1 })
  version: number;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reviewer_user_id' })
  reviewer?: UserEntity;

  @ManyToOne(() => CheckSheetItemEntity, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'edition', referencedColumnName: 'edition' },
    { name: 'item_key', referencedColumnName: 'key' },
  ])
  item?: CheckSheetItemEntity;
}
