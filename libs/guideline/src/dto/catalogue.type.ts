import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { ArrayMaxSize, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { CheckSheetItemEntity } from '../entities/check-sheet-item.entity';
import { CpsfMeasureEntity } from '../entities/cpsf-measure.entity';
import { GuidelineEditionEntity } from '../entities/guideline-edition.entity';
import { CheckSheetCategory } from '../guideline.enums';

export const EDITION_PATTERN = /^\d{1,3}\.\d{1,3}$/;

@ObjectType({ description: 'An edition of the Smart City Security Guideline whose catalogue is loaded.' })
export class GuidelineEdition {
  @Field({ description: '3.0' })
  edition: string;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field({ description: 'The edition new self-assessments use by default.' })
  isCurrent: boolean;
}

export function toGuidelineEdition(entity: GuidelineEditionEntity): GuidelineEdition {
  return {
    edition: entity.edition,
    titleJa: entity.titleJa,
    titleEn: entity.titleEn,
    isCurrent: entity.isCurrent,
  };
}

@ObjectType({
  description:
    'An item of the check sheet (§4.2 スマートシティセキュリティ導入チェックシート). Japanese is authoritative; English is an unofficial translation.',
})
export class CheckSheetItem {
  @Field()
  edition: string;

  @Field({ description: 'ASCII key: GOV-1-1 … DL-6.' })
  key: string;

  @Field({ description: 'The id as printed (項番): ガバナンス①-1.' })
  printedId: string;

  @Field(() => Int, { description: 'Position in the sheet.' })
  position: number;

  @Field(() => CheckSheetCategory)
  category: CheckSheetCategory;

  @Field()
  categoryLabelJa: string;

  @Field()
  categoryLabelEn: string;

  @Field({ description: '①, ② … (１, ２, ３ for the cross-cutting groups).' })
  groupNumber: string;

  @Field()
  groupJa: string;

  @Field()
  groupEn: string;

  @Field({ description: '対策項目' })
  titleJa: string;

  @Field()
  titleEn: string;

  @Field({ description: '対策内容' })
  descriptionJa: string;

  @Field()
  descriptionEn: string;

  @Field({ description: 'The §3 section that explains the measure.' })
  section: string;

  @Field()
  sectionTitleJa: string;

  @Field()
  sectionTitleEn: string;

  @Field({ description: 'The §2.3 overview section.' })
  overviewSection: string;

  @Field(() => String, { nullable: true, description: 'A ※ line printed under the item.' })
  supplementJa: string | null;

  @Field(() => String, { nullable: true })
  supplementEn: string | null;

  @Field(() => String, { nullable: true, description: 'The id §3 prints where it differs.' })
  idInSection: string | null;

  @Field(() => String, { nullable: true, description: 'The title §3 prints where it differs.' })
  titleJaInSection: string | null;

  @Field(() => String, { nullable: true, description: 'Editorial note on the source text.' })
  note: string | null;

  @Field(() => [String], { description: 'Example scenarios (§3.3, Appendix E) citing the item.' })
  scenarioIds: string[];
}

export function toCheckSheetItem(entity: CheckSheetItemEntity): CheckSheetItem {
  return {
    edition: entity.edition,
    key: entity.key,
    printedId: entity.printedId,
    position: entity.position,
    category: entity.category,
    categoryLabelJa: entity.categoryLabelJa,
    categoryLabelEn: entity.categoryLabelEn,
    groupNumber: entity.groupNumber,
    groupJa: entity.groupJa,
    groupEn: entity.groupEn,
    titleJa: entity.titleJa,
    titleEn: entity.titleEn,
    descriptionJa: entity.descriptionJa,
    descriptionEn: entity.descriptionEn,
    section: entity.section,
    sectionTitleJa: entity.sectionTitleJa,
    sectionTitleEn: entity.sectionTitleEn,
    overviewSection: entity.overviewSection,
    supplementJa: entity.supplementJa,
    supplementEn: entity.supplementEn,
    idInSection: entity.idInSection,
    titleJaInSection: entity.titleJaInSection,
    note: entity.note,
    scenarioIds: entity.scenarioIds,
  };
}

@ObjectType({ description: 'A CPSF measure requirement (対策要件) of the guideline’s Appendix C.' })
export class CpsfMeasure {
  @Field()
  edition: string;

  @Field({ description: 'CPS.AC-1' })
  id: string;

  @Field({ description: 'AC' })
  familyCode: string;

  @Field()
  familyJa: string;

  @Field()
  familyEn: string;

  @Field()
  requirementJa: string;

  @Field(() => [String], { description: 'The bullet items of the requirement.' })
  requirementJaItems: string[];

  @Field()
  requirementEn: string;

  @Field(() => [CheckSheetCategory], { description: 'Reference-architecture categories it is tagged with.' })
  categories: CheckSheetCategory[];

  @Field(() => [String], { description: 'Appendix B incident types citing it.' })
  incidentTypeIds: string[];

  @Field(() => String, { nullable: true })
  note: string | null;
}

export function toCpsfMeasure(entity: CpsfMeasureEntity): CpsfMeasure {
  return {
    edition: entity.edition,
    id: entity.id,
    familyCode: entity.familyCode,
    familyJa: entity.familyJa,
    familyEn: entity.familyEn,
    requirementJa: entity.requirementJa,
    requirementJaItems: entity.requirementJaItems,
    requirementEn: entity.requirementEn,
    categories: entity.categories as CheckSheetCategory[],
    incidentTypeIds: entity.incidentTypeIds,
    note: entity.note,
  };
}

@InputType()
export class CheckSheetItemFilter {
  @Field({ nullable: true, description: 'Default: the current edition.' })
  @IsOptional()
  @Matches(EDITION_PATTERN, { message: 'edition looks like 3.0' })
  edition?: string;

  @Field(() => [CheckSheetCategory], { nullable: true })
  @IsOptional()
  @IsEnum(CheckSheetCategory, { each: true })
  @ArrayMaxSize(7)
  categories?: CheckSheetCategory[];

  @Field(() => [String], { nullable: true, description: 'ASCII keys (GOV-1-1 …).' })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  @ArrayMaxSize(100)
  keys?: string[];
}

@InputType()
export class CpsfMeasureFilter {
  @Field({ nullable: true, description: 'Default: the current edition.' })
  @IsOptional()
  @Matches(EDITION_PATTERN, { message: 'edition looks like 3.0' })
  edition?: string;

  @Field(() => [String], { nullable: true, description: 'Family codes: AC, IM, RP …' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { each: true, message: 'a family code is two capital letters (AC)' })
  @ArrayMaxSize(30)
  families?: string[];

  @Field(() => [CheckSheetCategory], {
    nullable: true,
    description: 'Category tags (GOVERNANCE, SERVICE, CITY_OS, ASSET): measures tagged with any of them.',
  })
  @IsOptional()
  @IsEnum(CheckSheetCategory, { each: true })
  @ArrayMaxSize(7)
  categories?: CheckSheetCategory[];

  @Field(() => [String], { nullable: true, description: 'Measure ids (CPS.AC-1 …).' })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(20, { each: true })
  @ArrayMaxSize(200)
  ids?: string[];
}
