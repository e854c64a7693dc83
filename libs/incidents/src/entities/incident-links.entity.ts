import { Column, CreateDateColumn, Entity, Index, ManyToOne, JoinColumn, PrimaryColumn } from 'typeorm';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { UserEntity } from '@renkei/identity/entities/user.entity';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { IncidentRole, ParticipantSource } from '../incidents.enums';
import { IncidentEntity } from './incident.entity';

@Entity('incident_component')
export class IncidentComponentEntity {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  componentId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => ComponentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'component_id' })
  component?: ComponentEntity;
}

/** An organisation taking part in an incident: derived from the map on report, editable. */
@Entity('incident_participant')
@Index('incident_participant_organisation_idx', ['organisationId', 'incidentId'])
export class IncidentParticipantEntity {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  duties: Duty[];

  @Column({ type: 'text' })
  source: ParticipantSource;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}

/** A named person on an incident: its commander, liaison, scribe, or a named TLP:RED recipient. */
@Entity('incident_member')
@Index('incident_member_user_idx', ['userId', 'incidentId'])
export class IncidentMemberEntity {
  @PrimaryColumn({ type: 'uuid' })
  incidentId: string;

  @PrimaryColumn({ type: 'uuid' })
  userId: string;

  @PrimaryColumn({ type: 'text' })
  role: IncidentRole;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt: Date;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id' })
  user?: UserEntity;
}
