import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { ApiKeyEntity } from '@renkei/identity/entities/api-key.entity';
import { IncidentCategory, Tlp } from '@renkei/incidents/incidents.enums';
import { ComponentEntity } from '@renkei/responsibility/entities/component.entity';

/**
 * A PagerDuty-compatible routing key: events sent with it report as its API key, against its
 * component. Only the SHA-256 of the key is stored.
 */
@Entity('event_integration')
export class EventIntegrationEntity extends BaseEntity {
  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'uuid' })
  apiKeyId: string;

  @Column({ type: 'uuid' })
  componentId: string;

  @Column({ type: 'text', unique: true })
  routingKeyHash: string;

  /** The first characters, to tell keys apart. */
  @Column({ type: 'text' })
  routingKeyPrefix: string;

  @Column({ type: 'text', default: 'OTHER' })
  category: IncidentCategory;

  @Column({ type: 'text', default: 'AMBER' })
  tlp: Tlp;

  @Column({ type: 'timestamptz', nullable: true })
  lastEventAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ManyToOne(() => ApiKeyEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'api_key_id' })
  apiKey?: ApiKeyEntity;

  @ManyToOne(() => ComponentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'component_id' })
  component?: ComponentEntity;
}
