import { registerEnumType } from '@nestjs/graphql';

/**
 * The check sheet's seven parts (§4.2): the four categories of §2.2.1 (カテゴリ) and the three
 * cross-cutting areas of §2.2.2 (横断的なセキュリティ対策).
 */
export enum CheckSheetCategory {
  GOVERNANCE = 'GOVERNANCE', // ガバナンス
  SERVICE = 'SERVICE', // サービス
  CITY_OS = 'CITY_OS', // 都市OS
  ASSET = 'ASSET', // アセット
  SUPPLY_CHAIN = 'SUPPLY_CHAIN', // 適切なサプライチェーン管理
  INCIDENT_RESPONSE = 'INCIDENT_RESPONSE', // インシデント対応時の連携
  DATA_LINKAGE = 'DATA_LINKAGE', // データ連携時のセキュリティ
}

export const CHECK_SHEET_CATEGORIES = Object.values(CheckSheetCategory);

/** Where an organisation stands on one check-sheet item (対応状況). */
export enum AssessmentStatus {
  NOT_STARTED = 'NOT_STARTED', // 未着手
  PLANNED = 'PLANNED', // 実装予定
  IMPLEMENTED = 'IMPLEMENTED', // 実装済み
  NOT_APPLICABLE = 'NOT_APPLICABLE', // 対象外
}

export const ASSESSMENT_STATUSES = Object.values(AssessmentStatus);

registerEnumType(CheckSheetCategory, {
  name: 'CheckSheetCategory',
  description: 'A part of the guideline’s check sheet (§4.2): four categories and three cross-cutting areas.',
});
registerEnumType(AssessmentStatus, {
  name: 'AssessmentStatus',
  description: 'Self-assessment status of a check-sheet item (対応状況).',
});
