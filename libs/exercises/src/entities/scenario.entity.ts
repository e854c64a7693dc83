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
import { ScenarioOrigin } from '../exercises.enums';
import type { ScenarioContent } from '../scenario-content';

/** A scenario in the library; its content lives in versions, the latest being `currentVersion`. */
@Entity('exercise_scenario')
export class ExerciseScenarioEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stable key: the catalogue id (SCN-3.3.3-1) for shipped examples, generated otherwise. */
  @Index({ unique: true })
  @Column({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  origin: ScenarioOrigin;

  /** Shipped with Renkei as an example (the guideline publishes scenarios, not exercises). */
  @Column({ type: 'boolean', default: false })
  isExample: boolean;

  @Column({ type: 'uuid', nullable: true })
  copiedFromId: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerOrganisationId: string | null;

  @Column({ type: 'integer', default: 1 })
  currentVersion: number;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

@Entity('exercise_scenario_version')
@Index('exercise_scenario_version_number', ['scenarioId', 'number'], { unique: true })
export class ExerciseScenarioVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  scenarioId: string;

  @ManyToOne(() => ExerciseScenarioEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'scenario_id' })
  scenario?: ExerciseScenarioEntity;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'jsonb' })
  content: ScenarioContent;

  @Column({ type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
