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
import { ObligationStatus } from '../obligations.enums';
import { ReportingRuleEntity } from './reporting-rule.entity';

/** One stage of one reporting rule for one incident: a running clock with an owner. */
@Entity('obligation')
@Index('obligation_unique_stage', ['incidentId', 'ruleId', 'stageKey'], { unique: true })
@Index('obligation_open_due_idx', ['dueAt'], { where: `status = 'PENDING'` })
export class ObligationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Index()
  @Column({ type: 'uuid' })
  ruleId: string;

  @Column({ type: 'text' })
  stageKey: string;

  @Column({ type: 'int' })
  stageIndex: number;

  /** The organisation that holds the duty now. */
  @Index()
  @Column({ type: 'uuid' })
  ownerOrganisationId: string;

  /** The contractor (受託者) that held it before the commissioning organisation was told; else null. */
  @Column({ type: 'uuid', nullable: true })
  delegatedFromOrganisationId: string | null;

  /** When the contractor told the commissioning organisation (委託元), and who did. */
  @Column({ type: 'timestamptz', nullable: true })
  commissionerNotifiedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  commissionerNotifiedBy: string | null;

  /** null while a PREVIOUS_STAGE anchor has not been submitted. */
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  /** The alternative (malicious) duration applies to dueAt. */
  @Column({ type: 'boolean', default: false })
  alternativeDuration: boolean;

  @Column({ type: 'text', default: ObligationStatus.PENDING })
  status: ObligationStatus;

  @Column({ type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  /** The authority's receipt number (e.g. the PPC's 受付番号). */
  @Column({ type: 'text', nullable: true })
  submissionReference: string | null;

  @Column({ type: 'uuid', nullable: true })
  submittedByUserId: string | null;

  @Column({ type: 'text', nullable: true })
  submittedByName: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  overdueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => ReportingRuleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'rule_id' })
  rule?: ReportingRuleEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organisation_id' })
  ownerOrganisation?: OrganisationEntity;
}
