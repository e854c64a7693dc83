import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEnum,
  IsISO8601,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import { ComponentCategory, Duty } from '@renkei/responsibility/responsibility.enums';
import { FindingActionKind, FindingStatus, RunbookScope, StepAssigneeKind } from '../runbooks.enums';

const NOT_BLANK = /\S/;
const TEXT = 20_000;

@InputType()
export class DecisionOptionInput {
  @Field()
  @IsString()
  @MaxLength(500)
  labelJa: string;

  @Field()
  @IsString()
  @MaxLength(500)
  labelEn: string;

  @Field(() => String, { nullable: true, description: 'The key of a later step; null ends the runbook.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  nextStepKey?: string | null;
}

@InputType()
export class StepDecisionInput {
  @Field()
  @IsString()
  @MaxLength(1000)
  questionJa: string;

  @Field()
  @IsString()
  @MaxLength(1000)
  questionEn: string;

  @Field(() => [DecisionOptionInput], { description: 'The first option is the expected (default) path.' })
  @ValidateNested({ each: true })
  @Type(() => DecisionOptionInput)
  @ArrayMinSize(2)
  @ArrayMaxSize(10)
  options: DecisionOptionInput[];
}

@InputType()
export class RunbookStepInput {
  @Field({ description: 'Stable key within the runbook (lowercase letters, digits, dashes).' })
  @IsString()
  @MaxLength(40)
  key: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'titleJa must not be blank' })
  @MaxLength(300)
  titleJa: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'titleEn must not be blank' })
  @MaxLength(300)
  titleEn: string;

  @Field({ nullable: true, description: 'Markdown.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  instructionsJa?: string;

  @Field({ nullable: true, description: 'Markdown.' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  instructionsEn?: string;

  @Field(() => StepAssigneeKind)
  @IsEnum(StepAssigneeKind)
  assigneeKind: StepAssigneeKind;

  @Field(() => Duty, { nullable: true, description: 'DUTY: the duty on the affected components.' })
  @IsOptional()
  @IsEnum(Duty)
  assigneeDuty?: Duty;

  @Field(() => GuidelineRole, { nullable: true, description: 'ROLE: the guideline role.' })
  @IsOptional()
  @IsEnum(GuidelineRole)
  assigneeRole?: GuidelineRole;

  @Field(() => ID, { nullable: true, description: 'ORGANISATION: the organisation.' })
  @IsOptional()
  @IsUUID()
  assigneeOrganisationId?: string;

  @Field(() => Int, { description: 'Minutes the step is expected to take.' })
  @IsInt()
  @Min(1)
  @Max(60 * 24 * 90)
  expectedMinutes: number;

  @Field(() => StepDecisionInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => StepDecisionInput)
  decision?: StepDecisionInput;

  @Field(() => String, {
    nullable: true,
    description: 'Without a decision: the later step the runbook continues at (default: the next one).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  nextStepKey?: string | null;

  @Field(() => [String], { nullable: true, description: 'Check-sheet items (GOV-1-1 … DL-6).' })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(30)
  checkSheetKeys?: string[];

  @Field(() => [String], { nullable: true, description: 'CPSF measures (CPS.xx-n).' })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(30)
  cpsfMeasureIds?: string[];

  @Field({
    nullable: true,
    description: 'A report or message template: Markdown with {{incident.reference}} etc.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  templateJa?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  templateEn?: string;
}

/** A version's whole content: saved at once and validated as a whole. */
@InputType()
export class RunbookContentInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'titleJa must not be blank' })
  @MaxLength(300)
  titleJa: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'titleEn must not be blank' })
  @MaxLength(300)
  titleEn: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  summaryJa?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  summaryEn?: string;

  @Field(() => [ComponentCategory], {
    nullable: true,
    description: 'Applies to incidents on components of these categories.',
  })
  @IsOptional()
  @IsEnum(ComponentCategory, { each: true })
  componentCategories?: ComponentCategory[];

  @Field(() => [IncidentCategory], { nullable: true })
  @IsOptional()
  @IsEnum(IncidentCategory, { each: true })
  incidentCategories?: IncidentCategory[];

  @Field(() => [String], { nullable: true, description: 'Appendix B incident types (INC-01 … INC-25).' })
  @IsOptional()
  @IsString({ each: true })
  @ArrayMaxSize(25)
  incidentTypeIds?: string[];

  @Field(() => [Severity], { nullable: true, description: 'Empty or omitted: any severity.' })
  @IsOptional()
  @IsEnum(Severity, { each: true })
  severities?: Severity[];

  @Field({ nullable: true, description: 'What changed in this version.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  changeNote?: string;

  @Field(() => [RunbookStepInput])
  @ValidateNested({ each: true })
  @Type(() => RunbookStepInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  steps: RunbookStepInput[];
}

@InputType()
export class CreateRunbookInput {
  @Field(() => RunbookScope)
  @IsEnum(RunbookScope)
  scope: RunbookScope;

  @Field(() => ID, {
    nullable: true,
    description: 'STAKEHOLDER runbooks: the owning organisation (city-wide staff only; default: yours).',
  })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @Field(() => RunbookContentInput)
  @ValidateNested()
  @Type(() => RunbookContentInput)
  content: RunbookContentInput;
}

@InputType()
export class CopyRunbookInput {
  @Field(() => RunbookScope)
  @IsEnum(RunbookScope)
  scope: RunbookScope;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;
}

@InputType()
export class RunbookFilter {
  @Field(() => RunbookScope, { nullable: true })
  @IsOptional()
  @IsEnum(RunbookScope)
  scope?: RunbookScope;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  ownerOrganisationId?: string;

  @Field({ nullable: true, description: 'Only examples (true) or only the city’s own (false).' })
  @IsOptional()
  @IsBoolean()
  isExample?: boolean;

  @Field({ nullable: true, description: 'Include retired runbooks (default false).' })
  @IsOptional()
  @IsBoolean()
  includeRetired?: boolean;
}

// ---- lessons learned ----

@InputType()
export class SaveReviewInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(TEXT)
  summary?: string;

  @Field({ nullable: true, description: 'What went well.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(TEXT)
  wentWell?: string;

  @Field({ nullable: true, description: 'What did not.' })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(TEXT)
  wentBadly?: string;

  @Field({ nullable: true, description: 'true completes the review (it can be reopened with false).' })
  @IsOptionalNotNull()
  @IsBoolean()
  completed?: boolean;
}

@InputType()
export class AddFindingInput {
  @Field({ description: 'The lesson.' })
  @IsString()
  @Matches(NOT_BLANK, { message: 'finding must not be blank' })
  @MaxLength(TEXT)
  finding: string;

  @Field(() => FindingActionKind)
  @IsEnum(FindingActionKind)
  actionKind: FindingActionKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  runbookId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  stepKey?: string;

  @Field({ nullable: true, description: 'UPDATE_RUNBOOK_STEP: the change to the step (Markdown).' })
  @ValidateIf(
    (input: AddFindingInput) =>
      input.actionKind === FindingActionKind.UPDATE_RUNBOOK_STEP || input.proposedChange !== undefined,
  )
  @IsString()
  @Matches(NOT_BLANK, { message: 'proposedChange must not be blank' })
  @MaxLength(TEXT)
  proposedChange?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  contactId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  componentId?: string;

  @Field(() => Duty, { nullable: true })
  @IsOptional()
  @IsEnum(Duty)
  duty?: Duty;

  @Field({ nullable: true })
  @ValidateIf(
    (input: AddFindingInput) =>
      input.actionKind === FindingActionKind.ADD_DRILL_SCENARIO || input.drillScenario !== undefined,
  )
  @IsString()
  @Matches(NOT_BLANK, { message: 'drillScenario must not be blank' })
  @MaxLength(TEXT)
  drillScenario?: string;

  @Field(() => ID, { description: 'The organisation that owns the action.' })
  @IsUUID()
  ownerOrganisationId: string;

  @Field(() => String, { nullable: true, description: 'ISO 8601; null clears it.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 date-time' })
  dueAt?: string | null;
}

@InputType()
export class UpdateFindingInput {
  @Field(() => FindingStatus, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(FindingStatus)
  status?: FindingStatus;

  @Field(() => String, { nullable: true, description: 'ISO 8601; null clears it.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'dueAt must be an ISO 8601 date-time' })
  dueAt?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptionalNotNull()
  @IsUUID()
  ownerOrganisationId?: string;
}
