import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { ContactKind, ContactType } from '../directory.enums';

/** A person or a function mailbox of an organisation, with the channels alerts can use. */
@Entity('contact')
export class ContactEntity extends BaseEntity {
  @Index()
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  type: ContactType;

  @Column({ type: 'text' })
  kind: ContactKind;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  email: string | null;

  /** People only. */
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @Column({ type: 'text', nullable: true })
  webhookUrl: string | null;

  /** Standard Webhooks signing secret, sealed with the encryption key; never returned by the API. */
  @Column({ type: 'text', nullable: true })
  webhookSecretSealed: string | null;

  /** Previous secret during a rotation: it signs beside the new one until webhookPreviousSecretExpiresAt. */
  @Column({ type: 'text', nullable: true })
  webhookPreviousSecretSealed: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  webhookPreviousSecretExpiresAt: Date | null;

  /** Set when the endpoint answered HTTP 410 Gone (or an operator disabled it); no webhooks until re-enabled. */
  @Column({ type: 'timestamptz', nullable: true })
  webhookDisabledAt: Date | null;

  @Column({ type: 'text', nullable: true })
  webhookDisabledReason: string | null;

  /** Channels in the order alerts try them; a failed channel falls through to the next. */
  @Column({ type: 'text', array: true, default: () => `'{EMAIL,WEBHOOK}'` })
  channelOrder: ('EMAIL' | 'WEBHOOK')[];

  @Column({ type: 'text', default: 'ja' })
  locale: 'ja' | 'en';

  @Column({ type: 'timestamptz', nullable: true })
  lastVerifiedAt: Date | null;

  @Column({ type: 'text', default: '' })
  notes: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}
