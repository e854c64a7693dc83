import { Field, ID, InputType, Int } from '@nestjs/graphql';
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
import { Severity } from '@renkei/incidents/incidents.enums';
import { DeadlineAnchor, DeadlineCondition, TriggerConditionKind } from '../obligations.enums';

const NOT_BLANK = /\S/;
const MAX_SECONDS = 366 * 86400;

@InputType({ description: 'A length of time: the parts add up (days + hours + seconds).' })
export class DurationInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(366)
  days?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(8784)
  hours?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_SECONDS)
  seconds?: number;
}

@InputType()
export class TriggerConditionInput {
  @Field(() => TriggerConditionKind)
  @IsEnum(TriggerConditionKind)
  kind: TriggerConditionKind;

  @Field(() => Severity, { nullable: true, description: 'For SEVERITY_AT_LEAST.' })
  @IsOptional()
  @IsEnum(Severity)
  severity?: Severity;

  @Field(() => [String], { nullable: true, description: 'For INCIDENT_TYPE: INC-01 … INC-25.' })
  @IsOptional()
  @ArrayMaxSize(25)
  @Matches(/^INC-\d{2}$/, { each: true, message: 'incidentTypeIds must look like INC-07' })
  incidentTypeIds?: string[];
}

@InputType()
export class AlternativeDurationInput {
  @Field(() => DeadlineCondition)
  @IsEnum(DeadlineCondition)
  condition: DeadlineCondition;

  @Field(() => DurationInput)
  @ValidateNested()
  @Type(() => DurationInput)
  duration: DurationInput;
}

@InputType()
export class ReportingStageInput {
  @Field({ description: 'Stable within the rule, e.g. preliminary, final.' })
  @IsString()
  @Matches(/^[a-z][a-z0-9_-]{0,39}$/, { message: 'key must be lower-case letters, digits, - or _' })
  key: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameJa must not be blank' })
  @MaxLength(200)
  nameJa: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameEn must not be blank' })
  @MaxLength(200)
  nameEn: string;

  @Field(() => DeadlineAnchor)
  @IsEnum(DeadlineAnchor)
  anchor: DeadlineAnchor;

  @Field(() => DurationInput)
  @ValidateNested()
  @Type(() => DurationInput)
  duration: DurationInput;

  @Field(() => AlternativeDurationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AlternativeDurationInput)
  alternative?: AlternativeDurationInput;

  @Field(() => [DurationInput], {
    nullable: true,
    description: 'Reminders this long before the deadline, e.g. 3 days, 1 day, 2 hours.',
  })
  @IsOptional()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => DurationInput)
  remindBefore?: DurationInput[];
}

@InputType()
export class ReportingRuleInput {
  @Field({ description: 'Stable key, e.g. APPI_ART26.' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,59}$/, { message: 'key must be upper-case letters, digits and _' })
  key: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameJa must not be blank' })
  @MaxLength(300)
  nameJa: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameEn must not be blank' })
  @MaxLength(300)
  nameEn: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  legalBasisJa?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  legalBasisEn?: string;

  @Field(() => ID, { description: 'An EXTERNAL_AUTHORITY organisation of the directory.' })
  @IsUUID('all', { message: 'authorityOrganisationId must be an id' })
  authorityOrganisationId: string;

  @Field(() => [TriggerConditionInput], { description: 'Every condition must hold.' })
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => TriggerConditionInput)
  trigger: TriggerConditionInput[];

  @Field(() => [ReportingStageInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ReportingStageInput)
  stages: ReportingStageInput[];

  @Field({ nullable: true, defaultValue: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}
