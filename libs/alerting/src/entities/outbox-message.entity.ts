import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The transactional outbox: a job to enqueue, written in the same transaction as the change that
 * needs it, relayed to BullMQ by the worker and then deleted. A lease lets several relays share it.
 */
@Entity('outbox_message')
export class OutboxMessageEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  /** `queue/jobName`. */
  @Column({ type: 'text' })
  topic: string;

  /** The BullMQ job id: the same message relayed twice is one job. */
  @Column({ type: 'text' })
  jobId: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  /** Not before (a delayed job). */
  @Column({ type: 'timestamptz' })
  availableAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  leasedUntil: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
