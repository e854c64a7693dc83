import { Field, Float, ID, Int, ObjectType } from '@nestjs/graphql';
import { GuidelineRole } from '@renkei/directory/directory.enums';
import {
  CategoryCoverage as CategoryCoverageRecord,
  CoverageCounts as CoverageCountsRecord,
} from '../coverage';
import { AssessmentStatus, CheckSheetCategory } from '../guideline.enums';
import { CheckSheetItem } from './catalogue.type';

@ObjectType({ description: 'Counts by status of the items in scope, and the share implemented.' })
export class CoverageCounts {
  @Field(() => Int, { description: 'Items of the sheet.' })
  items: number;

  @Field(() => Int, { description: 'Items that apply to the organisation by its guideline roles.' })
  applicable: number;

  @Field(() => Int)
  notStarted: number;

  @Field(() => Int)
  planned: number;

  @Field(() => Int)
  implemented: number;

  @Field(() => Int, { description: 'Applicable items declared not applicable (with a reason).' })
  notApplicable: number;

  @Field(() => Int, { description: 'applicable − notApplicable: what the percentage is taken of.' })
  denominator: number;

  @Field(() => Float, { nullable: true, description: 'implemented / denominator × 100; null when 0.' })
  percentImplemented: number | null;
}

@ObjectType()
export class CategoryCoverage extends CoverageCounts {
  @Field(() => CheckSheetCategory)
  category: CheckSheetCategory;
}

export const toCoverageCounts = (counts: CoverageCountsRecord): CoverageCounts => ({ ...counts });
export const toCategoryCoverage = (counts: CategoryCoverageRecord): CategoryCoverage => ({ ...counts });

@ObjectType({ description: 'A user named on a self-assessment (the reviewer).' })
export class AssessmentPerson {
  @Field(() => ID)
  id: string;

  @Field()
  displayName: string;
}

@ObjectType({
  description: 'An organisation’s answer to one check-sheet item (別紙1: 対応状況, 実装予定時期, 実装方法).',
})
export class SelfAssessmentItem {
  @Field(() => ID, { nullable: true, description: 'null until something was recorded.' })
  id: string | null;

  @Field(() => ID)
  organisationId: string;

  @Field(() => CheckSheetItem)
  item: CheckSheetItem;

  @Field({ description: 'Whether the item applies to the organisation by its guideline roles.' })
  applicable: boolean;

  @Field(() => AssessmentStatus)
  status: AssessmentStatus;

  @Field(() => String, { nullable: true, description: '実装予定時期, as written: "2027年度上期".' })
  plannedTiming: string | null;

  @Field(() => String, { nullable: true, description: 'Optional target date (YYYY-MM-DD).' })
  plannedDate: string | null;

  @Field({ description: '実装方法' })
  implementationMethod: string;

  @Field(() => String, { nullable: true })
  notApplicableReason: string | null;

  @Field(() => [String])
  evidenceLinks: string[];

  @Field(() => AssessmentPerson, { nullable: true })
  reviewer: AssessmentPerson | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  reviewedOn: string | null;

  @Field(() => String, { nullable: true })
  updatedByName: string | null;

  @Field(() => Date, { nullable: true })
  updatedAt: Date | null;

  @Field(() => Int, {
    description: 'Pass it back as expectedVersion when updating; 0 when nothing was recorded yet.',
  })
  version: number;
}

@ObjectType({ description: 'One organisation’s self-assessment against one edition of the check sheet.' })
export class SelfAssessment {
  @Field(() => ID)
  organisationId: string;

  @Field()
  organisationNameJa: string;

  @Field()
  organisationNameEn: string;

  @Field(() => [GuidelineRole])
  guidelineRoles: GuidelineRole[];

  @Field()
  edition: string;

  @Field(() => [CheckSheetCategory], { description: 'The parts of the sheet its roles answer for.' })
  applicableCategories: CheckSheetCategory[];

  @Field(() => [SelfAssessmentItem], { description: 'Every item of the sheet, in order.' })
  items: SelfAssessmentItem[];

  @Field(() => [CategoryCoverage])
  coverage: CategoryCoverage[];

  @Field(() => CoverageCounts)
  total: CoverageCounts;
}

@ObjectType()
export class OrganisationCoverage {
  @Field(() => ID)
  organisationId: string;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;

  @Field(() => [GuidelineRole])
  guidelineRoles: GuidelineRole[];

  @Field(() => [CategoryCoverage])
  categories: CategoryCoverage[];

  @Field(() => CoverageCounts)
  total: CoverageCounts;
}

@ObjectType({
  description:
    'Coverage per organisation × category and city-wide totals. Outside the promotion body: one’s own organisation only.',
})
export class SelfAssessmentOverview {
  @Field()
  edition: string;

  @Field(() => [OrganisationCoverage], {
    description: 'Organisations with at least one applicable item, by Japanese name.',
  })
  organisations: OrganisationCoverage[];

  @Field(() => [CategoryCoverage], { description: 'Per category, summed over the organisations.' })
  categories: CategoryCoverage[];

  @Field(() => CoverageCounts)
  total: CoverageCounts;
}
