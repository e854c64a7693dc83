import { Field, ID, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '@renkei/core/validation/optional-not-null';
import { IncidentCategory, Tlp } from '@renkei/incidents/incidents.enums';

@InputType()
export class CreateEventIntegrationInput {
  @Field()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(200)
  name: string;

  @Field(() => ID, {
    description: 'The API key the events report as: its organisation is the reporter, its role applies.',
  })
  @IsUUID()
  apiKeyId: string;

  @Field(() => ID, {
    description: 'The component triggered incidents name; one the API key’s organisation may report on.',
  })
  @IsUUID()
  componentId: string;

  @Field(() => IncidentCategory, { nullable: true, defaultValue: IncidentCategory.OTHER })
  @IsOptionalNotNull()
  @IsEnum(IncidentCategory)
  category?: IncidentCategory;

  @Field(() => Tlp, {
    nullable: true,
    defaultValue: Tlp.AMBER,
    description: 'Not RED: an API key cannot be among the people named on a TLP:RED incident.',
  })
  @IsOptionalNotNull()
  @IsEnum(Tlp)
  tlp?: Tlp;
}
