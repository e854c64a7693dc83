import { Args, Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { CatalogueService } from './catalogue.service';
import {
  CheckSheetItem,
  CheckSheetItemFilter,
  CpsfMeasure,
  CpsfMeasureFilter,
  GuidelineEdition,
  toCheckSheetItem,
  toCpsfMeasure,
  toGuidelineEdition,
} from './dto/catalogue.type';

@ObjectType({ description: 'A threat an Appendix B incident type arises from.' })
export class IncidentThreat {
  @Field()
  ja: string;

  @Field()
  en: string;
}

@ObjectType({
  description:
    'An assumed security incident of the guideline’s Appendix B (想定されるセキュリティインシデント).',
})
export class IncidentType {
  @Field()
  id: string;

  @Field()
  incidentJa: string;

  @Field()
  incidentEn: string;

  @Field(() => [String], { description: 'CPSF measure ids cited for it.' })
  cpsIds: string[];

  @Field(() => [IncidentThreat], { nullable: true })
  threats?: IncidentThreat[];
}

@ObjectType({ description: 'A role of the guideline’s Table 1-1.' })
export class GuidelineRoleInfo {
  @Field()
  key: string;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;

  @Field()
  definitionJa: string;

  @Field()
  definitionEn: string;

  @Field(() => [String])
  responsibilitiesEn: string[];
}

/** The guideline catalogue (reference data, the same for everyone signed in), by edition. */
@Resolver()
export class GuidelineResolver {
  constructor(private readonly catalogue: CatalogueService) {}

  @Query(() => [IncidentType], { description: 'Appendix B incident types (default: the current edition).' })
  @RequirePermission(Permission.INCIDENT_READ)
  async incidentTypes(
    @Args('edition', { type: () => String, nullable: true }) edition?: string,
  ): Promise<IncidentType[]> {
    return (await this.catalogue.incidentTypes(edition)).map((type) => ({
      id: type.id,
      incidentJa: type.incidentJa,
      incidentEn: type.incidentEn,
      cpsIds: type.cpsIds,
      threats: type.threats,
    }));
  }

  @Query(() => [GuidelineRoleInfo], { description: 'Table 1-1 roles (default: the current edition).' })
  @RequirePermission(Permission.DIRECTORY_READ)
  async guidelineRoles(
    @Args('edition', { type: () => String, nullable: true }) edition?: string,
  ): Promise<GuidelineRoleInfo[]> {
    return (await this.catalogue.roles(edition)).map((role) => ({
      key: role.key,
      nameJa: role.nameJa,
      nameEn: role.nameEn,
      definitionJa: role.definitionJa,
      definitionEn: role.definitionEn,
      responsibilitiesEn: role.responsibilitiesEn,
    }));
  }

  @Query(() => [GuidelineEdition], { description: 'The guideline editions whose catalogue is loaded.' })
  @RequirePermission(Permission.GUIDELINE_READ)
  async guidelineEditions(): Promise<GuidelineEdition[]> {
    return (await this.catalogue.editions()).map(toGuidelineEdition);
  }

  @Query(() => [CheckSheetItem], {
    description:
      'Items of the check sheet (§4.2), in sheet order: a whole edition is 64 items, so the list is not paged.',
  })
  @RequirePermission(Permission.GUIDELINE_READ)
  async checkSheetItems(
    @Args('filter', { type: () => CheckSheetItemFilter, nullable: true }) filter?: CheckSheetItemFilter,
  ): Promise<CheckSheetItem[]> {
    return (await this.catalogue.checkSheetItems(filter)).map(toCheckSheetItem);
  }

  @Query(() => [CpsfMeasure], {
    description: 'CPSF measures of Appendix C, by family and number: a whole edition is 108, not paged.',
  })
  @RequirePermission(Permission.GUIDELINE_READ)
  async cpsfMeasures(
    @Args('filter', { type: () => CpsfMeasureFilter, nullable: true }) filter?: CpsfMeasureFilter,
  ): Promise<CpsfMeasure[]> {
    return (await this.catalogue.cpsfMeasures(filter)).map(toCpsfMeasure);
  }
}
