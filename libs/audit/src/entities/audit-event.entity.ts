import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One state change. Events are chained: `hash` = SHA-256 over the previous hash and this event's
 * canonical content, so any edit, insertion or removal breaks the chain at that point. Append-only
 * (a trigger refuses UPDATE and DELETE).
 */
@Entity('audit_event')
@Index(['entityType', 'entityId'])
export class AuditEventEntity {
  /** Gap-free position in the chain, assigned under an advisory lock. */
  @PrimaryColumn({ type: 'bigint' })
  sequence: string;

  @Column({ type: 'timestamptz' })
  occurredAt: Date;

  @Column({ type: 'text' })
  actorKind: string;

  @Column({ type: 'text', nullable: true })
  actorId: string | null;

  @Column({ type: 'text', nullable: true })
  actorName: string | null;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'text' })
  action: string;

  @Column({ type: 'text' })
  entityType: string;

  @Column({ type: 'text', nullable: true })
  entityId: string | null;

  @Column({ type: 'text', nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;

  @Column({ type: 'text' })
  previousHash: string;

  @Column({ type: 'text' })
  hash: string;
}
