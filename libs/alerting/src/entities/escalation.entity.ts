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
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { EscalationState } from '../alerting.enums';
import type { PolicyStep } from './escalation-policy.entity';

/** The policy as it was when the escalation started: later edits do not change a running chase. */
export interface PolicySnapshot {
  id: string;
  name: string;
  version: number;
  steps: PolicyStep[];
  repeatCount: number;
  reminderIntervalSeconds: number | null;
  maxReminders: number;
  reescalateAfterSeconds: number | null;
  reescalateSeverities: string[];
}

/**
 * One running chase of an incident: the city's (scope `city`) or an organisation's own (scope = its id).
 * Its next step fires from a delayed job; the row is the truth the job checks.
 */
@Entity('escalation')
@Index('escalation_current_scope', ['incidentId', 'scope'], {
  unique: true,
  where: `"state" <> 'SUPERSEDED'`,
})
export class EscalationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  /** `city`, or the organisation id whose override policy this runs. */
  @Column({ type: 'text' })
  scope: string;

  @Column({ type: 'uuid', nullable: true })
  policyId: string | null;

  @Column({ type: 'jsonb' })
  policy: PolicySnapshot;

  @Column({ type: 'text' })
  state: EscalationState;

  /** Re-escalations after an acknowledgement start a new round. */
  @Column({ type: 'int', default: 0 })
  round: number;

  /** Passes through the steps within a round (repeatCount). */
  @Column({ type: 'int', default: 0 })
  loop: number;

  /** Index of the step that fires next. */
  @Column({ type: 'int', default: 0 })
  nextStep: number;

  @Column({ type: 'timestamptz', nullable: true })
  nextStepAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  startedAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
}
