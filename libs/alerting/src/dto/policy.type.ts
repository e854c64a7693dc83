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
import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import { ContactKind, GuidelineRole } from '@renkei/directory/directory.enums';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { TargetKind } from '../alerting.enums';
import { EscalationPolicyEntity } from '../entities/escalation-policy.entity';

const NOT_BLANK = /\S/;

@ObjectType()
export class PolicyTargetType {
  @Field(() => TargetKind)
  kind: TargetKind;

  @Field(() => [Duty], { nullable: true })
  duties?: Duty[];

  @Field(() => GuidelineRole, { nullable: true })
  role?: GuidelineRole;

  @Field(() => ID, { nullable: true })
  organisationId?: string;

  @Field(() => ID, { nullable: true })
  contactId?: string;

  @Field(() => [ContactKind], { nullable: true })
  contactKinds?: ContactKind[];

  @Field()
  acknowledgementRequired: boolean;
}

@ObjectType()
export class PolicyStepType {
  @Field(() => Int, { description: 'Wait this long for an acknowledgement before the next step.' })
  escalateAfterSeconds: number;

  @Field(() => [PolicyTargetType])
  targets: PolicyTargetType[];
}

@ObjectType()
export class EscalationPolicy {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  description: string;

  @Field(() => ID, {
    nullable: true,
    description: 'null: a city policy; otherwise that organisation’s override.',
  })
  organisationId: string | null;

  @Field()
  isDefault: boolean;

  @Field(() => [Severity])
  severities: Severity[];

  @Field(() => [IncidentCategory])
  categories: IncidentCategory[];

  @Field(() => [PolicyStepType])
  steps: PolicyStepType[];

  @Field(() => Int)
  repeatCount: number;

  @Field(() => Int, { nullable: true })
  reminderIntervalSeconds: number | null;

  @Field(() => Int)
  maxReminders: number;

  @Field(() => Int, { nullable: true })
  reescalateAfterSeconds: number | null;

  @Field(() => [Severity])
  reescalateSeverities: Severity[];

  @Field(() => Int)
  version: number;

  @Field()
  updatedAt: Date;
}

export function toPolicy(entity: EscalationPolicyEntity): EscalationPolicy {
  return {
    id: entity.id,
    name: entity.name,
    description: entity.description,
    organisationId: entity.organisationId,
    isDefault: entity.isDefault,
    severities: entity.severities,
    categories: entity.categories,
    steps: entity.steps,
    repeatCount: entity.repeatCount,
    reminderIntervalSeconds: entity.reminderIntervalSeconds,
    maxReminders: entity.maxReminders,
    reescalateAfterSeconds: entity.reescalateAfterSeconds,
    reescalateSeverities: entity.reescalateSeverities,
    version: entity.version,
    updatedAt: entity.updatedAt,
  };
}

@InputType()
export class PolicyTargetInput {
  @Field(() => TargetKind)
  @IsEnum(TargetKind)
  kind: TargetKind;

  @Field(() => [Duty], {
    nullable: true,
    description: 'DUTY targets: the duties on the affected components.',
  })
  @IsOptional()
  @IsEnum(Duty, { each: true })
  @ArrayMinSize(1)
  duties?: Duty[];

  @Field(() => GuidelineRole, { nullable: true, description: 'ROLE targets.' })
  @IsOptional()
  @IsEnum(GuidelineRole)
  role?: GuidelineRole;

  @Field(() => ID, { nullable: true, description: 'ORGANISATION targets.' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field(() => ID, { nullable: true, description: 'CONTACT targets.' })
  @IsOptional()
  @IsUUID()
  contactId?: string;

  @Field(() => [ContactKind], {
    nullable: true,
    description: 'Which of the organisation’s contacts (default: its incident window).',
  })
  @IsOptional()
  @IsEnum(ContactKind, { each: true })
  contactKinds?: ContactKind[];

  @Field({ nullable: true, description: 'false: told, not chased. Default true.' })
  @IsOptionalNotNull()
  @IsBoolean()
  acknowledgementRequired?: boolean;
}

@InputType()
export class PolicyStepInput {
  @Field(() => Int)
  @IsInt()
  @Min(1)
  @Max(7 * 86400)
  escalateAfterSeconds: number;

  @Field(() => [PolicyTargetInput])
  @ValidateNested({ each: true })
  @Type(() => PolicyTargetInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  targets: PolicyTargetInput[];
}

@InputType()
export class EscalationPolicyInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @Field(() => ID, { nullable: true, description: 'An organisation’s own policy; omit for a city policy.' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field({ nullable: true, description: 'The city default (one at most; setting it moves the flag).' })
  @IsOptionalNotNull()
  @IsBoolean()
  isDefault?: boolean;

  @Field(() => [Severity], { nullable: true, description: 'Empty or omitted: any severity.' })
  @IsOptional()
  @IsEnum(Severity, { each: true })
  severities?: Severity[];

  @Field(() => [IncidentCategory], { nullable: true, description: 'Empty or omitted: any category.' })
  @IsOptional()
  @IsEnum(IncidentCategory, { each: true })
  categories?: IncidentCategory[];

  @Field(() => [PolicyStepInput])
  @ValidateNested({ each: true })
  @Type(() => PolicyStepInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  steps: PolicyStepInput[];

  @Field(() => Int, { nullable: true })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(10)
  repeatCount?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(86400)
  reminderIntervalSeconds?: number;

  @Field(() => Int, { nullable: true })
  @IsOptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(20)
  maxReminders?: number;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(30 * 86400)
  reescalateAfterSeconds?: number;

  @Field(() => [Severity], { nullable: true, description: 'Default: SEV1.' })
  @IsOptional()
  @IsEnum(Severity, { each: true })
  reescalateSeverities?: Severity[];
}
