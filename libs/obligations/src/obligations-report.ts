import { formatTokyoTime } from '@renkei/alerting/email/alert-labels';
import { highlighted, ReportBlock, ReportCell } from '@renkei/reporting/report/report-document';
import { formatDuration } from '@renkei/reporting/report/report-labels';
import { effectiveStatus } from './clock';
import type { ObligationEntity } from './entities/obligation.entity';
import type { ReportingRuleEntity } from './entities/reporting-rule.entity';
import { ObligationStatus } from './obligations.enums';

type Language = 'ja' | 'en';
type Text = Record<Language, string>;

/** The section's key in report templates and its default heading. */
export const OBLIGATIONS_SECTION_KEY = 'STATUTORY_OBLIGATIONS';
export const OBLIGATIONS_SECTION_HEADING: Text = {
  ja: '法令に基づく報告（報告義務と期限）',
  en: 'Statutory reports and their deadlines',
};

export const OBLIGATION_STATUS_LABEL: Record<ObligationStatus, Text> = {
  [ObligationStatus.PENDING]: { ja: '未提出（期限前）', en: 'Pending' },
  [ObligationStatus.OVERDUE]: { ja: '期限超過（未提出）', en: 'OVERDUE (not submitted)' },
  [ObligationStatus.SUBMITTED]: { ja: '提出済み', en: 'Submitted' },
  [ObligationStatus.SUBMITTED_LATE]: { ja: '期限後に提出', en: 'Submitted late' },
  [ObligationStatus.WITHDRAWN]: {
    ja: '取り下げ（要件に該当しなくなった）',
    en: 'Withdrawn (no longer required)',
  },
};

const LABEL = {
  rule: { ja: '報告義務', en: 'Reporting duty' },
  legalBasis: { ja: '根拠', en: 'Legal basis' },
  authority: { ja: '報告先', en: 'Report to' },
  stage: { ja: '段階', en: 'Stage' },
  owner: { ja: '報告義務を負う組織', en: 'Held by' },
  due: { ja: '期限（日本時間）', en: 'Due (Japan time)' },
  status: { ja: '状態', en: 'Status' },
  submitted: { ja: '提出日時', en: 'Submitted' },
  reference: { ja: '受付番号', en: 'Receipt number' },
  none: { ja: '—', en: '—' },
  unknown: { ja: '（不明）', en: '(unknown)' },
  dueLater: { ja: '前段階の提出後に確定', en: 'Set when the previous stage is submitted' },
  extended: { ja: '不正の目的のおそれによる延長期限', en: 'extended: unlawful purpose suspected' },
  noObligation: {
    ja: 'このインシデントに適用される法令上の報告義務はありません。',
    en: 'No statutory report applies to this incident.',
  },
  handOvers: { ja: '委託元への報告義務の移転', en: 'Duties passed to the commissioning organisation' },
} as const;

const summary = {
  ja: (total: number, counts: [ObligationStatus, number][]) =>
    `報告義務 ${total}件：${counts.map(([status, n]) => `${OBLIGATION_STATUS_LABEL[status].ja} ${n}件`).join('、')}`,
  en: (total: number, counts: [ObligationStatus, number][]) =>
    `${total} statutory report${total === 1 ? '' : 's'}: ${counts
      .map(([status, n]) => `${n} ${OBLIGATION_STATUS_LABEL[status].en.toLowerCase()}`)
      .join(', ')}`,
};

const remaining = {
  ja: (duration: string) => `残り ${duration}`,
  en: (duration: string) => `${duration} left`,
};
const late = {
  ja: (duration: string) => `${duration} 超過`,
  en: (duration: string) => `${duration} overdue`,
};

const handOver = {
  ja: (stage: string, from: string, to: string, at: string, by: string) =>
    `${stage}：受託者 ${from} から委託元 ${to} へ移転（${at} に通知、通知者：${by}）`,
  en: (stage: string, from: string, to: string, at: string, by: string) =>
    `${stage}: passed from the contractor ${from} to the commissioning organisation ${to} (told ${at} by ${by})`,
};

/** An organisation's name in the report's language (Japanese when there is no English one). */
export type OrganisationNames = Map<string, { nameJa: string; nameEn: string }>;

const STATUS_ORDER = [
  ObligationStatus.OVERDUE,
  ObligationStatus.PENDING,
  ObligationStatus.SUBMITTED_LATE,
  ObligationStatus.SUBMITTED,
  ObligationStatus.WITHDRAWN,
];

/**
 * The statutory-reports section of the incident report: a count by status, then per reporting rule
 * its authority and a table of its stages — who holds each, when it is due (Japan time), its status
 * as of `now` (a PENDING one past its deadline reads OVERDUE, highlighted), when it was submitted
 * and the authority's receipt number — and the hand-overs from contractor to commissioning
 * organisation. Plain text only; the report's renderers escape it.
 */
