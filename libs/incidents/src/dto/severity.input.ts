import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { Severity } from '../incidents.enums';

@InputType()
export class DefineSeverityInput {
  @Field(() => Severity)
  @IsEnum(Severity)
  level: Severity;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'nameJa must not be blank' })
  @MaxLength(100)
  nameJa?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'nameEn must not be blank' })
  @MaxLength(100)
  nameEn?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'criteriaJa must not be blank' })
  @MaxLength(4000)
  criteriaJa?: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'criteriaEn must not be blank' })
  @MaxLength(4000)
  criteriaEn?: string;
}
