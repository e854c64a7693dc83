import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  DetectionSource,
  IncidentCategory,
  IncidentRole,
  IncidentStatus,
  Severity,
  TaskStatus,
  Tlp,
} from '../incidents.enums';

const NOT_BLANK = /\S/;
const INCIDENT_TYPE = /^INC-\d{2}$/;

@InputType()
export class ReportIncidentInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(300)
  title: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @Field(() => Severity)
  @IsEnum(Severity)
  severity: Severity;

  @Field(() => IncidentCategory)
  @IsEnum(IncidentCategory)
  category: IncidentCategory;

  @Field(() => [ID], {
    nullable: true,
    description: 'Affected components; their responsible organisations become participants.',
  })
  @IsOptional()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  componentIds?: string[];

  @Field({ nullable: true, description: 'Appendix B incident type (INC-01 … INC-25).' })
  @IsOptional()
  @Matches(INCIDENT_TYPE, { message: 'incidentTypeId must look like INC-07' })
  incidentTypeId?: string;

  @Field(() => DetectionSource, { nullable: true, defaultValue: DetectionSource.OTHER })
  @IsOptional()
  @IsEnum(DetectionSource)
  detectionSource?: DetectionSource;

  @Field({ nullable: true, description: 'When it was detected (ISO 8601); defaults to the report time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'detectedAt must be an ISO 8601 date-time' })
  detectedAt?: string;

  @Field({ nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  personalDataInvolved?: boolean;

  @Field({ nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  safetyImpact?: boolean;

  @Field({
    nullable: true,
    defaultValue: false,
    description: 'The leak may have been committed for an unlawful purpose (不正の目的).',
  })
  @IsOptional()
  @IsBoolean()
  maliciousSuspected?: boolean;

  @Field(() => Tlp, { nullable: true, defaultValue: Tlp.AMBER })
  @IsOptional()
  @IsEnum(Tlp)
  tlp?: Tlp;

  @Field({
    nullable: true,
    description:
      'Makes the report idempotent: an open incident with this key gets an occurrence instead of a duplicate.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  dedupKey?: string;
}

@InputType()
export class UpdateIncidentInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(300)
  title?: string;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(20000)
  description?: string;

  @Field(() => Severity, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(Severity)
  severity?: Severity;

  @Field(() => IncidentCategory, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(IncidentCategory)
  category?: IncidentCategory;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @Matches(INCIDENT_TYPE, { message: 'incidentTypeId must look like INC-07' })
  incidentTypeId?: string;

  @Field(() => DetectionSource, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(DetectionSource)
  detectionSource?: DetectionSource;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsBoolean()
  personalDataInvolved?: boolean;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsBoolean()
  safetyImpact?: boolean;

  @Field({ nullable: true, description: 'The leak may have been committed for an unlawful purpose.' })
  @IsOptionalNotNull()
  @IsBoolean()
  maliciousSuspected?: boolean;

  @Field({
    nullable: true,
    description: 'When your organisation became aware (知った時, ISO 8601): restarts the statutory clocks.',
  })
  @IsOptionalNotNull()
  @IsISO8601({ strict: true }, { message: 'awareAt must be an ISO 8601 date-time' })
  awareAt?: string;

  @Field(() => Tlp, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(Tlp)
  tlp?: Tlp;

  @Field(() => Int, {
    nullable: true,
    description: 'The version you edited; a newer one on the server is a CONFLICT.',
  })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  expectedVersion?: number;
}

@InputType()
export class TransitionIncidentInput {
  @Field(() => IncidentStatus)
  @IsEnum(IncidentStatus)
  status: IncidentStatus;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  note?: string;
}

@InputType()
export class IncidentFilter {
  @Field(() => [IncidentStatus], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(IncidentStatus, { each: true })
  statuses?: IncidentStatus[];

  @Field(() => [Severity], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(Severity, { each: true })
  severities?: Severity[];

  @Field(() => [Tlp], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(10)
  @IsEnum(Tlp, { each: true })
  tlps?: Tlp[];

  @Field(() => ID, { nullable: true, description: 'Incidents this organisation participates in.' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field(() => ID, { nullable: true, description: 'Incidents affecting this component.' })
  @IsOptional()
  @IsUUID()
  componentId?: string;

  @Field({ nullable: true, description: 'Reported at or after (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'reportedFrom must be an ISO 8601 date-time' })
  reportedFrom?: string;

  @Field({ nullable: true, description: 'Reported before (ISO 8601).' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'reportedTo must be an ISO 8601 date-time' })
  reportedTo?: string;

  @Field({ nullable: true, description: 'Substring of the reference, title or description (Japanese too).' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  text?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  personalDataInvolved?: boolean;
}

@InputType()
export class CreateTaskInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(300)
  title: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeOrganisationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeUserId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 date-time' })
  dueAt?: string;
}

@InputType()
export class UpdateTaskInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @Matches(NOT_BLANK, { message: 'title must not be blank' })
  @MaxLength(300)
  title?: string;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(10000)
  description?: string;

  @Field(() => TaskStatus, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(TaskStatus)
  status?: TaskStatus;

  @Field(() => ID, { nullable: true })
  @IsOptionalNotNull()
  @IsUUID()
  assigneeOrganisationId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptionalNotNull()
  @IsUUID()
  assigneeUserId?: string;

  @Field(() => String, { nullable: true, description: 'null clears the due time.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 date-time' })
  dueAt?: string | null;
}

@InputType()
export class IncidentRoleInput {
  @Field(() => ID)
  @IsUUID()
  userId: string;

  @Field(() => IncidentRole)
  @IsEnum(IncidentRole)
  role: IncidentRole;
}

@InputType()
export class AddNoteInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'message must not be blank' })
  @MaxLength(20000)
  message: string;
}
