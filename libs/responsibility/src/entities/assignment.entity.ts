import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { ComponentEntity } from './component.entity';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { Duty, ResponsibilityBoundary } from '../responsibility.enums';

/** One cell of the responsibility map: an organisation holds a duty for a component. */
@Entity('assignment')
@Index(['componentId', 'organisationId', 'duty', 'boundary'], { unique: true })
export class AssignmentEntity extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  componentId: string;

  @Index()
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  duty: Duty;

  @Column({ type: 'text' })
  boundary: ResponsibilityBoundary;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'text', nullable: true })
  contractReference: string | null;

  @ManyToOne(() => ComponentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'component_id' })
  component?: ComponentEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}
