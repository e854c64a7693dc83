import { Field, Float, ID, InputType, Int, ObjectType, OmitType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDateString,
  IsEnum,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import GraphQLJSON from 'graphql-type-json';
import { Connection } from '@renkei/core/pagination/connection';
import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import { ExerciseEntity, ExerciseInjectEntity, ExerciseParticipantEntity } from '../entities/exercise.entity';
import {
  ExerciseEventEntity,
  ExerciseImprovementItemEntity,
  ExerciseObjectiveRatingEntity,
  ExerciseRatingEntity,
  ExerciseResponseEntity,
} from '../entities/exercise-records.entity';
import { elapsedAt } from '../exercise-clock';
import {
  ActionRating,
  ExerciseRole,
  ExerciseStatus,
  ImprovementLinkKind,
  ImprovementStatus,
  InjectState,
  ObjectiveRating,
  ResponseKind,
} from '../exercises.enums';
import {
  ExpectedActionInput,
  ExpectedActionType,
  InjectAudienceInput,
  InjectAudienceType,
  ScenarioInjectInput,
  ScenarioObjectiveType,
} from './scenario.type';

const NOT_BLANK = /\S/;

@ObjectType()
export class ExerciseParticipant {
  @Field(() => ID)
  organisationId: string;

  @Field()
  organisationNameJa: string;

  @Field()
  organisationNameEn: string;

  @Field(() => ExerciseRole)
  role: ExerciseRole;

  @Field(() => [ID], { description: 'The contacts that play for it (empty: its incident contacts).' })
  contactIds: string[];
}

@ObjectType()
export class ExerciseInject {
  @Field(() => ID)
  id: string;

  @Field()
  key: string;

  @Field(() => Int)
  sequence: number;

  @Field(() => Int)
  offsetSeconds: number;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field()
  textJa: string;

  @Field()
  textEn: string;

  @Field(() => InjectAudienceType)
  audience: InjectAudienceType;

  @Field()
  acknowledgementRequired: boolean;

  @Field(() => [ExpectedActionType])
  expectedActions: ExpectedActionType[];

  @Field()
  adHoc: boolean;

  @Field(() => InjectState)
  state: InjectState;

  @Field(() => Date, { nullable: true, description: 'When it is due on the wall clock (while running).' })
  dueAt: Date | null;

  @Field(() => Date, { nullable: true })
  sentAt: Date | null;

  @Field(() => Int, { nullable: true })
  sentAtExerciseSeconds: number | null;

  @Field(() => Int, { nullable: true, description: 'How late it went out against the clock (ms).' })
  latenessMs: number | null;

  @Field(() => ID, { nullable: true, description: 'The drill incident that carried it through alerting.' })
  incidentId: string | null;

  @Field(() => [ID])
  recipientOrganisationIds: string[];
}

@ObjectType()
export class Exercise {
  @Field(() => ID)
  id: string;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => ID)
  scenarioId: string;

  @Field(() => ID)
  scenarioVersionId: string;

  @Field(() => Int, { description: 'The scenario version the exercise keeps.' })
  scenarioVersionNumber: number;

  @Field(() => [ScenarioObjectiveType])
  objectives: ScenarioObjectiveType[];

  @Field(() => ExerciseStatus)
  status: ExerciseStatus;

  @Field(() => Severity)
  severity: Severity;

  @Field(() => IncidentCategory)
  category: IncidentCategory;

  @Field(() => Float)
  speed: number;

  @Field(() => Date, { nullable: true })
  scheduledAt: Date | null;

  @Field(() => Date, { nullable: true })
  startedAt: Date | null;

  @Field(() => Date, { nullable: true })
  pausedAt: Date | null;

  @Field(() => Date, { nullable: true })
  finishedAt: Date | null;

  @Field(() => Date, { nullable: true })
  cancelledAt: Date | null;

  @Field(() => Float, { description: 'Exercise seconds on the clock when this was read.' })
  clockSeconds: number;

  @Field(() => ID)
  organiserOrganisationId: string;

  @Field(() => ExerciseRole, { nullable: true, description: 'Your organisation’s role in it.' })
  myRole: ExerciseRole | null;

  @Field(() => Int)
  version: number;

  @Field()
  createdAt: Date;
}

export const ExerciseConnectionBase = Connection(Exercise, 'Exercise');
@ObjectType()
export class ExerciseConnection extends ExerciseConnectionBase {}

