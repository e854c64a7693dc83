import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Failed and successful logins, for rate limiting by account and by client address. */
@Entity('login_attempt')
@Index(['email', 'attemptedAt'])
@Index(['ipAddress', 'attemptedAt'])
export class LoginAttemptEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  ipAddress: string;

  @Column({ type: 'boolean' })
  succeeded: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  attemptedAt: Date;
}
