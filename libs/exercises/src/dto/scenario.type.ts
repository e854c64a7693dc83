import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { Connection } from '@renkei/core/pagination/connection';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { ExerciseScenarioEntity, ExerciseScenarioVersionEntity } from '../entities/scenario.entity';
import { ScenarioOrigin } from '../exercises.enums';
import type { ScenarioContent } from '../scenario-content';

const NOT_BLANK = /\S/;
const KEY = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

// ---- outputs ----

@ObjectType()
export class DutyAudienceType {
  @Field(() => Duty)
  duty: Duty;

  @Field(() => [ID])
  componentIds: string[];
}

@ObjectType({ description: 'Who an inject goes to (only ever the exercise’s playing organisations).' })
export class InjectAudienceType {
  @Field(() => [GuidelineRole])
  roles: GuidelineRole[];

  @Field(() => [DutyAudienceType])
  duties: DutyAudienceType[];

  @Field(() => [ID])
  organisationIds: string[];

  @Field(() => [ID])
  contactIds: string[];
}

@ObjectType()
export class ExpectedActionType {
  @Field()
  key: string;

  @Field()
  descriptionJa: string;

  @Field()
  descriptionEn: string;

  @Field(() => [GuidelineRole])
  byRoles: GuidelineRole[];

  @Field(() => [ID])
  byOrganisationIds: string[];

  @Field(() => Int, { description: 'Exercise seconds after the inject.' })
  withinSeconds: number;

  @Field(() => Int)
  weight: number;

  @Field(() => String, { nullable: true })
  objectiveKey: string | null;
}

@ObjectType()
export class ScenarioObjectiveType {
  @Field()
  key: string;

  @Field()
  textJa: string;

  @Field()
  textEn: string;

  @Field(() => [String], { description: 'Guideline check-sheet keys (IR-2, IR-4 …).' })
  checkSheetKeys: string[];
}

@ObjectType()
export class ScenarioInjectType {
  @Field()
  key: string;

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
}

@ObjectType()
export class ScenarioVersion {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  number: number;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field()
  narrativeJa: string;

  @Field()
  narrativeEn: string;

  @Field(() => [ScenarioObjectiveType])
  objectives: ScenarioObjectiveType[];

  @Field(() => [ScenarioInjectType])
  injects: ScenarioInjectType[];

  @Field()
  createdAt: Date;
}

@ObjectType({ description: 'A tabletop-exercise scenario in the library; its content is versioned.' })
export class ExerciseScenario {
  @Field(() => ID)
  id: string;

  @Field()
  key: string;

  @Field(() => ScenarioOrigin)
  origin: ScenarioOrigin;

  @Field({ description: 'Shipped with Renkei as an example, derived from the guideline catalogue.' })
  isExample: boolean;

  @Field(() => ID, { nullable: true })
  copiedFromId: string | null;

  @Field(() => ID, { nullable: true })
  ownerOrganisationId: string | null;

  @Field(() => Int)
  currentVersion: number;

  @Field(() => Date, { nullable: true })
  archivedAt: Date | null;

  @Field(() => Int, { description: 'For optimistic concurrency: pass it back to updateExerciseScenario.' })
  version: number;

  @Field(() => ScenarioVersion, { description: 'The current version’s content.' })
  current: ScenarioVersion;
}

export const ExerciseScenarioConnectionBase = Connection(ExerciseScenario, 'ExerciseScenario');
@ObjectType()
export class ExerciseScenarioConnection extends ExerciseScenarioConnectionBase {}

export function toScenarioVersion(entity: ExerciseScenarioVersionEntity): ScenarioVersion {
  const content: ScenarioContent = entity.content;
  return {
    id: entity.id,
    number: entity.number,
    titleJa: content.titleJa,
    titleEn: content.titleEn,
    narrativeJa: content.narrativeJa,
    narrativeEn: content.narrativeEn,
    objectives: content.objectives,
    injects: content.injects,
    createdAt: entity.createdAt,
  };
}

export function toScenario(
  entity: ExerciseScenarioEntity,
  current: ExerciseScenarioVersionEntity,
): ExerciseScenario {
  return {
    id: entity.id,
    key: entity.key,
    origin: entity.origin,
    isExample: entity.isExample,
    copiedFromId: entity.copiedFromId,
    ownerOrganisationId: entity.ownerOrganisationId,
    currentVersion: entity.currentVersion,
    archivedAt: entity.archivedAt,
    version: entity.version,
    current: toScenarioVersion(current),
  };
}

