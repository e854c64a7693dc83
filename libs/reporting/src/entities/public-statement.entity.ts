import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { PublicStatementStatus } from '../reporting.enums';

/**
 * A statement to residents about an incident (住民への情報提供). Drafted by the incident's responders,
 * published by a coordinator's approval, immutable once published (a correction is a new statement;
 * a wrong one is withdrawn).
 */
@Entity('public_statement')
@Index('public_statement_published_idx', ['status', 'publishedAt'])
export class PublicStatementEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'text' })
  titleJa: string;

  @Column({ type: 'text', default: '' })
  titleEn: string;

  /** Plain text or restricted Markdown (paragraphs, lists, bold, http(s) links). */
  @Column({ type: 'text' })
  bodyJa: string;

  @Column({ type: 'text', default: '' })
  bodyEn: string;

  @Column({ type: 'text', default: PublicStatementStatus.DRAFT })
  status: PublicStatementStatus;

  @Column({ type: 'uuid', nullable: true })
  draftedByUserId: string | null;

  @Column({ type: 'text' })
  draftedByName: string;

  @Column({ type: 'uuid', nullable: true })
  approvedByUserId: string | null;

  @Column({ type: 'text', nullable: true })
  approvedByName: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @Column({ type: 'text', nullable: true })
  withdrawnReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
}
