import { CategoryCoverage, CoverageCounts } from '../coverage';
import { AssessmentStatus, CheckSheetCategory } from '../guideline.enums';
import { AssessedItem, OrganisationAssessment } from '../self-assessment.service';
import { CsvValue } from './csv';

/** The sheet's title (別紙1 of the guideline). */
export const CHECK_SHEET_TITLE = '別紙1 スマートシティセキュリティガイドライン導入チェックシート';

export const STATUS_JA: Record<AssessmentStatus, string> = {
  [AssessmentStatus.NOT_STARTED]: '未着手',
  [AssessmentStatus.PLANNED]: '実装予定',
  [AssessmentStatus.IMPLEMENTED]: '実装済み',
  [AssessmentStatus.NOT_APPLICABLE]: '対象外',
};

export const CATEGORY_JA: Record<CheckSheetCategory, string> = {
  [CheckSheetCategory.GOVERNANCE]: 'ガバナンス',
  [CheckSheetCategory.SERVICE]: 'サービス',
  [CheckSheetCategory.CITY_OS]: '都市OS',
  [CheckSheetCategory.ASSET]: 'アセット',
  [CheckSheetCategory.SUPPLY_CHAIN]: 'サプライチェーン',
  [CheckSheetCategory.INCIDENT_RESPONSE]: 'インシデント対応',
  [CheckSheetCategory.DATA_LINKAGE]: 'データ連携',
};

/**
 * The columns of the export, in the order of the guideline's 別紙1: the item (分類, 項目, 項番, 対策項目,
 * 対策内容) then the sheet's own columns (実装予定時期, 実装方法) with the status, and the columns a
 * real assessment needs beside them (applicability, reason, evidence, review, last change).
 */
export const CHECK_SHEET_COLUMNS = [
  { header: '分類', width: 26 },
  { header: '項目', width: 30 },
  { header: '項番', width: 16 },
  { header: 'キー', width: 10 },
  { header: '対策項目', width: 40 },
  { header: '対策内容', width: 60 },
  { header: '適用', width: 12 },
  { header: '対応状況', width: 10 },
  { header: '実装予定時期', width: 16 },
  { header: '実装予定日', width: 12 },
  { header: '実装方法', width: 50 },
  { header: '対象外の理由', width: 30 },
  { header: '根拠資料', width: 40 },
  { header: '確認者', width: 14 },
  { header: '確認日', width: 12 },
  { header: '最終更新者', width: 14 },
  { header: '最終更新日時', width: 20 },
] as const;

export const CHECK_SHEET_HEADER = CHECK_SHEET_COLUMNS.map((column) => column.header);

/** 2026-05-01 10:30 in Japan time (the sheet's readers are in Japan). */
export function formatJst(date: Date | null | undefined): string {
  if (!date) return '';
  const jst = new Date(date.getTime() + 9 * 60 * 60 * 1000);
  return `${jst.toISOString().slice(0, 10)} ${jst.toISOString().slice(11, 16)}`;
}

/** One row of the check sheet for one item, as text. */
export function checkSheetRow(assessed: AssessedItem): CsvValue[] {
  const { item, entry } = assessed;
  return [
    item.categoryLabelJa,
    `${item.groupNumber} ${item.groupJa}`,
    item.printedId,
    item.key,
    item.titleJa,
    item.supplementJa ? `${item.descriptionJa}\n${item.supplementJa}` : item.descriptionJa,
    assessed.applicable ? '対象' : '対象外（役割）',
    STATUS_JA[assessed.status],
    entry?.plannedTiming ?? '',
    entry?.plannedDate ?? '',
    entry?.implementationMethod ?? '',
    entry?.notApplicableReason ?? '',
    (entry?.evidenceLinks ?? []).join('\n'),
    assessed.reviewerName ?? '',
    entry?.reviewedOn ?? '',
    entry?.updatedByName ?? '',
    formatJst(entry?.updatedAt),
  ];
}

export const SUMMARY_HEADER = [
  '組織',
  '分類',
  '項目数',
  '対象項目数',
  '実装済み',
  '実装予定',
  '未着手',
  '対象外',
  '実装率（%）',
] as const;

/** A summary row: counts of one category (or the total) of one organisation (or the city). */
export function summaryRow(who: string, what: string, counts: CoverageCounts | CategoryCoverage): CsvValue[] {
  return [
    who,
    what,
    counts.items,
    counts.applicable,
    counts.implemented,
    counts.planned,
    counts.notStarted,
    counts.notApplicable,
    counts.percentImplemented,
  ];
}

/** The summary rows of one organisation: every category, then its total. */
export function organisationSummaryRows(assessment: OrganisationAssessment): CsvValue[][] {
  const name = assessment.organisation.nameJa;
  return [
    ...assessment.coverage.categories.map((c) => summaryRow(name, CATEGORY_JA[c.category], c)),
    summaryRow(name, '合計', assessment.coverage.total),
  ];
}
