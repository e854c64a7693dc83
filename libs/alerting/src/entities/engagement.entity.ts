import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';

export enum AcknowledgementVia {
  LINK = 'LINK',
  GRAPHQL = 'GRAPHQL',
  WEBHOOK_REPLY = 'WEBHOOK_REPLY',
  INTEGRATION = 'INTEGRATION',
}

/**
 * An organisation alerted about an incident: when it was first told and when (and by whom) it
 * acknowledged. Acknowledgement by any of its contacts stops the chase for the whole organisation.
 */
@Entity('alert_engagement')
@Index('alert_engagement_organisation_idx', ['organisationId'])
export class EngagementEntity {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'timestamptz' })
  firstAlertedAt: Date;

  /** Whether anything sent to it asked for an acknowledgement (an FYI does not). */
  @Column({ type: 'boolean', default: false })
  acknowledgementRequired: boolean;

  /** Current round's acknowledgement (cleared by a re-escalation). */
  @Column({ type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** The first acknowledgement ever: time to acknowledge is measured to this. */
  @Column({ type: 'timestamptz', nullable: true })
  firstAcknowledgedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  acknowledgedByName: string | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedByContactId: string | null;

  @Column({ type: 'uuid', nullable: true })
  acknowledgedByUserId: string | null;

  @Column({ type: 'text', nullable: true })
  acknowledgedVia: AcknowledgementVia | null;

  @Column({ type: 'text', nullable: true })
  acknowledgementNote: string | null;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}
