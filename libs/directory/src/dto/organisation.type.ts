import { Field, ID, ObjectType } from '@nestjs/graphql';
import {
  ContactChannel,
  ContactKind,
  ContactType,
  GuidelineRole,
  RelationshipKind,
} from '../directory.enums';
import { ContactEntity } from '../entities/contact.entity';
import { OrganisationRelationshipEntity } from '../entities/organisation-relationship.entity';
import { OrganisationEntity } from '../entities/organisation.entity';

/** The least any reader of a record may know about an organisation named in it. */
@ObjectType()
export class OrganisationRef {
  @Field(() => ID)
  id: string;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;

  @Field(() => [GuidelineRole])
  guidelineRoles: GuidelineRole[];
}

@ObjectType()
export class Organisation extends OrganisationRef {
  @Field()
  description: string;

  @Field(() => String, { nullable: true })
  website: string | null;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class Contact {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  organisationId: string;

  @Field(() => ContactType)
  type: ContactType;

  @Field(() => ContactKind)
  kind: ContactKind;

  @Field()
  name: string;

  @Field(() => String, { nullable: true })
  title: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  webhookUrl: string | null;

  @Field({ description: 'Whether a webhook signing secret is set. The secret itself is never readable.' })
  hasWebhookSecret: boolean;

  @Field(() => Date, {
    nullable: true,
    description: 'While a rotated-out secret still signs beside the current one: until when. Null otherwise.',
  })
  webhookSecretRotatingUntil: Date | null;

  @Field(() => Date, {
    nullable: true,
    description:
      'When webhooks to this contact stopped (the endpoint answered HTTP 410); null while enabled.',
  })
  webhookDisabledAt: Date | null;

  @Field(() => String, { nullable: true })
  webhookDisabledReason: string | null;

  @Field(() => [ContactChannel], {
    description: 'The channels alerts try, in order; a failed channel falls through to the next.',
  })
  channelOrder: ContactChannel[];

  @Field()
  locale: string;

  @Field(() => Date, { nullable: true })
  lastVerifiedAt: Date | null;

  @Field({ description: 'Never verified, or verified longer ago than CONTACT_STALE_DAYS.' })
  stale: boolean;

  @Field()
  notes: string;

  @Field()
  updatedAt: Date;
}

@ObjectType()
export class ContactPayload {
  @Field(() => Contact)
  contact: Contact;

  @Field(() => String, {
    nullable: true,
    description: 'The webhook signing secret (whsec_…), shown only in the response that created it.',
  })
  webhookSecret: string | null;
}

@ObjectType()
export class OrganisationRelationship {
  @Field(() => ID)
  id: string;

  @Field(() => RelationshipKind)
  kind: RelationshipKind;

  @Field(() => ID)
  clientOrganisationId: string;

  @Field(() => ID)
  contractorOrganisationId: string;

  @Field()
  description: string;

  @Field(() => String, { nullable: true })
  contractReference: string | null;
}

@ObjectType({
  description: 'One link of a subcontract chain (委託・再委託), from the starting organisation down.',
})
export class SubcontractLink {
  @Field(() => OrganisationRelationship)
  relationship: OrganisationRelationship;

  @Field({ description: '1 for a direct contractor, 2 for its subcontractor, …' })
  depth: number;
}

export function toOrganisationRef(entity: OrganisationEntity): OrganisationRef {
  return {
    id: entity.id,
    nameJa: entity.nameJa,
    nameEn: entity.nameEn,
    guidelineRoles: entity.guidelineRoles,
  };
}

export function toOrganisation(entity: OrganisationEntity): Organisation {
  return {
    ...toOrganisationRef(entity),
    description: entity.description,
    website: entity.website,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
  };
}

export function toContact(entity: ContactEntity, staleDays: number, now = Date.now()): Contact {
  return {
    id: entity.id,
    organisationId: entity.organisationId,
    type: entity.type,
    kind: entity.kind,
    name: entity.name,
    title: entity.title,
    email: entity.email,
    phone: entity.phone,
    webhookUrl: entity.webhookUrl,
    hasWebhookSecret: entity.webhookSecretSealed !== null,
    webhookSecretRotatingUntil:
      entity.webhookPreviousSecretSealed !== null &&
      entity.webhookPreviousSecretExpiresAt !== null &&
      entity.webhookPreviousSecretExpiresAt.getTime() > now
        ? entity.webhookPreviousSecretExpiresAt
        : null,
    webhookDisabledAt: entity.webhookDisabledAt,
    webhookDisabledReason: entity.webhookDisabledReason,
    channelOrder: entity.channelOrder as ContactChannel[],
    locale: entity.locale,
    lastVerifiedAt: entity.lastVerifiedAt,
    stale: !entity.lastVerifiedAt || now - entity.lastVerifiedAt.getTime() > staleDays * 86_400_000,
    notes: entity.notes,
    updatedAt: entity.updatedAt,
  };
}

export function toRelationship(entity: OrganisationRelationshipEntity): OrganisationRelationship {
  return {
    id: entity.id,
    kind: entity.kind,
    clientOrganisationId: entity.clientOrganisationId,
    contractorOrganisationId: entity.contractorOrganisationId,
    description: entity.description,
    contractReference: entity.contractReference,
  };
}