@ObjectType()
export class ExerciseResponse {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true })
  injectId: string | null;

  @Field(() => ID)
  organisationId: string;

  @Field()
  authorName: string;

  @Field(() => ResponseKind)
  kind: ResponseKind;

  @Field()
  text: string;

  @Field(() => [ID])
  toOrganisationIds: string[];

  @Field(() => Int)
  exerciseSeconds: number;

  @Field()
  createdAt: Date;
}

@ObjectType()
export class ExerciseActionRating {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  injectId: string;

  @Field()
  actionKey: string;

  @Field(() => ActionRating)
  rating: ActionRating;

  @Field()
  note: string;

  @Field()
  evaluatorName: string;

  @Field()
  ratedAt: Date;
}

@ObjectType()
export class ExerciseObjectiveRatingType {
  @Field()
  objectiveKey: string;

  @Field(() => ObjectiveRating)
  rating: ObjectiveRating;

  @Field()
  note: string;

  @Field()
  evaluatorName: string;

  @Field()
  ratedAt: Date;
}

@ObjectType()
export class ExerciseEvent {
  @Field(() => ID)
  id: string;

  @Field()
  kind: string;

  @Field()
  occurredAt: Date;

  @Field(() => Int)
  exerciseSeconds: number;

  @Field(() => ID, { nullable: true })
  organisationId: string | null;

  @Field()
  message: string;
}

@ObjectType()
export class ImprovementItem {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  exerciseId: string;

  @Field(() => String, { nullable: true, description: 'Set when generated from a finding of the exercise.' })
  findingKey: string | null;

  @Field()
  title: string;

  @Field()
  description: string;

  @Field(() => String, { nullable: true })
  objectiveKey: string | null;

  @Field(() => ID, { nullable: true })
  ownerOrganisationId: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  dueDate: string | null;

  @Field(() => ImprovementStatus)
  status: ImprovementStatus;

  @Field(() => ImprovementLinkKind)
  linkKind: ImprovementLinkKind;

  @Field(() => ID, { nullable: true, description: 'The contact, organisation, component or runbook to fix.' })
  linkId: string | null;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field()
  updatedAt: Date;
}

@ObjectType({
  description: 'The HSEEP-shaped after-action report / improvement plan of a finished exercise.',
})
export class AfterActionReportType {
  @Field()
  generatedAt: Date;

  @Field(() => GraphQLJSON, {
    description:
      'The report: overview, objectives (P/S/M/U), strengths, areas for improvement, timeline, time to acknowledge per organisation, measures, improvement plan.',
  })
  content: Record<string, unknown>;

  @Field({ description: 'The report as a document (see format and language).' })
  document: string;
}

export function toExercise(entity: ExerciseEntity, myRole: ExerciseRole | null, now = new Date()): Exercise {
  return {
    id: entity.id,
    title: entity.title,
    description: entity.description,
    scenarioId: entity.scenarioId,
    scenarioVersionId: entity.scenarioVersionId,
    scenarioVersionNumber: entity.scenarioVersionNumber,
    objectives: entity.objectives,
    status: entity.status,
    severity: entity.severity,
    category: entity.category,
    speed: entity.speed,
    scheduledAt: entity.scheduledAt,
    startedAt: entity.startedAt,
    pausedAt: entity.pausedAt,
    finishedAt: entity.finishedAt,
    cancelledAt: entity.cancelledAt,
    clockSeconds: Math.floor(elapsedAt(entity, now)) / 1000,
    organiserOrganisationId: entity.organiserOrganisationId,
    myRole,
    version: entity.version,
    createdAt: entity.createdAt,
  };
}

export const toParticipant = (entity: ExerciseParticipantEntity): ExerciseParticipant => ({
  organisationId: entity.organisationId,
  organisationNameJa: entity.organisation?.nameJa ?? '',
  organisationNameEn: entity.organisation?.nameEn ?? '',
  role: entity.role,
  contactIds: entity.contactIds,
});

