import { Column, Entity } from 'typeorm';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { GuidelineRole } from '../directory.enums';

@Entity('organisation')
export class OrganisationEntity extends BaseEntity {
  @Column({ type: 'text', unique: true })
  nameJa: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text', array: true })
  guidelineRoles: GuidelineRole[];

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', nullable: true })
  website: string | null;
}
