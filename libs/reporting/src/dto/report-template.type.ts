import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsBoolean,
  IsEnum,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { ReportTemplateEntity } from '../entities/report-template.entity';
import { ReportLanguage } from '../reporting.enums';

const NOT_BLANK = /\S/;
export const SECTION_KEY_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

@ObjectType({ description: 'A heading a template uses instead of a section’s default one.' })
export class SectionHeading {
  @Field()
  section: string;

  @Field(() => String, { nullable: true })
  ja: string | null;

  @Field(() => String, { nullable: true })
  en: string | null;
}

@ObjectType({
  description:
    'The city’s agreed format for incident reports (IR③ 報告様式): sections in order, headings, opening and closing text.',
})
export class ReportTemplate {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field()
  description: string;

  @Field(() => [ReportLanguage])
  languages: ReportLanguage[];

  @Field(() => [String], {
    description:
      'Section keys in the order they are printed (a report has exactly these): SUMMARY, IMPACT, COMPONENTS, PARTICIPANTS, ALERTS, TIMELINE, TASKS and those other contexts register (STATUTORY_OBLIGATIONS: statutory reports and their clocks).',
  })
  sections: string[];

  @Field(() => [SectionHeading])
  headings: SectionHeading[];

  @Field()
  introJa: string;

  @Field()
  introEn: string;

  @Field()
  closingJa: string;

  @Field()
  closingEn: string;

  @Field()
  isDefault: boolean;

  @Field()
  updatedAt: Date;

  @Field(() => Int)
  version: number;
}

export function toReportTemplate(entity: ReportTemplateEntity): ReportTemplate {
  return {
    id: entity.id,
    name: entity.name,
    description: entity.description,
    languages: entity.languages as ReportLanguage[],
    sections: entity.sections,
    headings: Object.entries(entity.headings ?? {}).map(([section, text]) => ({
      section,
      ja: text.ja ?? null,
      en: text.en ?? null,
    })),
    introJa: entity.introJa,
    introEn: entity.introEn,
    closingJa: entity.closingJa,
    closingEn: entity.closingEn,
    isDefault: entity.isDefault,
    updatedAt: entity.updatedAt,
    version: entity.version,
  };
}

@InputType()
export class SectionHeadingInput {
  @Field()
  @IsString()
  @Matches(SECTION_KEY_PATTERN, { message: 'section must be a section key such as TIMELINE' })
  section: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  ja?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  en?: string;
}

@InputType({ description: 'A whole template (create, or replace on update).' })
export class ReportTemplateInput {
  @Field()
  @IsString()
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @Field(() => [ReportLanguage])
  @ArrayMinSize(1, { message: 'languages must name at least one language' })
  @ArrayUnique()
  @IsEnum(ReportLanguage, { each: true })
  languages: ReportLanguage[];

  @Field(() => [String])
  @ArrayMinSize(1, { message: 'sections must name at least one section' })
  @ArrayMaxSize(40)
  @ArrayUnique({ message: 'sections must not repeat a section' })
  @Matches(SECTION_KEY_PATTERN, {
    each: true,
    message: 'each section must be a section key such as TIMELINE',
  })
  sections: string[];

  @Field(() => [SectionHeadingInput], { nullable: true })
  @IsOptionalNotNull()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => SectionHeadingInput)
  headings?: SectionHeadingInput[];

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  introJa?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  introEn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  closingJa?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  closingEn?: string;

  @Field({
    nullable: true,
    description: 'Makes this the default template (the previous default stops being it).',
  })
  @IsOptional()
  @IsBoolean()
  isDefault?: boolean;
}
