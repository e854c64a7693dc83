import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { PageInfo } from '@renkei/core/pagination/connection';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import { IncidentCategory, Severity } from '@renkei/incidents/incidents.enums';
import { ComponentCategory, Duty } from '@renkei/responsibility/responsibility.enums';
import { RunbookApplicationEntity, RunbookTaskLinkEntity } from '../entities/application.entity';
import { PostIncidentReviewEntity, ReviewFindingEntity } from '../entities/review.entity';
import { RunbookEntity, RunbookStepEntity, RunbookVersionEntity } from '../entities/runbook.entity';
import { StepTiming } from '../runbook-plan';
import {
  FindingActionKind,
  FindingStatus,
  ReviewStatus,
  RunbookScope,
  RunbookVersionStatus,
  StepAssigneeKind,
} from '../runbooks.enums';

@ObjectType()
export class DecisionOption {
  @Field()
  labelJa: string;

  @Field()
  labelEn: string;

  @Field(() => String, { nullable: true, description: 'The step it leads to; null ends the runbook.' })
  nextStepKey: string | null;
}

@ObjectType()
export class StepDecision {
  @Field()
  questionJa: string;

  @Field()
  questionEn: string;

  @Field(() => [DecisionOption], { description: 'The first option is the expected (default) path.' })
  options: DecisionOption[];
}

@ObjectType()
export class RunbookStep {
  @Field(() => ID)
  id: string;

  @Field()
  key: string;

  @Field(() => Int)
  position: number;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field()
  instructionsJa: string;

  @Field()
  instructionsEn: string;

  @Field(() => StepAssigneeKind)
  assigneeKind: StepAssigneeKind;

  @Field(() => Duty, { nullable: true })
  assigneeDuty: Duty | null;

  @Field(() => GuidelineRole, { nullable: true })
  assigneeRole: GuidelineRole | null;

  @Field(() => ID, { nullable: true })
  assigneeOrganisationId: string | null;

  @Field(() => Int)
  expectedMinutes: number;

  @Field(() => Int, { description: 'Minutes after applying when the step is due (along its path).' })
  dueAfterMinutes: number;

  @Field({ description: 'On the expected path (first option of every decision).' })
  onDefaultPath: boolean;

  @Field(() => StepDecision, { nullable: true })
  decision: StepDecision | null;

  @Field(() => String, {
    nullable: true,
    description: 'Without a decision: where the runbook goes on (null: the next step).',
  })
  nextStepKey: string | null;

  @Field(() => [String])
  checkSheetKeys: string[];

  @Field(() => [String])
  cpsfMeasureIds: string[];

  @Field(() => String, { nullable: true })
  templateJa: string | null;

  @Field(() => String, { nullable: true })
  templateEn: string | null;
}

export function toStep(entity: RunbookStepEntity, timing: StepTiming | undefined): RunbookStep {
  const { versionId: _v, version: _version, ...rest } = entity;
  return {
    ...rest,
    dueAfterMinutes: timing?.dueAfterMinutes ?? 0,
    onDefaultPath: timing?.onDefaultPath ?? false,
  };
}

@ObjectType()
export class RunbookVersion {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  runbookId: string;

  @Field(() => Int)
  number: number;

  @Field(() => RunbookVersionStatus)
  status: RunbookVersionStatus;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field()
  summaryJa: string;

  @Field()
  summaryEn: string;

  @Field(() => [ComponentCategory])
  componentCategories: ComponentCategory[];

  @Field(() => [IncidentCategory])
  incidentCategories: IncidentCategory[];

  @Field(() => [String])
  incidentTypeIds: string[];

  @Field(() => [Severity])
  severities: Severity[];

  @Field(() => ID, { nullable: true })
  basedOnVersionId: string | null;

  @Field()
  changeNote: string;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export function toVersion(entity: RunbookVersionEntity): RunbookVersion {
  const { runbook: _r, createdById: _c, publishedById: _p, ...rest } = entity;
  return rest as RunbookVersion;
}

@ObjectType()
export class Runbook {
  @Field(() => ID)
  id: string;

  @Field(() => RunbookScope)
  scope: RunbookScope;

  @Field(() => ID, { nullable: true, description: 'null for Renkei’s shipped examples.' })
  ownerOrganisationId: string | null;

  @Field({ description: 'An example shipped with Renkei (the ministry publishes no official procedures).' })
  isExample: boolean;

  @Field(() => ID, { nullable: true })
  copiedFromRunbookId: string | null;

  @Field(() => ID, { nullable: true })
  currentVersionId: string | null;

