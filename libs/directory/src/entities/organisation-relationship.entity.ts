import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { RelationshipKind } from '../directory.enums';

/**
 * OUTSOURCING: `clientOrganisation` commissions `contractorOrganisation`; following OUTSOURCING
 * edges from a client gives the subcontract chain (再委託). PARTNERSHIP has no direction.
 */
@Entity('organisation_relationship')
@Index(['clientOrganisationId', 'contractorOrganisationId', 'kind'], { unique: true })
export class OrganisationRelationshipEntity extends BaseEntity {
  @Column({ type: 'text' })
  kind: RelationshipKind;

  @Index()
  @Column({ type: 'uuid' })
  clientOrganisationId: string;

  @Index()
  @Column({ type: 'uuid' })
  contractorOrganisationId: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', nullable: true })
  contractReference: string | null;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'client_organisation_id' })
  clientOrganisation?: OrganisationEntity;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'contractor_organisation_id' })
  contractorOrganisation?: OrganisationEntity;
}
