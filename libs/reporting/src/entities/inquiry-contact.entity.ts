import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** The city's published inquiry window for residents (お問い合わせ窓口, IR②), shown on the status page. */
@Entity('inquiry_contact')
export class InquiryContactEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  nameJa: string;

  @Column({ type: 'text', default: '' })
  nameEn: string;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  @Column({ type: 'text', default: '' })
  hoursJa: string;

  @Column({ type: 'text', default: '' })
  hoursEn: string;

  /** Shown in ascending order. */
  @Column({ type: 'int', default: 0 })
  position: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
