import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { Severity } from '@renkei/incidents/incidents.enums';
import { effectiveStatus } from '../clock';
import { ObligationEntity } from '../entities/obligation.entity';
import { ReportingRuleEntity } from '../entities/reporting-rule.entity';
import {
  DeadlineAnchor,
  DeadlineCondition,
  ObligationStatus,
  TriggerConditionKind,
} from '../obligations.enums';

@ObjectType()
export class TriggerConditionType {
  @Field(() => TriggerConditionKind)
  kind: TriggerConditionKind;

  @Field(() => Severity, { nullable: true })
  severity: Severity | null;

  @Field(() => [String], { nullable: true })
  incidentTypeIds: string[] | null;
}

@ObjectType()
export class AlternativeDuration {
  @Field(() => DeadlineCondition)
  condition: DeadlineCondition;

  @Field(() => Int)
  durationSeconds: number;
}

@ObjectType()
export class ReportingStageType {
  @Field()
  key: string;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;

  @Field(() => DeadlineAnchor)
  anchor: DeadlineAnchor;

  @Field(() => Int)
  durationSeconds: number;

  @Field(() => AlternativeDuration, { nullable: true })
  alternative: AlternativeDuration | null;

  @Field(() => [Int], { description: 'Reminders this many seconds before the deadline.' })
  reminderOffsetsSeconds: number[];
}

@ObjectType()
export class ReportingRule {
  @Field(() => ID)
  id: string;

  @Field()
  key: string;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;

  @Field()
  legalBasisJa: string;

  @Field()
  legalBasisEn: string;

  @Field(() => ID)
  authorityOrganisationId: string;

  @Field(() => [TriggerConditionType])
  trigger: TriggerConditionType[];

  @Field(() => [ReportingStageType])
  stages: ReportingStageType[];

  @Field()
  enabled: boolean;

  @Field(() => Int)
  version: number;

  @Field()
  updatedAt: Date;
}

export function toReportingRule(entity: ReportingRuleEntity): ReportingRule {
  return {
    id: entity.id,
    key: entity.key,
    nameJa: entity.nameJa,
    nameEn: entity.nameEn,
    legalBasisJa: entity.legalBasisJa,
    legalBasisEn: entity.legalBasisEn,
    authorityOrganisationId: entity.authorityOrganisationId,
    trigger: entity.trigger.map((c) => ({
      kind: c.kind,
      severity: c.severity ?? null,
      incidentTypeIds: c.incidentTypeIds ?? null,
    })),
    stages: entity.stages.map((s) => ({ ...s, alternative: s.alternative ?? null })),
    enabled: entity.enabled,
    version: entity.version,
    updatedAt: entity.updatedAt,
  };
}

/** One stage of one reporting rule for one incident. Carries no private data of other organisations. */
@ObjectType()
export class Obligation {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  incidentId: string;

  @Field(() => ID)
  ruleId: string;

  @Field()
  stageKey: string;

  @Field()
  stageNameJa: string;

  @Field()
  stageNameEn: string;

  @Field(() => ID, { description: 'The organisation that holds the duty now.' })
  ownerOrganisationId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The contractor (受託者) that held it until it told the commissioning organisation.',
  })
  delegatedFromOrganisationId: string | null;

  @Field(() => Date, { nullable: true })
  commissionerNotifiedAt: Date | null;

  @Field(() => String, { nullable: true })
  commissionerNotifiedBy: string | null;

  @Field(() => Date, { nullable: true, description: 'null while the previous stage is not submitted.' })
  dueAt: Date | null;

  @Field({ description: 'The alternative (malicious: 60-day) duration applies.' })
  alternativeDuration: boolean;

  @Field(() => ObligationStatus, { description: 'PENDING past its deadline reads OVERDUE.' })
  status: ObligationStatus;

  @Field(() => Date, { nullable: true })
  submittedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'The authority’s receipt number.' })
  submissionReference: string | null;

  @Field(() => String, { nullable: true })
  submittedByName: string | null;

  @Field(() => Date, { nullable: true })
  overdueAt: Date | null;

  @Field(() => Date, { nullable: true })
  withdrawnAt: Date | null;

  @Field()
  updatedAt: Date;
}

export function toObligation(
  entity: ObligationEntity,
  rule: ReportingRuleEntity | undefined,
  now = new Date(),
): Obligation {
  const stage = rule?.stages.find((s) => s.key === entity.stageKey);
  return {
    id: entity.id,
    incidentId: entity.incidentId,
    ruleId: entity.ruleId,
    stageKey: entity.stageKey,
    stageNameJa: stage?.nameJa ?? entity.stageKey,
    stageNameEn: stage?.nameEn ?? entity.stageKey,
    ownerOrganisationId: entity.ownerOrganisationId,
    delegatedFromOrganisationId: entity.delegatedFromOrganisationId,
    commissionerNotifiedAt: entity.commissionerNotifiedAt,
    commissionerNotifiedBy: entity.commissionerNotifiedBy,
    dueAt: entity.dueAt,
    alternativeDuration: entity.alternativeDuration,
    status: effectiveStatus(entity, now),
    submittedAt: entity.submittedAt,
    submissionReference: entity.submissionReference,
    submittedByName: entity.submittedByName,
    overdueAt: entity.overdueAt,
    withdrawnAt: entity.withdrawnAt,
    updatedAt: entity.updatedAt,
  };
}
