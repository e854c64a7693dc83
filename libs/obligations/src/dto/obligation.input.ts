import { Field, InputType } from '@nestjs/graphql';
import { IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';

@InputType()
export class SubmitObligationInput {
  @Field({ description: 'The authority’s receipt number (e.g. the PPC’s 受付番号), or how it was sent.' })
  @IsString()
  @Matches(/\S/, { message: 'reference must not be blank' })
  @MaxLength(200)
  reference: string;

  @Field({ nullable: true, description: 'When it was submitted (ISO 8601); defaults to now.' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'submittedAt must be an ISO 8601 date-time' })
  submittedAt?: string;
}

@InputType()
export class CommissionerNotifiedInput {
  @Field({
    nullable: true,
    description: 'When the commissioning organisation was told (ISO 8601); defaults to now.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'notifiedAt must be an ISO 8601 date-time' })
  notifiedAt?: string;

  @Field({ nullable: true, description: 'Who told it (a name); defaults to you.' })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'notifiedBy must not be blank' })
  @MaxLength(200)
  notifiedBy?: string;
}
