import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GuidelineEditionEntity } from './guideline-edition.entity';

/** A measure requirement of METI's CPSF as listed in the guideline's Appendix C (セキュリティ対策一覧). */
@Entity('cpsf_measure')
export class CpsfMeasureEntity {
  @PrimaryColumn({ type: 'text' })
  edition: string;

  /** CPS.AC-1 */
  @PrimaryColumn({ type: 'text' })
  id: string;

  /** AC */
  @Column({ type: 'text' })
  familyCode: string;

  @Column({ type: 'text' })
  familyJa: string;

  @Column({ type: 'text' })
  familyEn: string;

  /** 対策要件 */
  @Column({ type: 'text' })
  requirementJa: string;

  /** The bullet items of the requirement cell (one for most measures). */
  @Column({ type: 'text', array: true })
  requirementJaItems: string[];

  @Column({ type: 'text' })
  requirementEn: string;

  /** Reference-architecture categories it is tagged with (GOVERNANCE, SERVICE, CITY_OS, ASSET). */
  @Column({ type: 'text', array: true })
  categories: string[];

  /** Appendix B incident types (INC-01 …) that cite it. */
  @Column({ type: 'text', array: true })
  incidentTypeIds: string[];

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @ManyToOne(() => GuidelineEditionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'edition' })
  editionRecord?: GuidelineEditionEntity;
}
