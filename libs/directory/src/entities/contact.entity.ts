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
