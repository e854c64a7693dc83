import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import {
  ActionRating,
  ImprovementLinkKind,
  ImprovementStatus,
  ObjectiveRating,
  ResponseKind,
} from '../exercises.enums';
import { ExerciseEntity, ExerciseInjectEntity } from './exercise.entity';

/** A player's decision, action taken or message to other organisations. */
@Entity('exercise_response')
export class ExerciseResponseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise?: ExerciseEntity;

  @Column({ type: 'uuid', nullable: true })
  injectId: string | null;

  @ManyToOne(() => ExerciseInjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inject_id' })
  inject?: ExerciseInjectEntity;

  @Column({ type: 'uuid' })
  organisationId: string;

  @Column({ type: 'uuid', nullable: true })
  userId: string | null;

  @Column({ type: 'text' })
  authorName: string;

  @Column({ type: 'text' })
  kind: ResponseKind;

  @Column({ type: 'text' })
  text: string;

  /** A MESSAGE's addressees (playing organisations). */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  toOrganisationIds: string[];

  @Column({ type: 'integer' })
  exerciseSeconds: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}

/** An evaluator's rating of one expected action of one inject (the latest rating counts). */
@Entity('exercise_rating')
@Index('exercise_rating_action', ['injectId', 'actionKey'], { unique: true })
export class ExerciseRatingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise?: ExerciseEntity;

  @Column({ type: 'uuid' })
  injectId: string;

  @ManyToOne(() => ExerciseInjectEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'inject_id' })
  inject?: ExerciseInjectEntity;

  @Column({ type: 'text' })
  actionKey: string;

  @Column({ type: 'text' })
  rating: ActionRating;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  evaluatorId: string | null;

  @Column({ type: 'text' })
  evaluatorName: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  ratedAt: Date;
}

/** An evaluator's own P/S/M/U rating of an objective, overriding the one computed from the actions. */
@Entity('exercise_objective_rating')
@Index('exercise_objective_rating_key', ['exerciseId', 'objectiveKey'], { unique: true })
export class ExerciseObjectiveRatingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise?: ExerciseEntity;

  @Column({ type: 'text' })
  objectiveKey: string;

  @Column({ type: 'text' })
  rating: ObjectiveRating;

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ type: 'uuid', nullable: true })
  evaluatorId: string | null;

  @Column({ type: 'text' })
  evaluatorName: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  ratedAt: Date;
}

/** The exercise's own log (clock changes, injects, acknowledgements, responses, ratings): the AAR timeline. */
@Entity('exercise_event')
@Index('exercise_event_exercise', ['exerciseId', 'id'])
export class ExerciseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise?: ExerciseEntity;

  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  occurredAt: Date;

  @Column({ type: 'integer' })
  exerciseSeconds: number;

  /** The organisation the event concerns (null: the whole exercise). Players see their own only. */
  @Column({ type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  data: Record<string, unknown>;
}

/** An improvement-plan item: what to fix, who owns it, by when, and its status. */
@Entity('exercise_improvement_item')
@Index('exercise_improvement_finding', ['exerciseId', 'findingKey'], {
  unique: true,
  where: '"finding_key" IS NOT NULL',
})
export class ExerciseImprovementItemEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ type: 'uuid' })
  exerciseId: string;

  @ManyToOne(() => ExerciseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'exercise_id' })
  exercise?: ExerciseEntity;

  /** Generated from what the exercise found (stable per finding), or null when added by hand. */
  @Column({ type: 'text', nullable: true })
  findingKey: string | null;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text', nullable: true })
  objectiveKey: string | null;

  @Column({ type: 'uuid', nullable: true })
  ownerOrganisationId: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate: string | null;

  @Column({ type: 'text', default: ImprovementStatus.OPEN })
  status: ImprovementStatus;

  @Column({ type: 'text', default: ImprovementLinkKind.NONE })
  linkKind: ImprovementLinkKind;

  @Column({ type: 'uuid', nullable: true })
  linkId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
