import {
  DetectionSource,
  IncidentRole,
  ParticipantSource,
  TaskStatus,
} from '@renkei/incidents/incidents.enums';
import { Duty } from '@renkei/responsibility/responsibility.enums';
import { ReportSection } from '../reporting.enums';

type Text = { ja: string; en: string };

/** Default headings of the built-in sections (a template may override them). */
export const SECTION_HEADING: Record<ReportSection, Text> = {
  [ReportSection.SUMMARY]: { ja: '概要', en: 'Summary' },
  [ReportSection.IMPACT]: { ja: '影響', en: 'Impact' },
  [ReportSection.COMPONENTS]: { ja: '影響を受けた構成要素', en: 'Affected components' },
  [ReportSection.PARTICIPANTS]: { ja: '関係組織と担当者', en: 'Organisations and people involved' },
  [ReportSection.ALERTS]: { ja: '連絡と受領確認', en: 'Alerts and acknowledgements' },
  [ReportSection.TIMELINE]: { ja: '経過', en: 'Timeline' },
  [ReportSection.TASKS]: { ja: 'タスク', en: 'Tasks' },
};

export const LABEL = {
  documentTitle: { ja: 'インシデント対応報告書', en: 'Incident report' },
  generated: {
    ja: (at: string, reader: string, template: string) =>
      `${at} に ${reader} のために作成（様式：${template}）`,
    en: (at: string, reader: string, template: string) =>
      `Generated ${at} for ${reader} (template: ${template})`,
  },
  reference: { ja: '管理番号', en: 'Reference' },
  title: { ja: '件名', en: 'Title' },
  severity: { ja: '重大度', en: 'Severity' },
  status: { ja: 'ステータス', en: 'Status' },
  tlp: { ja: 'TLP', en: 'TLP' },
  category: { ja: '種別', en: 'Category' },
  incidentType: { ja: 'インシデント類型（付録B）', en: 'Incident type (Appendix B)' },
  detectionSource: { ja: '検知経路', en: 'Detection source' },
  personalData: { ja: '個人情報への影響', en: 'Personal data involved' },
  safety: { ja: '人命・安全への影響', en: 'Safety impact' },
  reporterOrganisation: { ja: '報告組織', en: 'Reported by' },
  occurrences: { ja: '発生回数', en: 'Occurrences' },
  yes: { ja: 'あり', en: 'Yes' },
  no: { ja: 'なし', en: 'No' },
  none: { ja: '—', en: '—' },
  phases: {
    detectedAt: { ja: '検知', en: 'Detected' },
    reportedAt: { ja: '報告', en: 'Reported' },
    triagedAt: { ja: 'トリアージ', en: 'Triaged' },
    respondingAt: { ja: '対応開始', en: 'Response started' },
    containedAt: { ja: '封じ込め', en: 'Contained' },
    recoveringAt: { ja: '復旧開始', en: 'Recovery started' },
    resolvedAt: { ja: '解決', en: 'Resolved' },
    closedAt: { ja: 'クローズ', en: 'Closed' },
    reopenedAt: { ja: '再開', en: 'Reopened' },
  },
  description: { ja: '状況', en: 'Description' },
  noDescription: { ja: '記載なし', en: 'No description given.' },
  severityMeaning: { ja: 'この重大度の基準', en: 'What this severity means' },
  personalDataYes: {
    ja: '個人情報が関係しています。個人情報保護法に基づく報告の要否を確認してください。',
    en: 'Personal data is involved: check whether a report under the APPI is due.',
  },
  safetyYes: {
    ja: '人命・身体の安全に影響するおそれがあります。',
    en: 'Human safety may be affected.',
  },
  components: { ja: '構成要素', en: 'Component' },
  componentCategory: { ja: '区分', en: 'Category' },
  componentKind: { ja: '種類', en: 'Kind' },
  addedAt: { ja: '追加日時', en: 'Added' },
  noComponents: { ja: '構成要素は登録されていません。', en: 'No component is recorded.' },
  organisation: { ja: '組織', en: 'Organisation' },
  duties: { ja: '責務', en: 'Duties' },
  source: { ja: '参加の経緯', en: 'How it joined' },
  noParticipants: { ja: '関係組織はありません。', en: 'No organisation takes part.' },
  people: { ja: '指名された担当者', en: 'Named people' },
  person: { ja: '氏名', en: 'Name' },
  role: { ja: '役割', en: 'Role' },
  noPeople: { ja: '指名された担当者はいません。', en: 'Nobody is named on this incident.' },
  firstAlerted: { ja: '初回連絡', en: 'First alerted' },
  acknowledgementRequired: { ja: '受領確認要否', en: 'Acknowledgement required' },
  acknowledgedAt: { ja: '受領確認', en: 'Acknowledged' },
  acknowledgedBy: { ja: '確認者', en: 'By' },
  timeToAcknowledge: { ja: '受領までの時間', en: 'Time to acknowledge' },
  notAcknowledged: { ja: '未確認', en: 'not yet' },
  noEngagements: { ja: 'まだ誰にも連絡されていません。', en: 'Nobody has been alerted.' },
  alertsDetail: { ja: '送信した連絡の明細', en: 'Alerts sent' },
  recipient: { ja: '宛先', en: 'Recipient' },
  purpose: { ja: '目的', en: 'Purpose' },
  state: { ja: '状態', en: 'State' },
  sentAt: { ja: '送信', en: 'Sent' },
  noAlerts: { ja: '該当する連絡はありません。', en: 'No alert to show.' },
  otherOrganisationsAlerts: {
    ja: '他組織宛ての連絡の明細は、その組織と推進主体のみが閲覧できるため記載していません。',
    en: 'Alerts to other organisations are shown only to them and to the promotion body, so they are left out.',
  },
  time: { ja: '日時', en: 'Time' },
  actor: { ja: '記録者', en: 'By' },
  entry: { ja: '内容', en: 'Entry' },
  noTimeline: { ja: '記録はありません。', en: 'Nothing recorded.' },
  task: { ja: 'タスク', en: 'Task' },
  assignee: { ja: '担当', en: 'Assignee' },
  due: { ja: '期限', en: 'Due' },
  completed: { ja: '完了', en: 'Completed' },
  noTasks: { ja: 'タスクはありません。', en: 'No task.' },
} as const;

