import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An edition of the Smart City Security Guideline (版). Every catalogue row is keyed by its edition, so
 * a next edition is added beside 3.0 without touching 3.0's rows or the self-assessments made against it.
 */
@Entity('guideline_edition')
@Index('guideline_edition_single_current', ['isCurrent'], { unique: true, where: '"is_current"' })
export class GuidelineEditionEntity {
  /** '3.0' */
  @PrimaryColumn({ type: 'text' })
  edition: string;

  @Column({ type: 'text' })
  titleJa: string;

  @Column({ type: 'text' })
  titleEn: string;

  /** The edition new self-assessments and validation use; exactly one is current. */
  @Column({ type: 'boolean', default: false })
  isCurrent: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  importedAt: Date;
}
