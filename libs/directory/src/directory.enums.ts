import { registerEnumType } from '@nestjs/graphql';

/** Table 1-1 roles of the guideline (roles.json) plus authorities outside the city. */
export enum GuidelineRole {
  SERVICE_USER = 'SERVICE_USER',
  SERVICE_PROVIDER = 'SERVICE_PROVIDER',
  PROMOTION_BODY = 'PROMOTION_BODY', // 推進主体
  INVESTOR_DATA_PROVIDER = 'INVESTOR_DATA_PROVIDER',
  CITY_OS_VENDOR = 'CITY_OS_VENDOR',
  DATA_PROVIDER = 'DATA_PROVIDER',
  IOT_DEVICE_VENDOR = 'IOT_DEVICE_VENDOR',
  SECURITY_SERVICE_PROVIDER = 'SECURITY_SERVICE_PROVIDER',
  MULTI_STAKEHOLDER = 'MULTI_STAKEHOLDER',
  EXTERNAL_AUTHORITY = 'EXTERNAL_AUTHORITY',
}

export enum RelationshipKind {
  OUTSOURCING = 'OUTSOURCING', // 委託: the client commissions the contractor
  PARTNERSHIP = 'PARTNERSHIP', // 連携・提携
}

export enum ContactKind {
  INCIDENT_WINDOW = 'INCIDENT_WINDOW', // インシデント受付窓口
  EMERGENCY = 'EMERGENCY',
  EXECUTIVE = 'EXECUTIVE',
  CISO = 'CISO',
  TECHNICAL = 'TECHNICAL',
  PUBLIC_INQUIRY = 'PUBLIC_INQUIRY', // 住民向け問い合わせ窓口
}

export enum ContactType {
  PERSON = 'PERSON',
  FUNCTION = 'FUNCTION', // a shared mailbox or desk
}

/** A channel alerts can reach a contact on; a contact's channelOrder lists them in the order tried. */
export enum ContactChannel {
  EMAIL = 'EMAIL',
  WEBHOOK = 'WEBHOOK',
}

registerEnumType(GuidelineRole, { name: 'GuidelineRole' });
registerEnumType(RelationshipKind, { name: 'RelationshipKind' });
registerEnumType(ContactKind, { name: 'ContactKind' });
registerEnumType(ContactType, { name: 'ContactType' });
registerEnumType(ContactChannel, { name: 'ContactChannel' });
