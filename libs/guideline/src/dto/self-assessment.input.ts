import { Field, ID, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  IsUrl,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { AssessmentStatus } from '../guideline.enums';
import { EDITION_PATTERN } from './catalogue.type';

export const MAX_EVIDENCE_LINKS = 10;
export const MAX_EVIDENCE_LINK_LENGTH = 2000;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

@InputType({
  description:
    'Records an organisation’s answer to one item. Every field is written as given (omitted optional fields are cleared).',
})
export class SetSelfAssessmentItemInput {
  @Field(() => ID)
  @IsUUID()
  organisationId: string;

  @Field({ nullable: true, description: 'Default: the current edition.' })
  @IsOptional()
  @Matches(EDITION_PATTERN, { message: 'edition looks like 3.0' })
  edition?: string;

  @Field({ description: 'ASCII key of the item: GOV-1-1 … DL-6.' })
  @IsString()
  @MaxLength(20)
  itemKey: string;

  @Field(() => AssessmentStatus)
  @IsEnum(AssessmentStatus)
  status: AssessmentStatus;

  @Field(() => String, {
    nullable: true,
    description: '実装予定時期 as the sheet writes it ("2027年度上期"); PLANNED needs it or plannedDate.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  plannedTiming?: string | null;

  @Field(() => String, { nullable: true, description: 'Optional target date, YYYY-MM-DD.' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'plannedDate must be a date (YYYY-MM-DD)' })
  plannedDate?: string | null;

  @Field(() => String, { nullable: true, description: '実装方法' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  implementationMethod?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for NOT_APPLICABLE.' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notApplicableReason?: string | null;

  @Field(() => [String], {
    nullable: true,
    description: `http(s) links to evidence, at most ${MAX_EVIDENCE_LINKS}.`,
  })
  @IsOptional()
  @ArrayMaxSize(MAX_EVIDENCE_LINKS)
  @MaxLength(MAX_EVIDENCE_LINK_LENGTH, { each: true })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { each: true, message: 'each evidence link must be an http(s) URL' },
  )
  evidenceLinks?: string[] | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The reviewer: a user of the organisation or of the promotion body.',
  })
  @IsOptional()
  @IsUUID()
  reviewerUserId?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD; default today when a reviewer is named.' })
  @IsOptional()
  @Matches(DATE_ONLY, { message: 'reviewedOn must be a date (YYYY-MM-DD)' })
  reviewedOn?: string | null;

  @Field(() => Int, {
    description:
      'The version you read (SelfAssessmentItem.version; 0 when nothing was recorded). A different current version is a CONFLICT.',
  })
  @IsInt()
  @Min(0)
  expectedVersion: number;
}