export function obligationReportBlocks(
  obligations: readonly ObligationEntity[],
  rules: readonly ReportingRuleEntity[],
  organisations: OrganisationNames,
  l: Language,
  now: Date,
): ReportBlock[] {
  if (obligations.length === 0) return [{ kind: 'paragraph', text: LABEL.noObligation[l] }];
  const orgName = (id: string | null) => {
    const organisation = id ? organisations.get(id) : undefined;
    if (!organisation) return LABEL.unknown[l];
    return (
      (l === 'ja' ? organisation.nameJa : organisation.nameEn || organisation.nameJa) || LABEL.unknown[l]
    );
  };
  const time = (date: Date | null) => (date ? formatTokyoTime(date) : LABEL.none[l]);
  const statusOf = new Map(obligations.map((o) => [o.id, effectiveStatus(o, now)]));
  const counts = STATUS_ORDER.map((status): [ObligationStatus, number] => [
    status,
    obligations.filter((o) => statusOf.get(o.id) === status).length,
  ]).filter(([, n]) => n > 0);
  const blocks: ReportBlock[] = [{ kind: 'paragraph', text: summary[l](obligations.length, counts) }];

  const ruleById = new Map(rules.map((rule) => [rule.id, rule]));
  // Rules in the order their first obligation began; stages in the rule's order.
  const ruleIds = [...new Set([...obligations].sort(byCreation).map((o) => o.ruleId))];
  for (const ruleId of ruleIds) {
    const rule = ruleById.get(ruleId);
    const own = obligations.filter((o) => o.ruleId === ruleId).sort((a, b) => a.stageIndex - b.stageIndex);
    const stageName = (o: ObligationEntity) => {
      const stage = rule?.stages.find((s) => s.key === o.stageKey);
      return (stage && (l === 'ja' ? stage.nameJa : stage.nameEn)) || o.stageKey;
    };
    const legalBasis = rule ? (l === 'ja' ? rule.legalBasisJa : rule.legalBasisEn || rule.legalBasisJa) : '';
    blocks.push({
      kind: 'fields',
      rows: [
        { label: LABEL.rule[l], value: rule ? (l === 'ja' ? rule.nameJa : rule.nameEn) : ruleId },
        ...(legalBasis.trim() ? [{ label: LABEL.legalBasis[l], value: legalBasis }] : []),
        { label: LABEL.authority[l], value: orgName(rule?.authorityOrganisationId ?? null) },
      ],
    });
    blocks.push({
      kind: 'table',
      columns: [
        LABEL.stage[l],
        LABEL.owner[l],
        LABEL.due[l],
        LABEL.status[l],
        LABEL.submitted[l],
        LABEL.reference[l],
      ],
      rows: own.map((o): ReportCell[] => {
        const status = statusOf.get(o.id) as ObligationStatus;
        const overdue = status === ObligationStatus.OVERDUE;
        const due = dueText(o, status, now, l);
        return [
          stageName(o),
          orgName(o.ownerOrganisationId),
          overdue ? highlighted(due) : due,
          overdue ? highlighted(OBLIGATION_STATUS_LABEL[status][l]) : OBLIGATION_STATUS_LABEL[status][l],
          o.submittedAt
            ? `${time(o.submittedAt)}${o.submittedByName ? (l === 'ja' ? `（${o.submittedByName}）` : ` (${o.submittedByName})`) : ''}`
            : LABEL.none[l],
          o.submissionReference ?? LABEL.none[l],
        ];
      }),
      empty: LABEL.noObligation[l],
    });
    const handedOver = own.filter((o) => o.delegatedFromOrganisationId);
    if (handedOver.length) {
      blocks.push({ kind: 'paragraph', text: LABEL.handOvers[l] });
      blocks.push({
        kind: 'list',
        items: handedOver.map((o) =>
          handOver[l](
            stageName(o),
            orgName(o.delegatedFromOrganisationId),
            orgName(o.ownerOrganisationId),
            time(o.commissionerNotifiedAt),
            o.commissionerNotifiedBy ?? LABEL.none[l],
          ),
        ),
      });
    }
  }
  return blocks;
}

function byCreation(a: ObligationEntity, b: ObligationEntity): number {
  return a.createdAt.getTime() - b.createdAt.getTime() || a.stageIndex - b.stageIndex;
}

/** "2026-05-01 09:00 JST（残り 2日3時間）"; the extended deadline and a missing one said in words. */
function dueText(o: ObligationEntity, status: ObligationStatus, now: Date, l: Language): string {
  if (!o.dueAt) return LABEL.dueLater[l];
  const parts = [formatTokyoTime(o.dueAt)];
  // Whole minutes: "10 d 1 s" would read as precision a deadline does not have.
  const minutes = (o.dueAt.getTime() - now.getTime()) / 60_000;
  const span = (value: number) => formatDuration(Math.floor(value) * 60, l);
  if (status === ObligationStatus.PENDING) parts.push(remaining[l](span(minutes)));
  if (status === ObligationStatus.OVERDUE) parts.push(late[l](span(-minutes)));
  if (o.alternativeDuration) parts.push(LABEL.extended[l]);
  const [first, ...rest] = parts;
  if (rest.length === 0) return first;
  return l === 'ja' ? `${first}（${rest.join('、')}）` : `${first} (${rest.join('; ')})`;
}
