import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { CheckSheetCategory } from '../guideline.enums';
import { GuidelineEditionEntity } from './guideline-edition.entity';

/** One item of the check sheet (§4.2 スマートシティセキュリティ導入チェックシート, 別紙1). */
@Entity('check_sheet_item')
export class CheckSheetItemEntity {
  @PrimaryColumn({ type: 'text' })
  edition: string;

  /** ASCII key: GOV-1-1 … DL-6. */
  @PrimaryColumn({ type: 'text' })
  key: string;

  /** The id as printed in the guideline (項番): ガバナンス①-1, インシデント対応②. */
  @Column({ type: 'text' })
  printedId: string;

  /** Position in the sheet (1…64). */
  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  category: CheckSheetCategory;

  @Column({ type: 'text' })
  categoryLabelJa: string;

  @Column({ type: 'text' })
  categoryLabelEn: string;

  /** ①, ②… within a category; １, ２, ３ for the cross-cutting groups. */
  @Column({ type: 'text' })
  groupNumber: string;

  @Column({ type: 'text' })
  groupJa: string;

  @Column({ type: 'text' })
  groupEn: string;

  /** 対策項目 */
  @Column({ type: 'text' })
  titleJa: string;

  @Column({ type: 'text' })
  titleEn: string;

  /** 対策内容 (the □ line of the sheet) */
  @Column({ type: 'text' })
  descriptionJa: string;

  @Column({ type: 'text' })
  descriptionEn: string;

  /** The §3 section that explains it (3.1.1 …). */
  @Column({ type: 'text' })
  section: string;

  @Column({ type: 'text' })
  sectionTitleJa: string;

  @Column({ type: 'text' })
  sectionTitleEn: string;

  /** The §2.3 overview section. */
  @Column({ type: 'text' })
  overviewSection: string;

  /** A ※ line printed under the item. */
  @Column({ type: 'text', nullable: true })
  supplementJa: string | null;

  @Column({ type: 'text', nullable: true })
  supplementEn: string | null;

  /** The id or title where §3 prints them differently from the sheet. */
  @Column({ type: 'text', nullable: true })
  idInSection: string | null;

  @Column({ type: 'text', nullable: true })
  titleJaInSection: string | null;

  /** An editorial note on the source text (typos kept verbatim, numbering differences). */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  /** Example scenarios (§3.3, Appendix E) that cite the item. */
  @Column({ type: 'text', array: true, default: () => `'{}'` })
  scenarioIds: string[];

  @ManyToOne(() => GuidelineEditionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'edition' })
  editionRecord?: GuidelineEditionEntity;
}
