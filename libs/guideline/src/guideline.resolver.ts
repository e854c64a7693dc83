import { Field, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { Permission, RequirePermission } from '@renkei/core/auth/permissions';
import { GuidelineService } from './guideline.service';

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

@Resolver()
export class GuidelineResolver {
  constructor(private readonly guideline: GuidelineService) {}

  @Query(() => [IncidentType])
  @RequirePermission(Permission.INCIDENT_READ)
  incidentTypes(): IncidentType[] {
    return this.guideline.listIncidentTypes();
  }

  @Query(() => [GuidelineRoleInfo])
  @RequirePermission(Permission.DIRECTORY_READ)
  guidelineRoles(): GuidelineRoleInfo[] {
    return this.guideline.listRoles();
  }
}
