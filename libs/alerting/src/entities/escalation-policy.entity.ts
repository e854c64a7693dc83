import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { TargetKind } from '../alerting.enums';

/** Who one step alerts. Contact kinds narrow an organisation's contacts (empty: its incident window). */
export interface PolicyTarget {
  kind: TargetKind;
  duties?: Duty[];
  role?: GuidelineRole;
  organisationId?: string;
  contactId?: string;
  contactKinds?: ContactKind[];
  /** false: told, not chased (an FYI to the promotion body's CSIRT, say). */
  acknowledgementRequired: boolean;
}

export interface PolicyStep {
  /** How long to wait for an acknowledgement after this step before the next one (or the next round). */
  escalateAfterSeconds: number;
  targets: PolicyTarget[];
}

/**
 * An escalation policy: ordered steps chosen by severity and category. City policies (no organisation)
 * drive an incident; an organisation's own policy overrides how that organisation's people are chased.
 */
@Entity('escalation_policy')
@Index('escalation_policy_single_default', ['isDefault'], { unique: true, where: '"is_default"' })
export class EscalationPolicyEntity extends BaseEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** null: a city policy; otherwise that organisation's override. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  /** The city default: used when no other city policy matches. */
  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  /** Empty: any severity. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  severities: Severity[];

  /** Empty: any category. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  categories: IncidentCategory[];

  @Column({ type: 'jsonb' })
  steps: PolicyStep[];

  /** Times the whole chain runs again after its last step while someone has not acknowledged. */
  @Column({ type: 'int', default: 0 })
  repeatCount: number;

  /** Remind an unacknowledged recipient this often (null: never), at most maxReminders times. */
  @Column({ type: 'int', nullable: true })
  reminderIntervalSeconds: number | null;

  @Column({ type: 'int', default: 0 })
  maxReminders: number;

  /** Acknowledged but unresolved this long: the chase starts again (null: never). */
  @Column({ type: 'int', nullable: true })
  reescalateAfterSeconds: number | null;

  @Column({ type: 'text', array: true, default: () => `'{SEV1}'` })
  reescalateSeverities: Severity[];

  @Column({ type: 'int', default: 1 })
  version: number;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}
