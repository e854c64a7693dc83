import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentActor } from '@renkei/core/auth/current-actor.decorator';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { Actor } from '@renkei/core/context/actor';
import { toCheckSheetItem } from './dto/catalogue.type';
import { SetSelfAssessmentItemInput } from './dto/self-assessment.input';
import {
  OrganisationCoverage,
  SelfAssessment,
  SelfAssessmentItem,
  SelfAssessmentOverview,
  toCategoryCoverage,
  toCoverageCounts,
} from './dto/self-assessment.type';
import { SelfAssessmentCommands } from './self-assessment-commands.service';
import { AssessedItem, OrganisationAssessment, SelfAssessmentService } from './self-assessment.service';

function toItem(organisationId: string, assessed: AssessedItem): SelfAssessmentItem {
  const { entry } = assessed;
  return {
    id: entry?.id ?? null,
    organisationId,
    item: toCheckSheetItem(assessed.item),
    applicable: assessed.applicable,
    status: assessed.status,
    plannedTiming: entry?.plannedTiming ?? null,
    plannedDate: entry?.plannedDate ?? null,
    implementationMethod: entry?.implementationMethod ?? '',
    notApplicableReason: entry?.notApplicableReason ?? null,
    evidenceLinks: entry?.evidenceLinks ?? [],
    reviewer:
      entry?.reviewerUserId && assessed.reviewerName
        ? { id: entry.reviewerUserId, displayName: assessed.reviewerName }
        : null,
    reviewedOn: entry?.reviewedOn ?? null,
    updatedByName: entry?.updatedByName ?? null,
    updatedAt: entry?.updatedAt ?? null,
    version: entry?.version ?? 0,
  };
}

function toSelfAssessment(assessment: OrganisationAssessment): SelfAssessment {
  return {
    organisationId: assessment.organisation.id,
    organisationNameJa: assessment.organisation.nameJa,
    organisationNameEn: assessment.organisation.nameEn,
    guidelineRoles: assessment.organisation.guidelineRoles,
    edition: assessment.edition,
    applicableCategories: assessment.applicableCategories,
    items: assessment.items.map((item) => toItem(assessment.organisation.id, item)),
    coverage: assessment.coverage.categories.map(toCategoryCoverage),
    total: toCoverageCounts(assessment.coverage.total),
  };
}

function toOrganisationCoverage(assessment: OrganisationAssessment): OrganisationCoverage {
  return {
    organisationId: assessment.organisation.id,
    nameJa: assessment.organisation.nameJa,
    nameEn: assessment.organisation.nameEn,
    guidelineRoles: assessment.organisation.guidelineRoles,
    categories: assessment.coverage.categories.map(toCategoryCoverage),
    total: toCoverageCounts(assessment.coverage.total),
  };
}

/** Self-assessments against the check sheet (§4.2 / 別紙1). */
@Resolver()
export class SelfAssessmentResolver {
  constructor(
    private readonly assessments: SelfAssessmentService,
    private readonly commands: SelfAssessmentCommands,
  ) {}

  @Query(() => SelfAssessment, {
    description:
      'An organisation’s self-assessment: every item with its status, and coverage per category. Default: your own organisation, the current edition. Another organisation’s is NOT_FOUND outside the promotion body.',
  })
  @RequirePermission(Permission.SELF_ASSESSMENT_READ)
  async selfAssessment(
    @CurrentActor() actor: Actor,
    @Args('organisationId', { type: () => ID, nullable: true }) organisationId?: string,
    @Args('edition', { type: () => String, nullable: true }) edition?: string,
  ): Promise<SelfAssessment> {
    return toSelfAssessment(
      await this.assessments.forOrganisation(actor, organisationId ?? actor.organisationId, edition),
    );
  }

  @Query(() => SelfAssessmentOverview, {
    description:
      'Coverage per organisation × category and city-wide totals (the promotion body sees every organisation; others their own).',
  })
  @RequirePermission(Permission.SELF_ASSESSMENT_READ)
  async selfAssessmentOverview(
    @CurrentActor() actor: Actor,
    @Args('edition', { type: () => String, nullable: true }) edition?: string,
  ): Promise<SelfAssessmentOverview> {
    const overview = await this.assessments.overview(actor, edition);
    return {
      edition: overview.edition,
      organisations: overview.organisations.map(toOrganisationCoverage),
      categories: overview.categories.map(toCategoryCoverage),
      total: toCoverageCounts(overview.total),
    };
  }

  @Mutation(() => SelfAssessmentItem, {
    description:
      'Records an organisation’s answer to one check-sheet item (your own organisation; the promotion body: any). Pass the version you read as expectedVersion: a newer one is a CONFLICT.',
  })
  @RequirePermission(Permission.SELF_ASSESSMENT_WRITE)
  async setSelfAssessmentItem(
    @CurrentActor() actor: Actor,
    @Args('input') input: SetSelfAssessmentItemInput,
  ): Promise<SelfAssessmentItem> {
    const entry = await this.commands.set(actor, input);
    const assessment = await this.assessments.forOrganisation(actor, entry.organisationId, entry.edition);
    const assessed = assessment.items.find((item) => item.item.key === entry.itemKey)!;
    return toItem(entry.organisationId, assessed);
  }
}
