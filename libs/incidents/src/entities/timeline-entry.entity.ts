import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TimelineEntryKind } from '../incidents.enums';
import { IncidentEntity } from './incident.entity';

/** Append-only: a database trigger refuses UPDATE and DELETE (see the migration). */
@Entity('incident_timeline_entry')
@Index('incident_timeline_entry_incident_seq_idx', ['incidentId', 'sequence'])
export class TimelineEntryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  sequence: string;

  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'text' })
  kind: TimelineEntryKind;

  @Column({ type: 'text', nullable: true })
  actorKind: 'user' | 'apiKey' | 'system' | null;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'text' })
  actorName: string;

  @Column({ type: 'uuid', nullable: true })
  actorOrganisationId: string | null;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;

  @ManyToOne(() => IncidentEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;
}
