import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum AfterActionFormat {
  MARKDOWN = 'MARKDOWN',
  HTML = 'HTML',
}

export enum AfterActionLanguage {
  ja = 'ja',
  en = 'en',
}

registerEnumType(AfterActionFormat, { name: 'AfterActionFormat' });
registerEnumType(AfterActionLanguage, { name: 'AfterActionLanguage' });

@ObjectType({ description: 'An organisation an inject reached: alerted, delivered, acknowledged.' })
export class InjectAcknowledgement {
  @Field(() => ID)
  organisationId: string;

  @Field()
  firstAlertedAt: Date;

  @Field(() => Date, { nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => String, { nullable: true })
  acknowledgedBy: string | null;

  @Field(() => Int, { description: 'Alerts that reached a contact (sent, delivered or acknowledged).' })
  deliveredAlerts: number;

  @Field(() => Int, { description: 'Alerts that failed on every channel (a contact that bounced).' })
  failedAlerts: number;
}
