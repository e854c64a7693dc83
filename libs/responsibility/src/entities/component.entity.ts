import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { ComponentCategory, ComponentKind } from '../responsibility.enums';

/** A part of the city: a service, a city-OS part, an asset (device, network) or a data flow. */
@Entity('component')
export class ComponentEntity extends BaseEntity {
  @Column({ type: 'text', unique: true })
  nameJa: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text' })
  category: ComponentCategory;

  @Column({ type: 'text' })
  kind: ComponentKind;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  parentId: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  operatingOrganisationId: string | null;

  @Column({ type: 'text', default: '' })
  description: string;

  @ManyToOne(() => ComponentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'parent_id' })
  parent?: ComponentEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'operating_organisation_id' })
  operatingOrganisation?: OrganisationEntity;
}
