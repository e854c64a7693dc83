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
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { DetectionSource, IncidentCategory, IncidentStatus, Severity, Tlp } from '../incidents.enums';

@Entity('incident')
@Index('incident_reported_at_id_idx', ['reportedAt', 'id'])
/** A dedupKey is the reporter organisation's own: one open incident per organisation and key. */
@Index('incident_open_dedup_key_idx', ['reporterOrganisationId', 'dedupKey'], {
  unique: true,
  where: `dedup_key IS NOT NULL AND status NOT IN ('RESOLVED', 'CLOSED')`,
})
export class IncidentEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** INC-2026-0001: sequential per year. */
  @Column({ type: 'text', unique: true })
  reference: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Index()
  @Column({ type: 'text' })
  severity: Severity;

  @Column({ type: 'text' })
  category: IncidentCategory;

  /** Appendix B incident type (INC-01 … INC-25), see the guideline catalogue. */
  @Column({ type: 'text', nullable: true })
  incidentTypeId: string | null;

  @Column({ type: 'text' })
  detectionSource: DetectionSource;

  @Column({ type: 'boolean', default: false })
  personalDataInvolved: boolean;

  @Column({ type: 'boolean', default: false })
  safetyImpact: boolean;

  /** The leak may have been committed for an unlawful purpose (不正の目的): longer statutory deadlines. */
  @Column({ type: 'boolean', default: false })
  maliciousSuspected: boolean;

  @Index()
  @Column({ type: 'text', default: Tlp.AMBER })
  tlp: Tlp;

  @Index()
  @Column({ type: 'text', default: IncidentStatus.NEW })
  status: IncidentStatus;

  @Column({ type: 'timestamptz' })
  reportedAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  detectedAt: Date | null;

  /**
   * When the organisation became aware (知った時): the anchor of statutory reporting clocks. null means
   * the detection time, or the report time when that is unknown (see `awarenessOf`).
   */
  @Column({ type: 'timestamptz', nullable: true })
  awareAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  triagedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  respondingAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  containedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  recoveringAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reopenedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  reporterUserId: string | null;

  @Column({ type: 'uuid', nullable: true })
  reporterApiKeyId: string | null;

  @Column({ type: 'uuid' })
  reporterOrganisationId: string;

  @Column({ type: 'text', nullable: true })
  dedupKey: string | null;

  @Column({ type: 'integer', default: 1 })
  occurrenceCount: number;

  @Column({ type: 'timestamptz' })
  lastOccurrenceAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'reporter_organisation_id' })
  reporterOrganisation?: OrganisationEntity;
}

/** When the organisation became aware of the incident: explicit, else detected, else reported. */
export function awarenessOf(incident: Pick<IncidentEntity, 'awareAt' | 'detectedAt' | 'reportedAt'>): Date {
  return incident.awareAt ?? incident.detectedAt ?? incident.reportedAt;
}
