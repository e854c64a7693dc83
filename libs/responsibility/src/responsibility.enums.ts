import { registerEnumType } from '@nestjs/graphql';

/** The guideline's reference-architecture categories. */
export enum ComponentCategory {
  GOVERNANCE = 'GOVERNANCE',
  SERVICE = 'SERVICE',
  CITY_OS = 'CITY_OS', // 都市OS
  ASSET = 'ASSET', // アセット
}

export enum ComponentKind {
  SERVICE = 'SERVICE',
  APPLICATION = 'APPLICATION',
  API_GATEWAY = 'API_GATEWAY',
  DATA_PLATFORM = 'DATA_PLATFORM',
  IDENTITY_PROVIDER = 'IDENTITY_PROVIDER',
  PAYMENT = 'PAYMENT',
  NETWORK = 'NETWORK',
  DEVICE = 'DEVICE',
  GATEWAY = 'GATEWAY',
  DATA_FLOW = 'DATA_FLOW',
  CLOUD_INFRASTRUCTURE = 'CLOUD_INFRASTRUCTURE',
  MONITORING = 'MONITORING',
  POLICY = 'POLICY',
  OTHER = 'OTHER',
}

/** RACI duties. */
export enum Duty {
  RESPONSIBLE = 'RESPONSIBLE',
  ACCOUNTABLE = 'ACCOUNTABLE',
  CONSULTED = 'CONSULTED',
  INFORMED = 'INFORMED',
}

/** Whether a duty covers the system or the data it holds (責任分界: システム／データ). */
export enum ResponsibilityBoundary {
  SYSTEM = 'SYSTEM',
  DATA = 'DATA',
}

registerEnumType(ComponentCategory, { name: 'ComponentCategory' });
registerEnumType(ComponentKind, { name: 'ComponentKind' });
registerEnumType(Duty, { name: 'Duty' });
registerEnumType(ResponsibilityBoundary, { name: 'ResponsibilityBoundary' });
