import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Severity } from '../incidents.enums';

/** What each severity means in this city; the criteria text is configurable by an admin. */
@Entity('severity_definition')
export class SeverityDefinitionEntity {
  @PrimaryColumn({ type: 'text' })
  level: Severity;

  @Column({ type: 'text' })
  nameJa: string;

  @Column({ type: 'text' })
  nameEn: string;

  @Column({ type: 'text' })
  criteriaJa: string;

  @Column({ type: 'text' })
  criteriaEn: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
