import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { FindingActionKind, FindingStatus, ReviewStatus } from '../runbooks.enums';
import { RunbookEntity, RunbookVersionEntity } from './runbook.entity';

/** The post-incident review of an incident (IR⑤: lessons learned), one per incident. */
@Entity('post_incident_review')
export class PostIncidentReviewEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid', unique: true })
  incidentId: string;

  @Column({ type: 'text', default: '' })
  summary: string;

  @Column({ type: 'text', default: '' })
  wentWell: string;

  @Column({ type: 'text', default: '' })
  wentBadly: string;

  @Column({ type: 'text', default: ReviewStatus.DRAFT })
  status: ReviewStatus;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  completedById: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
}

/** One lesson and the action that follows from it, tracked to done. */
@Entity('review_finding')
export class ReviewFindingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  reviewId: string;

  @Index()
  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'text' })
  finding: string;

  @Column({ type: 'text' })
  actionKind: FindingActionKind;

  /** UPDATE_RUNBOOK_STEP: the runbook, the step (by key) and the proposed change. */
  @Column({ type: 'uuid', nullable: true })
  runbookId: string | null;

  @Column({ type: 'text', nullable: true })
  stepKey: string | null;

  @Column({ type: 'text', nullable: true })
  proposedChange: string | null;

  /** FIX_CONTACT. */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  /** ADD_RESPONSIBILITY: a component and the duty someone must hold on it. */
  @Column({ type: 'uuid', nullable: true })
  componentId: string | null;

  @Column({ type: 'text', nullable: true })
  duty: Duty | null;

  /** ADD_DRILL_SCENARIO. */
  @Column({ type: 'text', nullable: true })
  drillScenario: string | null;

  @Index()
  @Column({ type: 'uuid' })
  ownerOrganisationId: string;

  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'text', default: FindingStatus.OPEN })
  status: FindingStatus;

  @Column({ type: 'timestamptz', nullable: true })
  doneAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  doneById: string | null;

  /** The draft version this finding's change was written into. */
  @Column({ type: 'uuid', nullable: true })
  proposedVersionId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => PostIncidentReviewEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'review_id' })
  review?: PostIncidentReviewEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organisation_id' })
  ownerOrganisation?: OrganisationEntity;

  @ManyToOne(() => RunbookEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'runbook_id' })
  runbook?: RunbookEntity;

  @ManyToOne(() => RunbookVersionEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'proposed_version_id' })
  proposedVersion?: RunbookVersionEntity;
}
