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
import { ContactEntity } from '@renkei/directory/entities/contact.entity';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { AlertPurpose, AlertState, DeliveryChannel } from '../alerting.enums';
import { AcknowledgementVia } from './engagement.entity';

export interface BilingualText {
  ja: string;
  en: string;
}

/**
 * One alert: an incident × a recipient × a reason (a step of a round, a reminder, an update). The
 * trigger key makes it unique, so replaying a step never alerts anyone twice.
 */
@Entity('alert')
@Index('alert_trigger_unique', ['incidentId', 'contactId', 'triggerKey'], { unique: true })
@Index('alert_incident_idx', ['incidentId', 'createdAt'])
@Index('alert_failed_idx', ['failedAt'], { where: `"state" = 'FAILED'` })
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'uuid' })
  organisationId: string;

  /** null once the contact is deleted from the directory; the alert stays on the record. */
  @Column({ type: 'uuid', nullable: true })
  contactId: string | null;

  /** The recipient as it was when alerted. */
  @Column({ type: 'text' })
  recipientName: string;

  @Column({ type: 'uuid', nullable: true })
  escalationId: string | null;

  @Column({ type: 'text' })
  triggerKey: string;

  @Column({ type: 'text' })
  purpose: AlertPurpose;

  /** The webhook event type this alert is delivered as. */
  @Column({ type: 'text' })
  eventType: string;

  /** 0-based step of the policy (null outside an escalation). */
  @Column({ type: 'int', nullable: true })
  stepIndex: number | null;

  @Column({ type: 'int', nullable: true })
  stepCount: number | null;

  @Column({ type: 'int', default: 0 })
  round: number;

  @Column({ type: 'boolean' })
  acknowledgementRequired: boolean;

  @Column({ type: 'text' })
  state: AlertState;

  /** The recipient's channels in the order they are tried; a failed one falls through to the next. */
  @Column({ type: 'text', array: true })
  channels: DeliveryChannel[];

  @Column({ type: 'int', default: 0 })
  channelIndex: number;

  /** Why this recipient is told now (escalation: who has not acknowledged). */
  @Column({ type: 'jsonb', nullable: true })
  reason: BilingualText | null;

  /** For updates: what changed. */
  @Column({ type: 'jsonb', nullable: true })
  change: BilingualText | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  failedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  acknowledgedByName: string | null;

  @Column({ type: 'text', nullable: true })
  acknowledgedVia: AcknowledgementVia | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => ContactEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'contact_id' })
  contact?: ContactEntity;
}