  @Field(() => Date, { nullable: true })
  retiredAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export function toRunbook(entity: RunbookEntity): Runbook {
  const { ownerOrganisation: _o, exampleKey: _k, ...rest } = entity;
  return rest as Runbook;
}

@ObjectType()
export class RunbookEdge {
  @Field()
  cursor: string;

  @Field(() => Runbook)
  node: Runbook;
}

@ObjectType()
export class RunbookConnection {
  @Field(() => [RunbookEdge])
  edges: RunbookEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ObjectType()
export class RunbookSuggestion {
  @Field(() => Runbook)
  runbook: Runbook;

  @Field(() => RunbookVersion, { description: 'The current version, the one applyRunbook would apply.' })
  version: RunbookVersion;

  @Field(() => Int, {
    description: 'Specificity: incident type 8, incident category 4, component category 2, severity 1.',
  })
  score: number;

  @Field(() => [String])
  reasons: string[];
}

@ObjectType()
export class RunbookApplication {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  incidentId: string;

  @Field(() => ID)
  runbookId: string;

  @Field(() => ID)
  versionId: string;

  @Field()
  appliedAt: Date;

  @Field(() => ID)
  appliedByOrganisationId: string;
}

export function toApplication(entity: RunbookApplicationEntity): RunbookApplication {
  return {
    id: entity.id,
    incidentId: entity.incidentId,
    runbookId: entity.runbookId,
    versionId: entity.versionId,
    appliedAt: entity.appliedAt,
    appliedByOrganisationId: entity.appliedByOrganisationId,
  };
}

/** The runbook step an incident task came from. */
@ObjectType()
export class TaskRunbookStep {
  @Field(() => ID)
  applicationId: string;

  @Field(() => ID)
  stepId: string;

  @Field()
  stepKey: string;

  @Field(() => Int)
  position: number;

  @Field(() => [String], { description: 'Check-sheet items the step carries out.' })
  checkSheetKeys: string[];

  @Field(() => [String])
  cpsfMeasureIds: string[];

  @Field()
  onDefaultPath: boolean;

  @Field({ description: 'Nobody could be resolved: the task is unassigned and someone must take it.' })
  responsibilityGap: boolean;

  @Field(() => String, { nullable: true })
  gapReason: string | null;

  @Field(() => String, { nullable: true, description: 'The step’s template filled in for the incident.' })
  renderedTemplateJa: string | null;

  @Field(() => String, { nullable: true })
  renderedTemplateEn: string | null;
}

export function toTaskRunbookStep(entity: RunbookTaskLinkEntity): TaskRunbookStep {
  const { taskId: _t, task: _task, application: _a, step: _s, ...rest } = entity;
  return rest;
}

@ObjectType()
export class ReviewFinding {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  reviewId: string;

  @Field(() => ID)
  incidentId: string;

  @Field()
  finding: string;

  @Field(() => FindingActionKind)
  actionKind: FindingActionKind;

  @Field(() => ID, { nullable: true })
  runbookId: string | null;

  @Field(() => String, { nullable: true })
  stepKey: string | null;

  @Field(() => String, { nullable: true })
  proposedChange: string | null;

  @Field(() => ID, { nullable: true })
  contactId: string | null;

  @Field(() => ID, { nullable: true })
  componentId: string | null;

  @Field(() => Duty, { nullable: true })
  duty: Duty | null;

  @Field(() => String, { nullable: true })
  drillScenario: string | null;

  @Field(() => ID)
  ownerOrganisationId: string;

  @Field(() => Date, { nullable: true })
  dueAt: Date | null;

  @Field(() => FindingStatus)
  status: FindingStatus;

  @Field(() => Date, { nullable: true })
  doneAt: Date | null;

  @Field(() => ID, { nullable: true, description: 'The draft runbook version carrying the proposed change.' })
  proposedVersionId: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export function toFinding(entity: ReviewFindingEntity): ReviewFinding {
  const {
    review: _r,
    ownerOrganisation: _o,
    runbook: _rb,
    proposedVersion: _p,
    doneById: _d,
    ...rest
  } = entity;
  return rest;
}

@ObjectType()
export class PostIncidentReview {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  incidentId: string;

  @Field()
  summary: string;

  @Field()
  wentWell: string;

  @Field()
  wentBadly: string;

  @Field(() => ReviewStatus)
  status: ReviewStatus;

  @Field(() => Date, { nullable: true })
  completedAt: Date | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

export function toReview(entity: PostIncidentReviewEntity): PostIncidentReview {
  const { incident: _i, createdById: _c, completedById: _d, ...rest } = entity;
  return rest;
}