// ---- inputs ----

@InputType()
export class DutyAudienceInput {
  @Field(() => Duty)
  @IsEnum(Duty)
  duty: Duty;

  @Field(() => [ID])
  @IsUUID('all', { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  componentIds: string[];
}

@InputType()
export class InjectAudienceInput {
  @Field(() => [GuidelineRole], { defaultValue: [] })
  @IsEnum(GuidelineRole, { each: true })
  @ArrayMaxSize(10)
  roles: GuidelineRole[];

  @Field(() => [DutyAudienceInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => DutyAudienceInput)
  @ArrayMaxSize(20)
  duties: DutyAudienceInput[];

  @Field(() => [ID], { defaultValue: [] })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(100)
  organisationIds: string[];

  @Field(() => [ID], { defaultValue: [] })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(200)
  contactIds: string[];
}

@InputType()
export class ExpectedActionInput {
  @Field()
  @Matches(KEY, { message: 'key must be 1-40 letters, digits, _ . or -' })
  key: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'descriptionJa must not be blank' })
  @MaxLength(2000)
  descriptionJa: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'descriptionEn must not be blank' })
  @MaxLength(2000)
  descriptionEn: string;

  @Field(() => [GuidelineRole], { defaultValue: [] })
  @IsEnum(GuidelineRole, { each: true })
  @ArrayMaxSize(10)
  byRoles: GuidelineRole[];

  @Field(() => [ID], { defaultValue: [] })
  @IsUUID('all', { each: true })
  @ArrayMaxSize(50)
  byOrganisationIds: string[];

  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(30 * 86400)
  withinSeconds: number;

  @Field(() => Int, { defaultValue: 1 })
  @IsInt()
  @Min(1)
  @Max(10)
  weight: number;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  objectiveKey?: string | null;
}

@InputType()
export class ScenarioObjectiveInput {
  @Field()
  @Matches(KEY, { message: 'key must be 1-40 letters, digits, _ . or -' })
  key: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'textJa must not be blank' })
  @MaxLength(2000)
  textJa: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'textEn must not be blank' })
  @MaxLength(2000)
  textEn: string;

  @Field(() => [String], { defaultValue: [] })
  @IsString({ each: true })
  @ArrayMaxSize(20)
  checkSheetKeys: string[];
}

@InputType()
export class ScenarioInjectInput {
  @Field()
  @Matches(KEY, { message: 'key must be 1-40 letters, digits, _ . or -' })
  key: string;

  @Field(() => Int)
  @IsInt()
  @Min(0)
  @Max(7 * 86400)
  offsetSeconds: number;

  @Field()
  @Matches(NOT_BLANK, { message: 'titleJa must not be blank' })
  @MaxLength(200)
  titleJa: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'titleEn must not be blank' })
  @MaxLength(200)
  titleEn: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'textJa must not be blank' })
  @MaxLength(10_000)
  textJa: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'textEn must not be blank' })
  @MaxLength(10_000)
  textEn: string;

  @Field(() => InjectAudienceInput)
  @ValidateNested()
  @Type(() => InjectAudienceInput)
  audience: InjectAudienceInput;

  @Field({ defaultValue: true })
  @IsBoolean()
  acknowledgementRequired: boolean;

  @Field(() => [ExpectedActionInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => ExpectedActionInput)
  @ArrayMaxSize(50)
  expectedActions: ExpectedActionInput[];
}

@InputType()
export class ScenarioContentInput {
  @Field()
  @Matches(NOT_BLANK, { message: 'titleJa must not be blank' })
  @MaxLength(200)
  titleJa: string;

  @Field()
  @Matches(NOT_BLANK, { message: 'titleEn must not be blank' })
  @MaxLength(200)
  titleEn: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(20_000)
  narrativeJa: string;

  @Field({ defaultValue: '' })
  @IsString()
  @MaxLength(20_000)
  narrativeEn: string;

  @Field(() => [ScenarioObjectiveInput], { defaultValue: [] })
  @ValidateNested({ each: true })
  @Type(() => ScenarioObjectiveInput)
  @ArrayMaxSize(50)
  objectives: ScenarioObjectiveInput[];

  @Field(() => [ScenarioInjectInput])
  @ValidateNested({ each: true })
  @Type(() => ScenarioInjectInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  injects: ScenarioInjectInput[];
}
