import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { AttemptOutcome, DeliveryChannel, DeliveryState } from '../alerting.enums';
import { AlertEntity } from './alert.entity';

/**
 * An alert on one channel. Its id is the Standard Webhooks `webhook-id` (stable across retries, so
 * receivers can deduplicate) and what a machine quotes to acknowledge.
 */
@Entity('alert_delivery')
@Index('alert_delivery_alert_idx', ['alertId', 'createdAt'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  alertId: string;

  @Column({ type: 'text' })
  channel: DeliveryChannel;

  /** The email address or URL it went to. */
  @Column({ type: 'text' })
  target: string;

  @Column({ type: 'text' })
  state: DeliveryState;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id' })
  alert?: AlertEntity;
}

/** One try: when, how it ended, what the other side said, how long it took. */
@Entity('delivery_attempt')
@Index('delivery_attempt_delivery_idx', ['deliveryId', 'attemptNumber'])
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  deliveryId: string;

  @Index()
  @Column({ type: 'uuid' })
  alertId: string;

  @Column({ type: 'text' })
  channel: DeliveryChannel;

  @Column({ type: 'int' })
  attemptNumber: number;

  @Column({ type: 'timestamptz' })
  startedAt: Date;

  @Column({ type: 'int' })
  latencyMs: number;

  @Column({ type: 'text' })
  outcome: AttemptOutcome;

  @Column({ type: 'int', nullable: true })
  httpStatus: number | null;

  /** The SMTP server's reply line. */
  @Column({ type: 'text', nullable: true })
  smtpResponse: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @ManyToOne(() => DeliveryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'delivery_id' })
  delivery?: DeliveryEntity;
}