export const toInject = (entity: ExerciseInjectEntity): ExerciseInject => ({
  id: entity.id,
  key: entity.key,
  sequence: entity.sequence,
  offsetSeconds: entity.offsetSeconds,
  titleJa: entity.titleJa,
  titleEn: entity.titleEn,
  textJa: entity.textJa,
  textEn: entity.textEn,
  audience: entity.audience,
  acknowledgementRequired: entity.acknowledgementRequired,
  expectedActions: entity.expectedActions,
  adHoc: entity.adHoc,
  state: entity.state,
  dueAt: entity.dueAt,
  sentAt: entity.sentAt,
  sentAtExerciseSeconds: entity.sentAtExerciseSeconds,
  latenessMs: entity.latenessMs,
  incidentId: entity.incidentId,
  recipientOrganisationIds: entity.recipientOrganisationIds,
});

export const toResponse = (entity: ExerciseResponseEntity): ExerciseResponse => ({
  id: entity.id,
  injectId: entity.injectId,
  organisationId: entity.organisationId,
  authorName: entity.authorName,
  kind: entity.kind,
  text: entity.text,
  toOrganisationIds: entity.toOrganisationIds,
  exerciseSeconds: entity.exerciseSeconds,
  createdAt: entity.createdAt,
});

export const toActionRating = (entity: ExerciseRatingEntity): ExerciseActionRating => ({
  id: entity.id,
  injectId: entity.injectId,
  actionKey: entity.actionKey,
  rating: entity.rating,
  note: entity.note,
  evaluatorName: entity.evaluatorName,
  ratedAt: entity.ratedAt,
});

export const toObjectiveRating = (entity: ExerciseObjectiveRatingEntity): ExerciseObjectiveRatingType => ({
  objectiveKey: entity.objectiveKey,
  rating: entity.rating,
  note: entity.note,
  evaluatorName: entity.evaluatorName,
  ratedAt: entity.ratedAt,
});

export const toEvent = (entity: ExerciseEventEntity): ExerciseEvent => ({
  id: String(entity.id),
  kind: entity.kind,
  occurredAt: entity.occurredAt,
  exerciseSeconds: entity.exerciseSeconds,
  organisationId: entity.organisationId,
  message: entity.message,
});

export const toImprovementItem = (entity: ExerciseImprovementItemEntity): ImprovementItem => ({
  id: entity.id,
  exerciseId: entity.exerciseId,
  findingKey: entity.findingKey,
  title: entity.title,
  description: entity.description,
  objectiveKey: entity.objectiveKey,
  ownerOrganisationId: entity.ownerOrganisationId,
  dueDate: entity.dueDate,
  status: entity.status,
  linkKind: entity.linkKind,
  linkId: entity.linkId,
  completedAt: entity.completedAt,
  updatedAt: entity.updatedAt,
});

// ---- inputs ----

/**
 * A start time names its zone: "2025-01-09T14:00:00" alone would be read in the server's zone, so a
 * coordinator's "Thursday 14:00" could start at 23:00 Tokyo time on a server running in UTC.
 */
const WITH_TIME_ZONE = /[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;
const SCHEDULED_AT_ZONE = 'scheduledAt must be a date and time with its zone (Z or an offset such as +09:00)';

@InputType()
export class ParticipantInput {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => ExerciseRole)
  @IsEnum(ExerciseRole)
  role: ExerciseRole;

  @Field(() => [ID], { defaultValue: [] })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(50)
  contactIds: string[];
}

@InputType()
export class CreateExerciseInput {
  @Field(() => ID)
  @IsUUID()
  scenarioId: string;

  @Field(() => String, { nullable: true, description: 'Default: the scenario’s title.' })
  @IsOptional()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(200)
  title?: string | null;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(5000)
  description: string;

  @Field(() => Float, { defaultValue: 1, description: '1 = real time; 10 = ten times faster (a rehearsal).' })
  @IsNumber()
  @Min(0.1)
  @Max(1000)
  speed: number;

  @Field(() => Severity, { defaultValue: Severity.SEV2 })
  @IsEnum(Severity)
  severity: Severity;

  @Field(() => IncidentCategory, { defaultValue: IncidentCategory.OTHER })
  @IsEnum(IncidentCategory)
  category: IncidentCategory;

  @Field(() => String, {
    nullable: true,
    description: 'ISO time with its zone (Z or +09:00); at it the exercise starts by itself.',
  })
  @IsOptional()
  @IsDateString()
  @Matches(WITH_TIME_ZONE, { message: SCHEDULED_AT_ZONE })
  scheduledAt?: string | null;

