import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { IncidentEntity } from '@renkei/incidents/entities/incident.entity';
import { IncidentTaskEntity } from '@renkei/incidents/entities/incident-task.entity';
import { RunbookEntity, RunbookStepEntity, RunbookVersionEntity } from './runbook.entity';

/** A runbook version applied to an incident (once per version and incident). */
@Entity('runbook_application')
@Index('runbook_application_version_idx', ['incidentId', 'versionId'], { unique: true })
export class RunbookApplicationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  incidentId: string;

  @Column({ type: 'uuid' })
  runbookId: string;

  @Column({ type: 'uuid' })
  versionId: string;

  @Column({ type: 'timestamptz' })
  appliedAt: Date;

  @Column({ type: 'uuid', nullable: true })
  appliedById: string | null;

  @Column({ type: 'uuid' })
  appliedByOrganisationId: string;

  @ManyToOne(() => IncidentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentEntity;

  @ManyToOne(() => RunbookEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'runbook_id' })
  runbook?: RunbookEntity;

  @ManyToOne(() => RunbookVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'version_id' })
  version?: RunbookVersionEntity;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** Which runbook step an incident task came from, with the guideline items it carries out. */
@Entity('runbook_task_link')
export class RunbookTaskLinkEntity {
  @PrimaryColumn({ type: 'uuid' })
  taskId: string;

  @Index()
  @Column({ type: 'uuid' })
  applicationId: string;

  @Column({ type: 'uuid' })
  stepId: string;

  @Column({ type: 'text' })
  stepKey: string;

  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  checkSheetKeys: string[];

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  cpsfMeasureIds: string[];

  /** On the path the runbook expects (the first option of every decision). */
  @Column({ type: 'boolean' })
  onDefaultPath: boolean;

  /** Nobody could be resolved for the step: the task is unassigned and someone must take it. */
  @Column({ type: 'boolean', default: false })
  responsibilityGap: boolean;

  @Column({ type: 'text', nullable: true })
  gapReason: string | null;

  /** The step's template rendered for the incident when applied. */
  @Column({ type: 'text', nullable: true })
  renderedTemplateJa: string | null;

  @Column({ type: 'text', nullable: true })
  renderedTemplateEn: string | null;

  @ManyToOne(() => IncidentTaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: IncidentTaskEntity;

  @ManyToOne(() => RunbookApplicationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: RunbookApplicationEntity;

  @ManyToOne(() => RunbookStepEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'step_id' })
  step?: RunbookStepEntity;
}
