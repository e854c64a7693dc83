import { formatTokyoTime } from '@renkei/alerting/email/alert-labels';
import type { ReportBlock } from '@renkei/reporting/report/report-document';
import type { ObligationEntity } from '../entities/obligation.entity';
import type { ReportingRuleEntity } from '../entities/reporting-rule.entity';
import { ObligationStatus } from '../obligations.enums';
import { obligationReportBlocks } from '../obligations-report';
import { APPI_STAGES } from '../statutory-rules';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = new Date('2026-04-10T03:00:00Z');
const ORGS = new Map([
  ['ppc', { nameJa: '個人情報保護委員会', nameEn: 'Personal Information Protection Commission' }],
  ['client', { nameJa: '委託元市', nameEn: 'Client City' }],
  ['vendor', { nameJa: '受託ベンダ', nameEn: '' }],
]);
const RULE = {
  id: 'rule-appi',
  nameJa: '個人データの漏えい等の報告',
  nameEn: 'Personal data breach report',
  legalBasisJa: '個人情報保護法 第26条',
  legalBasisEn: 'APPI Art. 26',
  authorityOrganisationId: 'ppc',
  stages: APPI_STAGES,
} as ReportingRuleEntity;

function obligation(over: Partial<ObligationEntity>): ObligationEntity {
  return {
    id: over.stageKey ?? 'x',
    incidentId: 'incident',
    ruleId: RULE.id,
    stageKey: 'preliminary',
    stageIndex: 0,
    ownerOrganisationId: 'client',
    delegatedFromOrganisationId: null,
    commissionerNotifiedAt: null,
    commissionerNotifiedBy: null,
    dueAt: null,
    alternativeDuration: false,
    status: ObligationStatus.PENDING,
    submittedAt: null,
    submissionReference: null,
    submittedByUserId: null,
    submittedByName: null,
    overdueAt: null,
    withdrawnAt: null,
    createdAt: new Date('2026-04-01T00:00:00Z'),
    updatedAt: new Date('2026-04-01T00:00:00Z'),
    ...over,
  };
}

const table = (blocks: ReportBlock[]) =>
  blocks.find((b): b is Extract<ReportBlock, { kind: 'table' }> => b.kind === 'table');

describe('the statutory reports section of the incident report', () => {
  // Listed final first: the table follows the rule's stage order, not the row order.
  const final = obligation({
    stageKey: 'final',
    stageIndex: 1,
    dueAt: new Date(NOW.getTime() + 20 * DAY),
    alternativeDuration: true,
    delegatedFromOrganisationId: 'vendor',
    commissionerNotifiedAt: new Date('2026-04-02T01:30:00Z'),
    commissionerNotifiedBy: '運用責任者',
  });
  // PENDING in the database but past its deadline: the report reads it OVERDUE, like the API.
  // 26 h and 5 s late: shown in whole minutes.
  const preliminary = obligation({
    stageKey: 'preliminary',
    dueAt: new Date(NOW.getTime() - 26 * HOUR - 5_000),
  });

  it('lists each stage with its owner, due time in Japan time, status and submission, the overdue one highlighted', () => {
    const blocks = obligationReportBlocks([final, preliminary], [RULE], ORGS, 'en', NOW);
    expect(blocks[0]).toEqual({
      kind: 'paragraph',
      text: '2 statutory reports: 1 overdue (not submitted), 1 pending',
    });
    expect(blocks[1]).toEqual({
      kind: 'fields',
      rows: [
        { label: 'Reporting duty', value: 'Personal data breach report' },
        { label: 'Legal basis', value: 'APPI Art. 26' },
        { label: 'Report to', value: 'Personal Information Protection Commission' },
      ],
    });
    expect(table(blocks)?.rows).toEqual([
      [
        'Preliminary report',
        'Client City',
        { text: `${formatTokyoTime(preliminary.dueAt as Date)} (1 d 2 h overdue)`, highlight: true },
        { text: 'OVERDUE (not submitted)', highlight: true },
        '—',
        '—',
      ],
      [
        'Final report',
        'Client City',
        `${formatTokyoTime(final.dueAt as Date)} (20 d left; extended: unlawful purpose suspected)`,
        'Pending',
        '—',
        '—',
      ],
    ]);
    // The hand-over; the vendor has no English name, so its Japanese one is used.
    expect(blocks.at(-1)).toEqual({
      kind: 'list',
      items: [
        'Final report: passed from the contractor 受託ベンダ to the commissioning organisation Client City (told 2026-04-02 10:30 JST by 運用責任者)',
      ],
    });
  });

  it('shows submissions with their receipt numbers, late ones unhighlighted, in Japanese', () => {
    const submitted = obligation({
      status: ObligationStatus.SUBMITTED_LATE,
      dueAt: new Date('2026-04-06T00:00:00Z'),
      submittedAt: new Date('2026-04-07T00:00:00Z'),
      submissionReference: 'PPC-2026-0042',
      submittedByName: '山田',
    });
    const later = obligation({ stageKey: 'final', stageIndex: 1, dueAt: null });
    const blocks = obligationReportBlocks([submitted, later], [RULE], ORGS, 'ja', NOW);
    expect(blocks[0]).toEqual({
      kind: 'paragraph',
      text: '報告義務 2件：未提出（期限前） 1件、期限後に提出 1件',
    });
    expect(table(blocks)?.rows).toEqual([
      [
        '速報',
        '委託元市',
        '2026-04-06 09:00 JST',
        '期限後に提出',
        '2026-04-07 09:00 JST（山田）',
        'PPC-2026-0042',
      ],
      ['確報', '委託元市', '前段階の提出後に確定', '未提出（期限前）', '—', '—'],
    ]);
    expect(blocks.some((b) => b.kind === 'list')).toBe(false);
  });

  it('says so when no statutory report applies', () => {
    expect(obligationReportBlocks([], [], ORGS, 'ja', NOW)).toEqual([
      { kind: 'paragraph', text: 'このインシデントに適用される法令上の報告義務はありません。' },
    ]);
  });
});
