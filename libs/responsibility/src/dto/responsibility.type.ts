import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
} from 'class-validator';
import { Contact, OrganisationRef } from '@renkei/directory/dto/organisation.type';
import { ComponentEntity } from '../entities/component.entity';
import { ComponentCategory, ComponentKind, Duty, ResponsibilityBoundary } from '../responsibility.enums';

@ObjectType()
export class Component {
  @Field(() => ID)
  id: string;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;

  @Field(() => ComponentCategory)
  category: ComponentCategory;

  @Field(() => ComponentKind)
  kind: ComponentKind;

  @Field(() => ID, { nullable: true })
  parentId: string | null;

  @Field(() => ID, { nullable: true })
  operatingOrganisationId: string | null;

  @Field()
  description: string;
}

@ObjectType()
export class Assignment {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  componentId: string;

  @Field(() => OrganisationRef)
  organisation: OrganisationRef;

  @Field(() => Duty)
  duty: Duty;

  @Field(() => ResponsibilityBoundary)
  boundary: ResponsibilityBoundary;

  @Field()
  note: string;

  @Field(() => String, { nullable: true })
  contractReference: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Set when the duty is inherited from this ancestor component.',
  })
  inheritedFromComponentId: string | null;
}

@ObjectType()
export class MatrixRow {
  @Field(() => Component)
  component: Component;

  @Field(() => [Assignment], {
    description:
      'Effective duties: the component’s own, plus those inherited from ancestors that it does not override.',
  })
  assignments: Assignment[];
}

@ObjectType()
export class PartyDuty {
  @Field(() => ID)
  componentId: string;

  @Field(() => Duty)
  duty: Duty;

  @Field(() => ResponsibilityBoundary)
  boundary: ResponsibilityBoundary;

  @Field(() => ID, { nullable: true })
  inheritedFromComponentId: string | null;
}

@ObjectType({ description: 'An organisation with duties for the components asked about.' })
export class Party {
  @Field(() => OrganisationRef)
  organisation: OrganisationRef;

  @Field(() => [Duty])
  duties: Duty[];

  @Field(() => [PartyDuty])
  details: PartyDuty[];

  @Field(() => [Contact], {
    description: 'Its incident window and emergency contacts (only those you may see).',
  })
  incidentContacts: Contact[];
}

@ObjectType()
export class OrganisationGap {
  @Field(() => OrganisationRef)
  organisation: OrganisationRef;

  @Field(() => [Component], { description: 'Components it is RESPONSIBLE for.' })
  components: Component[];
}

@ObjectType({ description: 'Where the map has holes (IR①).' })
export class GapReport {
  @Field(() => [Component], {
    description: 'Components with no RESPONSIBLE organisation, directly or inherited.',
  })
  componentsWithoutResponsible: Component[];

  @Field(() => [OrganisationGap], {
    description: 'Responsible organisations with no INCIDENT_WINDOW or EMERGENCY contact.',
  })
  responsibleWithoutIncidentContact: OrganisationGap[];

  @Field(() => [Contact], { description: 'Contacts not verified within CONTACT_STALE_DAYS.' })
  staleContacts: Contact[];
}

const NOT_BLANK = /\S/;

@InputType()
export class CreateComponentInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameJa must not be blank' })
  @MaxLength(200)
  nameJa: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameEn must not be blank' })
  @MaxLength(200)
  nameEn: string;

  @Field(() => ComponentCategory)
  @IsEnum(ComponentCategory)
  category: ComponentCategory;

  @Field(() => ComponentKind)
  @IsEnum(ComponentKind)
  kind: ComponentKind;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  operatingOrganisationId?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;
}

@InputType()
export class UpdateComponentInput {
  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameJa must not be blank' })
  @MaxLength(200)
  nameJa?: string;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameEn must not be blank' })
  @MaxLength(200)
  nameEn?: string;

  @Field(() => ComponentCategory, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(ComponentCategory)
  category?: ComponentCategory;

  @Field(() => ComponentKind, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(ComponentKind)
  kind?: ComponentKind;

  @Field(() => ID, { nullable: true, description: 'A new parent; use clearParent to make it a root.' })
  @IsOptional()
  @IsUUID()
  parentId?: string;

  @Field({ nullable: true })
  @IsOptional()
  clearParent?: boolean;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  operatingOrganisationId?: string;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(4000)
  description?: string;
}

@InputType()
export class AssignResponsibilityInput {
  @Field(() => ID)
  @IsUUID()
  componentId: string;

  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => Duty)
  @IsEnum(Duty)
  duty: Duty;

  @Field(() => ResponsibilityBoundary, { nullable: true, defaultValue: ResponsibilityBoundary.SYSTEM })
  @IsOptional()
  @IsEnum(ResponsibilityBoundary)
  boundary?: ResponsibilityBoundary;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contractReference?: string;
}

@InputType()
export class ComponentFilter {
  @Field(() => [ComponentCategory], { nullable: true })
  @IsOptional()
  @IsEnum(ComponentCategory, { each: true })
  categories?: ComponentCategory[];

  @Field(() => ID, {
    nullable: true,
    description: 'Components this organisation operates or holds a duty for.',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string;
}

@InputType()
export class PartiesInput {
  @Field(() => [ID])
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  componentIds: string[];
}

export function toComponent(entity: ComponentEntity): Component {
  return {
    id: entity.id,
    nameJa: entity.nameJa,
    nameEn: entity.nameEn,
    category: entity.category,
    kind: entity.kind,
    parentId: entity.parentId,
    operatingOrganisationId: entity.operatingOrganisationId,
    description: entity.description,
  };
}