  @Field(() => [ParticipantInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => ParticipantInput)
  @ArrayMaxSize(200)
  participants: ParticipantInput[];
}

@InputType()
export class UpdateExerciseInput {
  @Field(() => Int)
  @IsInt()
  expectedVersion: number;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(200)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @Field(() => Float, { nullable: true })
  @IsOptionalNotNull()
  @IsNumber()
  @Min(0.1)
  @Max(1000)
  speed?: number;

  @Field(() => String, { nullable: true, description: 'ISO time with its zone, or null to start by hand.' })
  @IsOptional()
  @IsDateString()
  @Matches(WITH_TIME_ZONE, { message: SCHEDULED_AT_ZONE })
  scheduledAt?: string | null;
}

@InputType({ description: 'Adjust a planned inject before it is sent (fields left out stay as they are).' })
export class UpdateInjectInput {
  @Field(() => Int, { nullable: true })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(7 * 86400)
  offsetSeconds?: number;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Matches(NOT_BLANK, { message: 'titleJa must not be blank' })
  @MaxLength(200)
  titleJa?: string;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Matches(NOT_BLANK, { message: 'titleEn must not be blank' })
  @MaxLength(200)
  titleEn?: string;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Matches(NOT_BLANK, { message: 'textJa must not be blank' })
  @MaxLength(10_000)
  textJa?: string;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Matches(NOT_BLANK, { message: 'textEn must not be blank' })
  @MaxLength(10_000)
  textEn?: string;

  @Field(() => InjectAudienceInput, { nullable: true })
  @IsOptionalNotNull()
  @ValidateNested()
  @Type(() => InjectAudienceInput)
  audience?: InjectAudienceInput;

  @Field(() => Boolean, { nullable: true })
  @IsOptionalNotNull()
  acknowledgementRequired?: boolean;

  @Field(() => [ExpectedActionInput], { nullable: true })
  @IsOptionalNotNull()
  @ValidateNested({ each: true })
  @Type(() => ExpectedActionInput)
  @ArrayMaxSize(50)
  expectedActions?: ExpectedActionInput[];
}

/** An unplanned inject: a scenario inject without key and offset (it goes out now, on the clock). */
@InputType()
export class AdHocInjectInput extends OmitType(
  ScenarioInjectInput,
  ['key', 'offsetSeconds'] as const,
  InputType,
) {}

@InputType()
export class ExerciseResponseInput {
  @Field(() => ID, { nullable: true, description: 'The inject it answers (optional).' })
  @IsOptional()
  @IsUUID()
  injectId?: string | null;

  @Field(() => ResponseKind)
  @IsEnum(ResponseKind)
  kind: ResponseKind;

  @Field()
  @Matches(NOT_BLANK, { message: 'text must not be blank' })
  @MaxLength(5000)
  text: string;

  @Field(() => [ID], { defaultValue: [], description: 'A MESSAGE’s addressees (playing organisations).' })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(50)
  toOrganisationIds: string[];
}

@InputType()
export class RateActionInput {
  @Field(() => ID)
  @IsUUID()
  injectId: string;

  @Field()
  @IsString()
  @MaxLength(40)
  actionKey: string;

  @Field(() => ActionRating)
  @IsEnum(ActionRating)
  rating: ActionRating;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(2000)
  note: string;
}

@InputType()
export class RateObjectiveInput {
  @Field()
  @IsString()
  @MaxLength(40)
  objectiveKey: string;

  @Field(() => ObjectiveRating)
  @IsEnum(ObjectiveRating)
  rating: ObjectiveRating;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(2000)
  note: string;
}

@InputType()
export class ImprovementItemInput {
  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(300)
  title?: string;

  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(5000)
  description?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'dueDate must be YYYY-MM-DD' })
  dueDate?: string | null;

  @Field(() => ImprovementStatus, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(ImprovementStatus)
  status?: ImprovementStatus;

  @Field(() => ImprovementLinkKind, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(ImprovementLinkKind)
  linkKind?: ImprovementLinkKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  linkId?: string | null;
}

@InputType()
export class AfterActionNotesInput {
  @Field(() => [String])
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  @ArrayMaxSize(50)
  strengths: string[];

  @Field(() => [String])
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  @ArrayMaxSize(50)
  areasForImprovement: string[];
}

export const REPORT_FORMATS = ['MARKDOWN', 'HTML'] as const;
export const REPORT_LANGUAGES = ['ja', 'en'] as const;
