import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { OrganisationEntity } from '@renkei/directory/entities/organisation.entity';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import { ExerciseRole, ExerciseStatus, InjectState } from '../exercises.enums';
import type { ExpectedAction, InjectAudience, ScenarioObjective } from '../scenario-content';
import type { AfterActionReport } from '../after-action';
import { ExerciseScenarioEntity, ExerciseScenarioVersionEntity } from './scenario.entity';

/**
 * One run of a scenario. The clock: `elapsedMs` exercise milliseconds had passed when the current
 * running segment began at `segmentStartedAt`; while RUNNING, exercise time advances `speed` times
 * faster than the wall clock. `epoch` changes whenever the clock is re-based (pause, resume, jump),
 * so an inject job of an earlier epoch does nothing.
 */
@Entity('exercise')
export class ExerciseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'uuid' })
  scenarioId: string;

  @ManyToOne(() => ExerciseScenarioEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scenario_id' })
  scenario?: ExerciseScenarioEntity;

  /** The version it was planned from: the run keeps it whatever the library does later. */
  @Column({ type: 'uuid' })
  scenarioVersionId: string;

  @ManyToOne(() => ExerciseScenarioVersionEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'scenario_version_id' })
  scenarioVersion?: ExerciseScenarioVersionEntity;

  @Column({ type: 'integer' })
  scenarioVersionNumber: number;

  @Column({ type: 'jsonb' })
  objectives: ScenarioObjective[];

  @Index()
  @Column({ type: 'text', default: ExerciseStatus.SCHEDULED })
  status: ExerciseStatus;

  /** The severity and category the drill incidents carry: they choose the city's escalation policy. */
  @Column({ type: 'text', default: Severity.SEV2 })
  severity: Severity;

  @Column({ type: 'text', default: IncidentCategory.OTHER })
  category: IncidentCategory;

  /** 1 = real time; 10 = ten exercise minutes per wall minute. */
  @Column({ type: 'double precision', default: 1 })
  speed: number;

  @Column({ type: 'timestamptz', nullable: true })
  scheduledAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  pausedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({
    type: 'bigint',
    default: 0,
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  elapsedMs: number;

  @Column({ type: 'timestamptz', nullable: true })
  segmentStartedAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  epoch: number;

  @Column({ type: 'uuid' })
  organiserOrganisationId: string;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  /** The after-action report, generated at finish (evaluators' later ratings regenerate it). */
  @Column({ type: 'jsonb', nullable: true })
  report: AfterActionReport | null;

  @Column({ type: 'timestamptz', nullable: true })
  reportGeneratedAt: Date | null;

  /** The facilitator's own strengths and areas for improvement, kept across regenerations. */
  @Column({ type: 'jsonb', nullable: true })
  reportNotes: { strengths: string[]; areasForImprovement: string[] } | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** An organisation taking part, with its exercise role and (optionally) the contacts that play. */
@Entity('exercise_participant')
@Index('exercise_participant_organisation', ['exerciseId', 'organisationId'], { unique: true })
export class ExerciseParticipantEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise?: ExerciseEntity;

  @Index()
  @Column({ type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organisation_id' })
  organisation?: OrganisationEntity;

  @Column({ type: 'text' })
  role: ExerciseRole;

  /** Empty: the organisation's incident contacts, as for a real alert. */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  contactIds: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** An inject of one exercise: copied from the scenario version (and adjusted), or added by hand. */
@Entity('exercise_inject')
@Index('exercise_inject_key', ['exerciseId', 'key'], { unique: true })
export class ExerciseInjectEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise?: ExerciseEntity;

  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  sequence: number;

  @Column({ type: 'integer' })
  offsetSeconds: number;

  @Column({ type: 'text' })
  titleJa: string;

  @Column({ type: 'text' })
  titleEn: string;

  @Column({ type: 'text' })
  textJa: string;

  @Column({ type: 'text' })
  textEn: string;

  @Column({ type: 'jsonb' })
  audience: InjectAudience;

  @Column({ type: 'boolean', default: true })
  acknowledgementRequired: boolean;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  expectedActions: ExpectedAction[];

  /** Sent by hand during the run (an unplanned complication). */
  @Column({ type: 'boolean', default: false })
  adHoc: boolean;

  @Index()
  @Column({ type: 'text', default: InjectState.PENDING })
  state: InjectState;

  /** When it is due on the wall clock, while the exercise runs (re-based on pause, resume and jump). */
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  /** Exercise seconds on the clock when it went out. */
  @Column({ type: 'integer', nullable: true })
  sentAtExerciseSeconds: number | null;

  /** How late it went out against the clock (ms; null when sent by hand). */
  @Column({ type: 'integer', nullable: true })
  latenessMs: number | null;

  /** The drill incident that carries it through alerting. */
  @Column({ type: 'uuid', nullable: true })
  incidentId: string | null;

  /** The playing organisations it reached. */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  recipientOrganisationIds: string[];

  /** Duties on components its audience named that no playing organisation holds (a responsibility gap hit). */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  responsibilityGaps: { componentId: string; duty: string }[];

  @Column({ type: 'uuid', nullable: true })
  sentById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
