import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { Actor } from '@renkei/core/context/actor';
import { CityOverview, OrganisationAssessment, SelfAssessmentService } from '../self-assessment.service';
import {
  CATEGORY_JA,
  CHECK_SHEET_COLUMNS,
  CHECK_SHEET_HEADER,
  CHECK_SHEET_TITLE,
  SUMMARY_HEADER,
  checkSheetRow,
  formatJst,
  organisationSummaryRows,
  summaryRow,
} from './check-sheet-layout';
import { CsvValue, toCsv } from './csv';

export type ExportFormat = 'csv' | 'xlsx';

export interface ExportFile {
  body: Buffer;
  contentType: string;
  /** ASCII file name, and the Japanese one for filename*. */
  fileName: string;
  fileNameJa: string;
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Excel sheet names: at most 31 characters, none of []:*?/\ and unique in the workbook. */
function sheetName(name: string, taken: Set<string>): string {
  const base = name.replace(/[[\]:*?/\\]/g, '・').slice(0, 28) || 'Sheet';
  let candidate = base;
  for (let n = 2; taken.has(candidate); n += 1) candidate = `${base.slice(0, 26)}(${n})`;
  taken.add(candidate);
  return candidate;
}

function addCheckSheet(workbook: ExcelJS.Workbook, name: string, assessment: OrganisationAssessment): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 4 }] });
  sheet.columns = CHECK_SHEET_COLUMNS.map((column) => ({ width: column.width }));
  sheet.addRow([CHECK_SHEET_TITLE]).font = { bold: true, size: 14 };
  sheet.addRow([
    `組織: ${assessment.organisation.nameJa}（${assessment.organisation.nameEn}）`,
    '',
    '',
    '',
    `スマートシティセキュリティガイドライン 第${assessment.edition}版`,
    `出力日時: ${formatJst(new Date())}`,
  ]);
  sheet.addRow([]);
  const header = sheet.addRow([...CHECK_SHEET_HEADER]);
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    cell.border = { bottom: { style: 'thin' } };
  });
  for (const item of assessment.items) {
    const row = sheet.addRow(checkSheetRow(item));
    row.alignment = { vertical: 'top', wrapText: true };
    if (!item.applicable) row.font = { color: { argb: 'FF808080' } };
  }
  sheet.autoFilter = { from: { row: 4, column: 1 }, to: { row: 4, column: CHECK_SHEET_HEADER.length } };
}

function addSummary(workbook: ExcelJS.Workbook, rows: CsvValue[][]): void {
  const sheet = workbook.addWorksheet('集計', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = SUMMARY_HEADER.map((header, index) => ({ header, width: index < 2 ? 28 : 12 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(row);
}

async function workbookBuffer(workbook: ExcelJS.Workbook): Promise<Buffer> {
  workbook.creator = 'Renkei';
  workbook.created = new Date();
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The self-assessment as the guideline's check sheet (別紙1): CSV or XLSX, one organisation or the city. */
@Injectable()
export class SelfAssessmentExport {
  constructor(private readonly assessments: SelfAssessmentService) {}

  async organisation(
    actor: Actor,
    organisationId: string,
    format: ExportFormat,
    edition?: string,
  ): Promise<ExportFile> {
    const assessment = await this.assessments.forOrganisation(actor, organisationId, edition);
    const stem = `check-sheet-${assessment.edition}-${assessment.organisation.id.slice(0, 8)}`;
    const stemJa = `チェックシート_${assessment.organisation.nameJa}_第${assessment.edition}版`;
    let body: Buffer;
    if (format === 'csv') {
      body = toCsv(CHECK_SHEET_HEADER, assessment.items.map(checkSheetRow));
    } else {
      const workbook = new ExcelJS.Workbook();
      addCheckSheet(workbook, 'チェックシート', assessment);
      addSummary(workbook, organisationSummaryRows(assessment));
      body = await workbookBuffer(workbook);
    }
    return this.file(body, format, stem, stemJa);
  }

  async city(actor: Actor, format: ExportFormat, edition?: string): Promise<ExportFile> {
    const overview = await this.assessments.overview(actor, edition);
    const stem = `check-sheet-${overview.edition}-city`;
    const stemJa = `チェックシート_全体_第${overview.edition}版`;
    let body: Buffer;
    if (format === 'csv') {
      body = toCsv(
        ['組織', ...CHECK_SHEET_HEADER],
        overview.organisations.flatMap((assessment) =>
          assessment.items.map((item) => [assessment.organisation.nameJa, ...checkSheetRow(item)]),
        ),
      );
    } else {
      const workbook = new ExcelJS.Workbook();
      addSummary(workbook, citySummaryRows(overview));
      const taken = new Set(['集計']);
      for (const assessment of overview.organisations) {
        addCheckSheet(workbook, sheetName(assessment.organisation.nameJa, taken), assessment);
      }
      body = await workbookBuffer(workbook);
    }
    return this.file(body, format, stem, stemJa);
  }

  private file(body: Buffer, format: ExportFormat, stem: string, stemJa: string): ExportFile {
    return {
      body,
      contentType: CONTENT_TYPE[format],
      fileName: `${stem}.${format}`,
      fileNameJa: `${stemJa}.${format}`,
    };
  }
}

/** Every organisation's categories and total, then the city's per category and overall. */
export function citySummaryRows(overview: CityOverview): CsvValue[][] {
  return [
    ...overview.organisations.flatMap(organisationSummaryRows),
    ...overview.categories.map((c) => summaryRow('全体', CATEGORY_JA[c.category], c)),
    summaryRow('全体', '合計', overview.total),
  ];
}