export const DUTY_LABEL: Record<Duty, Text> = {
  [Duty.RESPONSIBLE]: { ja: '実行責任', en: 'Responsible' },
  [Duty.ACCOUNTABLE]: { ja: '説明責任', en: 'Accountable' },
  [Duty.CONSULTED]: { ja: '協議先', en: 'Consulted' },
  [Duty.INFORMED]: { ja: '報告先', en: 'Informed' },
};

export const PARTICIPANT_SOURCE_LABEL: Record<ParticipantSource, Text> = {
  [ParticipantSource.MAP]: { ja: '責任分担マップ', en: 'Responsibility map' },
  [ParticipantSource.REPORTER]: { ja: '報告組織', en: 'Reporter' },
  [ParticipantSource.MANUAL]: { ja: '手動で追加', en: 'Added by hand' },
  [ParticipantSource.ALERTED]: { ja: 'エスカレーションで連絡', en: 'Alerted by escalation' },
};

export const ROLE_LABEL: Record<IncidentRole, Text> = {
  [IncidentRole.COMMANDER]: { ja: 'インシデントコマンダー', en: 'Incident commander' },
  [IncidentRole.LIAISON]: { ja: '連絡調整担当', en: 'Liaison' },
  [IncidentRole.SCRIBE]: { ja: '記録担当', en: 'Scribe' },
  [IncidentRole.RECIPIENT]: { ja: '指名受信者', en: 'Named recipient' },
};

export const TASK_STATUS_LABEL: Record<TaskStatus, Text> = {
  [TaskStatus.OPEN]: { ja: '未着手', en: 'Open' },
  [TaskStatus.IN_PROGRESS]: { ja: '対応中', en: 'In progress' },
  [TaskStatus.DONE]: { ja: '完了', en: 'Done' },
  [TaskStatus.CANCELLED]: { ja: '中止', en: 'Cancelled' },
};

export const DETECTION_SOURCE_LABEL: Record<DetectionSource, Text> = {
  [DetectionSource.SOC_MONITORING]: { ja: 'SOCによる監視', en: 'SOC monitoring' },
  [DetectionSource.INTERNAL_STAFF]: { ja: '職員による発見', en: 'Internal staff' },
  [DetectionSource.VENDOR]: { ja: 'ベンダからの連絡', en: 'Vendor' },
  [DetectionSource.RESIDENT_REPORT]: { ja: '住民からの連絡', en: 'Resident report' },
  [DetectionSource.EXTERNAL_NOTIFICATION]: { ja: '外部機関からの通知', en: 'External notification' },
  [DetectionSource.AUTOMATED_ALERT]: { ja: '自動検知', en: 'Automated alert' },
  [DetectionSource.OTHER]: { ja: 'その他', en: 'Other' },
};

/** 95 s → "1分35秒" / "1 min 35 s"; hours and days for longer spans. */
export function formatDuration(seconds: number, language: 'ja' | 'en'): string {
  const total = Math.max(0, Math.round(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const rest = total % 60;
  const parts: [number, string, string][] = [
    [days, '日', 'd'],
    [hours, '時間', 'h'],
    [minutes, '分', 'min'],
    [rest, '秒', 's'],
  ];
  const shown = parts.filter(([value]) => value > 0).slice(0, 2);
  if (shown.length === 0) return language === 'ja' ? '0秒' : '0 s';
  return shown
    .map(([value, ja, en]) => (language === 'ja' ? `${value}${ja}` : `${value} ${en}`))
    .join(language === 'ja' ? '' : ' ');
}
