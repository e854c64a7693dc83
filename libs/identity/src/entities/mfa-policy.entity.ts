import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { PlatformRole } from '@renkei/core/context/actor';

/** Whether users of a platform role must use a TOTP second factor (サービス②-5). */
@Entity('mfa_policy')
export class MfaPolicyEntity {
  @PrimaryColumn({ type: 'text' })
  role: PlatformRole;

  @Column({ type: 'boolean', default: false })
  required: boolean;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  updatedById: string | null;
}
