import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GuidelineEditionEntity } from './guideline-edition.entity';

/** A role of the guideline's Table 1-1 (推進主体, サービス提供者 …). */
@Entity('guideline_role')
export class GuidelineRoleEntity {
  @PrimaryColumn({ type: 'text' })
  edition: string;

  /** The directory's GuidelineRole key: PROMOTION_BODY … */
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  nameJa: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text' })
  definitionJa: string;

  @Column({ type: 'text' })
  definitionEn: string;

  @Column({ type: 'text', array: true })
  responsibilitiesEn: string[];

  @ManyToOne(() => GuidelineEditionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'edition' })
  editionRecord?: GuidelineEditionEntity;
}
