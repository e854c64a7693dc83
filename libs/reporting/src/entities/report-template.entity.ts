import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

/** A heading that replaces a section's default one, per language. */
export type SectionHeadings = Record<string, { ja?: string; en?: string }>;

/**
 * The city's agreed format for incident reports (IR③: 報告様式): which sections, in which order,
 * under which headings, with which opening and closing text. Coordinators keep several; one is the
 * default.
 */
@Entity('report_template')
@Index('report_template_single_default_idx', ['isDefault'], { unique: true, where: `is_default` })
export class ReportTemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  name: string;

  @Column({ type: 'text', default: '' })
  description: string;

  /** The languages this template is offered in ('ja', 'en'). */
  @Column({ type: 'text', array: true })
  languages: string[];

  /** Section keys in the order they are printed (built-in ones and those other contexts register). */
  @Column({ type: 'text', array: true })
  sections: string[];

  @Column({ type: 'jsonb', default: () => `'{}'` })
  headings: SectionHeadings;

  @Column({ type: 'text', default: '' })
  introJa: string;

  @Column({ type: 'text', default: '' })
  introEn: string;

  @Column({ type: 'text', default: '' })
  closingJa: string;

  @Column({ type: 'text', default: '' })
  closingEn: string;

  @Column({ type: 'boolean', default: false })
  isDefault: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
