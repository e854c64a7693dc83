import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A message kept by the embedded mail catcher instead of being sent (no SMTP_URL). */
@Entity('caught_mail')
export class CaughtMailEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;

  @Column({ type: 'text' })
  sender: string;

  @Column({ type: 'text', array: true })
  recipients: string[];

  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'text' })
  messageId: string;

  @Column({ type: 'text' })
  raw: string;
}
