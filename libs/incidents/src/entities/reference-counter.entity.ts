import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Last incident number issued per year; bumped with INSERT … ON CONFLICT, so unique under concurrency. */
@Entity('incident_reference_counter')
export class IncidentReferenceCounterEntity {
  @PrimaryColumn({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  lastValue: number;
}
