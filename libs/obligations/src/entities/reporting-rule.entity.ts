import {
  Column,
  CreateDateColumn,
  Entity,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import type { Severity } from '@renkei/incidents/incidents.enums';
import { DeadlineAnchor, DeadlineCondition, TriggerConditionKind } from '../obligations.enums';

export interface TriggerCondition {
  kind: TriggerConditionKind;
  severity?: Severity;
  incidentTypeIds?: string[];
}

export interface ReportingStage {
  /** Stable within the rule, e.g. `preliminary` (速報), `final` (確報). */
  key: string;
  nameJa: string;
  nameEn: string;
  anchor: DeadlineAnchor;
  durationSeconds: number;
  /** A different duration when a condition holds (MALICIOUS: 60 days instead of 30). */
  alternative: { condition: DeadlineCondition; durationSeconds: number } | null;
  /** Reminders this many seconds before the deadline, e.g. [259200, 86400, 7200]. */
  reminderOffsetsSeconds: number[];
}

/** A statutory (or contractual) duty to report to an authority, as data managed by the promotion body. */
@Entity('reporting_rule')
export class ReportingRuleEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable key, e.g. `APPI_ART26` (the seeded rule); unique. */
  @Column({ type: 'text', unique: true })
  key: string;

  @Column({ type: 'text' })
  nameJa: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text', default: '' })
  legalBasisJa: string;

  @Column({ type: 'text', default: '' })
  legalBasisEn: string;

  /** The authority reports go to: an EXTERNAL_AUTHORITY organisation of the directory. */
  @Column({ type: 'uuid' })
  authorityOrganisationId: string;

  /** Every condition must hold for the rule to apply to an incident. */
  @Column({ type: 'jsonb' })
  trigger: TriggerCondition[];

  /** In order; stage keys are unique within the rule. */
  @Column({ type: 'jsonb' })
  stages: ReportingStage[];

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'int', default: 1 })
  version: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_organisation_id' })
  authorityOrganisation?: OrganisationEntity;
}
