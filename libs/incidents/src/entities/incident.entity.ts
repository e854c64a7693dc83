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

/**
 * How alerting routes a drill incident: only to the exercise's playing organisations, with the
 * exercise's own escalation (the city's policy, its first step replaced by the inject's audience and
 * its timings compressed by the exercise's speed).
 */
export interface DrillRouting {
  exerciseId: string;
  exerciseTitle: string;
  injectId: string;
  injectKey: string;
  injectSequence: number;
  /** Organisations that may receive anything about this drill (the playing participants). */
  organisationIds: string[];
  /** The escalation policy snapshot to run (the alerting context's PolicySnapshot). */
  policy: DrillPolicySnapshot;
}

/** The alerting context's PolicySnapshot, as the incident stores it (incidents do not depend on alerting). */
export interface DrillPolicySnapshot {
  id: string;
  name: string;
  version: number;
  steps: { escalateAfterSeconds: number; targets: object[] }[];
  repeatCount: number;
  reminderIntervalSeconds: number | null;
  maxReminders: number;
  reescalateAfterSeconds: number | null;
  reescalateSeverities: string[];
}

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

  /**
   * Set on the drill incidents a tabletop exercise creates, one per inject, so an inject travels the
   * real alerting chain. Drill incidents never appear in the register's lists or metrics.
   */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  exerciseId: string | null;

  /** What alerting needs to keep a drill inside its exercise (see DrillRouting). Null for a real incident. */
  @Column({ type: 'jsonb', nullable: true })
  drill: DrillRouting | null;

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
