import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { GuidelineEditionEntity } from './guideline-edition.entity';

export interface ThreatText {
  ja: string;
  en: string;
}

/** An assumed security incident of Appendix B (想定されるセキュリティインシデント). */
@Entity('guideline_incident_type')
export class GuidelineIncidentTypeEntity {
  @PrimaryColumn({ type: 'text' })
  edition: string;

  /** INC-01 … INC-25 */
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'int' })
  position: number;

  @Column({ type: 'text' })
  incidentJa: string;

  @Column({ type: 'text' })
  incidentEn: string;

  /** CPSF measures cited for it. */
  @Column({ type: 'text', array: true })
  cpsIds: string[];

  @Column({ type: 'jsonb' })
  threats: ThreatText[];

  @ManyToOne(() => GuidelineEditionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'edition' })
  editionRecord?: GuidelineEditionEntity;
}
