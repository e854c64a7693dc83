import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsEnum,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  ContactChannel,
  ContactKind,
  ContactType,
  GuidelineRole,
  RelationshipKind,
} from '../directory.enums';

const NOT_BLANK = /\S/;

/** A Standard Webhooks signing secret as a caller may supply it (updateContact, rotateWebhookSecret). */
export const WEBHOOK_SECRET_PATTERN = /^whsec_[A-Za-z0-9+/=]{24,}$/;
export const WEBHOOK_SECRET_MESSAGE = 'must look like whsec_<base64, 24+ characters>';

const CHANNEL_ORDER_MESSAGE = 'channelOrder must list EMAIL and/or WEBHOOK once each';

@InputType()
export class CreateOrganisationInput {
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

  @Field(() => [GuidelineRole])
  @ArrayMinSize(1, { message: 'give at least one guideline role' })
  @ArrayUnique()
  @IsEnum(GuidelineRole, { each: true })
  guidelineRoles: GuidelineRole[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false })
  website?: string;
}

@InputType()
export class UpdateOrganisationInput {
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

  @Field(() => [GuidelineRole], { nullable: true })
  @IsOptionalNotNull()
  @ArrayMinSize(1, { message: 'give at least one guideline role' })
  @ArrayUnique()
  @IsEnum(GuidelineRole, { each: true })
  guidelineRoles?: GuidelineRole[];

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(4000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_tld: false })
  website?: string;
}

@InputType()
export class CreateRelationshipInput {
  @Field(() => RelationshipKind)
  @IsEnum(RelationshipKind)
  kind: RelationshipKind;

  @Field(() => ID, { description: 'For OUTSOURCING, the commissioning organisation (委託元).' })
  @IsUUID()
  clientOrganisationId: string;

  @Field(() => ID, { description: 'For OUTSOURCING, the contractor (委託先).' })
  @IsUUID()
  contractorOrganisationId: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  contractReference?: string;
}

@InputType()
export class ContactFields {
  @Field(() => ContactKind, { nullable: true })
  @IsOptionalNotNull()
  @IsEnum(ContactKind)
  kind?: ContactKind;

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(200)
  name?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email?: string;

  @Field({ nullable: true, description: 'People only.' })
  @IsOptional()
  @Matches(/^\+?[0-9][0-9 ()-]{5,30}$/, { message: 'phone must be a telephone number' })
  phone?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsUrl(
    { protocols: ['http', 'https'], require_tld: false, require_protocol: true },
    { message: 'webhookUrl must be an http(s) URL' },
  )
  @MaxLength(2000)
  webhookUrl?: string;

  @Field({
    nullable: true,
    description:
      'A Standard Webhooks secret (whsec_…); generated when a webhook URL is set without one. It replaces the current secret at once: rotateWebhookSecret keeps the old one signing for a while.',
  })
  @IsOptional()
  @Matches(WEBHOOK_SECRET_PATTERN, { message: `webhookSecret ${WEBHOOK_SECRET_MESSAGE}` })
  webhookSecret?: string;

  @Field(() => [ContactChannel], {
    nullable: true,
    description: 'The channels alerts try, in order; a failed channel falls through to the next.',
  })
  @IsOptionalNotNull()
  @IsArray({ message: CHANNEL_ORDER_MESSAGE })
  @ArrayMinSize(1, { message: CHANNEL_ORDER_MESSAGE })
  @ArrayUnique({ message: CHANNEL_ORDER_MESSAGE })
  @IsEnum(ContactChannel, { each: true, message: CHANNEL_ORDER_MESSAGE })
  channelOrder?: ContactChannel[];

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsIn(['ja', 'en'])
  locale?: 'ja' | 'en';

  @Field({ nullable: true })
  @IsOptionalNotNull()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

@InputType()
export class CreateContactInput extends ContactFields {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field(() => ContactType)
  @IsEnum(ContactType)
  type: ContactType;

  @Field(() => ContactKind)
  @IsEnum(ContactKind)
  declare kind: ContactKind;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(200)
  declare name: string;
}

@InputType()
export class UpdateContactInput extends ContactFields {
  @Field({ nullable: true, description: 'Remove the webhook endpoint and its secret.' })
  @IsOptional()
  removeWebhook?: boolean;
}

@InputType()
export class ContactFilter {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @Field(() => [ContactKind], { nullable: true })
  @IsOptional()
  @IsEnum(ContactKind, { each: true })
  kinds?: ContactKind[];

  @Field({
    nullable: true,
    description: 'Only contacts not verified within CONTACT_STALE_DAYS (or staleAfterDays).',
  })
  @IsOptional()
  staleOnly?: boolean;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  staleAfterDays?: number;
}

@InputType()
export class OrganisationFilter {
  @Field(() => [GuidelineRole], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @IsEnum(GuidelineRole, { each: true })
  roles?: GuidelineRole[];

  @Field({ nullable: true, description: 'Matches Japanese or English names.' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  search?: string;
}
