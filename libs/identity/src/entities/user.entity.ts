import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { BaseEntity } from '@renkei/core/database/base.entity';
import { PlatformRole } from '@renkei/core/context/actor';

export type Locale = 'ja' | 'en';

@Entity('app_user')
export class UserEntity extends BaseEntity {
  /** Stored lower-cased; unique (see the migration's index on email). */
  @Column({ type: 'text', unique: true })
  email: string;

  @Column({ type: 'text' })
  displayName: string;

  @Column({ type: 'text', default: 'ja' })
  locale: Locale;

  @Index()
  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  role: PlatformRole;

  /** argon2id; never leaves the identity context. */
  @Column({ type: 'text' })
  passwordHash: string;

  /** TOTP seed, sealed with the encryption key. */
  @Column({ type: 'text', nullable: true })
  totpSecret: string | null;

  @Column({ type: 'boolean', default: false })
  totpEnabled: boolean;

  /** Last accepted TOTP time step: a code is never accepted twice. */
  @Column({ type: 'bigint', nullable: true })
  totpLastStep: string | null;

  @Column({ type: 'boolean', default: false })
  disabled: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt: Date;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;
}
