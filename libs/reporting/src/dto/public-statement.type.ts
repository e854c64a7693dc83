import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsEmail, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { InquiryContactEntity } from '../entities/inquiry-contact.entity';
import { PublicStatementEntity } from '../entities/public-statement.entity';
import { PublicStatementStatus } from '../reporting.enums';

const NOT_BLANK = /\S/;

@ObjectType({
  description:
    'A statement to residents about an incident (住民への情報提供). Shown on the public status page while PUBLISHED and the incident is TLP:CLEAR.',
})
export class PublicStatement {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  incidentId: string;

  @Field()
  titleJa: string;

  @Field()
  titleEn: string;

  @Field({
    description: 'Plain text or restricted Markdown (paragraphs, - lists, **bold**, [links](https://…)).',
  })
  bodyJa: string;

  @Field()
  bodyEn: string;

  @Field(() => PublicStatementStatus)
  status: PublicStatementStatus;

  @Field()
  draftedByName: string;

  @Field(() => String, { nullable: true })
  approvedByName: string | null;

  @Field(() => Date, { nullable: true })
  publishedAt: Date | null;

  @Field(() => Date, { nullable: true })
  withdrawnAt: Date | null;

  @Field(() => String, { nullable: true })
  withdrawnReason: string | null;

  @Field({
    description: 'Whether the public status page shows it now (PUBLISHED and the incident TLP:CLEAR).',
  })
  shownOnStatusPage: boolean;

  @Field()
  createdAt: Date;

  @Field()
  updatedAt: Date;

  @Field(() => Int)
  version: number;
}

export function toPublicStatement(entity: PublicStatementEntity, incidentIsClear: boolean): PublicStatement {
  return {
    id: entity.id,
    incidentId: entity.incidentId,
    titleJa: entity.titleJa,
    titleEn: entity.titleEn,
    bodyJa: entity.bodyJa,
    bodyEn: entity.bodyEn,
    status: entity.status,
    draftedByName: entity.draftedByName,
    approvedByName: entity.approvedByName,
    publishedAt: entity.publishedAt,
    withdrawnAt: entity.withdrawnAt,
    withdrawnReason: entity.withdrawnReason,
    shownOnStatusPage: entity.status === PublicStatementStatus.PUBLISHED && incidentIsClear,
    createdAt: entity.createdAt,
    updatedAt: entity.updatedAt,
    version: entity.version,
  };
}

@InputType({
  description: 'A statement’s text: Japanese required, English optional (the page falls back to Japanese).',
})
export class PublicStatementInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'titleJa must not be blank' })
  @MaxLength(200)
  titleJa: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  titleEn?: string;

  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'bodyJa must not be blank' })
  @MaxLength(10000)
  bodyJa: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  bodyEn?: string;
}

@ObjectType({ description: 'The city’s published inquiry window for residents (お問い合わせ窓口).' })
export class InquiryContact {
  @Field(() => ID)
  id: string;

  @Field()
  nameJa: string;

  @Field()
  nameEn: string;

  @Field(() => String, { nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true })
  url: string | null;

  @Field()
  hoursJa: string;

  @Field()
  hoursEn: string;

  @Field(() => Int)
  position: number;
}

export function toInquiryContact(entity: InquiryContactEntity): InquiryContact {
  const { createdAt: _c, updatedAt: _u, ...rest } = entity;
  return rest;
}

@InputType({
  description: 'A whole inquiry contact (create, or replace on update): at least one of phone, email, url.',
})
export class InquiryContactInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'nameJa must not be blank' })
  @MaxLength(200)
  nameJa: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameEn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9][0-9\- ()]{2,28}[0-9]$/, {
    message: 'phone must be a phone number (digits, spaces, -, (), +)',
  })
  phone?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s<>"']+$/, { message: 'url must be an http(s) URL' })
  @MaxLength(2000)
  url?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  hoursJa?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  hoursEn?: string;

  @Field(() => Int, { nullable: true, description: 'Shown in ascending order.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  position?: number;
}
