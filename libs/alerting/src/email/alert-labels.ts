import {
  IncidentCategory,
  IncidentStatus,
  Severity,
  Tlp,
  TLP_LABEL,
} from '@renkei/incidents/incidents.enums';

/**
 * Bilingual labels for what stakeholders read in alerts and on the acknowledgement page. They live
 * here rather than in the GraphQL layer because email and pages are read by people without an
 * account, in Japanese or in English, and must say the same thing in both.
 */
export interface Bilingual {
  ja: string;
  en: string;
}

export type Locale = 'ja' | 'en';

export const SEVERITY_LABEL: Record<Severity, Bilingual> = {
  [Severity.SEV1]: { ja: '致命的', en: 'Critical' },
  [Severity.SEV2]: { ja: '重大', en: 'Major' },
  [Severity.SEV3]: { ja: '中程度', en: 'Moderate' },
  [Severity.SEV4]: { ja: '軽微', en: 'Minor' },
};

export const STATUS_LABEL: Record<IncidentStatus, Bilingual> = {
  [IncidentStatus.NEW]: { ja: '新規', en: 'New' },
  [IncidentStatus.TRIAGED]: { ja: 'トリアージ済み', en: 'Triaged' },
  [IncidentStatus.RESPONDING]: { ja: '対応中', en: 'Responding' },
  [IncidentStatus.CONTAINED]: { ja: '封じ込め済み', en: 'Contained' },
  [IncidentStatus.RECOVERING]: { ja: '復旧中', en: 'Recovering' },
  [IncidentStatus.RESOLVED]: { ja: '解決済み', en: 'Resolved' },
  [IncidentStatus.CLOSED]: { ja: 'クローズ', en: 'Closed' },
};

export const CATEGORY_LABEL: Record<IncidentCategory, Bilingual> = {
  [IncidentCategory.UNAUTHORIZED_ACCESS]: { ja: '不正アクセス', en: 'Unauthorised access' },
  [IncidentCategory.MALWARE]: { ja: 'マルウェア感染', en: 'Malware' },
  [IncidentCategory.RANSOMWARE]: { ja: 'ランサムウェア', en: 'Ransomware' },
  [IncidentCategory.DATA_BREACH]: { ja: '情報漏えい', en: 'Data breach' },
  [IncidentCategory.DENIAL_OF_SERVICE]: { ja: 'サービス妨害（DoS）', en: 'Denial of service' },
  [IncidentCategory.DEVICE_COMPROMISE]: { ja: '機器の乗っ取り・改ざん', en: 'Device compromise' },
  [IncidentCategory.DATA_INTEGRITY]: { ja: 'データの改ざん・不整合', en: 'Data integrity' },
  [IncidentCategory.PHISHING]: { ja: 'フィッシング', en: 'Phishing' },
  [IncidentCategory.VULNERABILITY]: { ja: '脆弱性', en: 'Vulnerability' },
  [IncidentCategory.SERVICE_OUTAGE]: { ja: 'サービス停止', en: 'Service outage' },
  [IncidentCategory.SUPPLY_CHAIN]: { ja: 'サプライチェーン', en: 'Supply chain' },
  [IncidentCategory.OTHER]: { ja: 'その他', en: 'Other' },
};

/**
 * What each TLP 2.0 level allows the reader to do with the information. Shown next to the label
 * everywhere, because a label alone is not understood by every stakeholder (TLP is new to many).
 */
export const TLP_MEANING: Record<Tlp, Bilingual> = {
  [Tlp.RED]: {
    ja: '指名された者のみ。転送・共有しないでください',
    en: 'named recipients only; do not forward or share',
  },
  [Tlp.AMBER_STRICT]: { ja: '組織内のみ', en: 'your organisation only' },
  [Tlp.AMBER]: {
    ja: '組織内と必要な委託先のみ（知る必要がある範囲）',
    en: 'your organisation and its clients who need to know',
  },
  [Tlp.GREEN]: { ja: 'コミュニティ内（公開不可）', en: 'within the community, not public' },
  [Tlp.CLEAR]: { ja: '制限なし', en: 'no restriction on disclosure' },
};

/** Text colours of the TLP 2.0 labels, shown on a black background as FIRST specifies. */
export const TLP_COLOUR: Record<Tlp, string> = {
  [Tlp.RED]: '#FF2B2B',
  [Tlp.AMBER_STRICT]: '#FFC000',
  [Tlp.AMBER]: '#FFC000',
  [Tlp.GREEN]: '#33FF00',
  [Tlp.CLEAR]: '#FFFFFF',
};

export { TLP_LABEL };

/** `SEV1 致命的` / `SEV1 Critical`. */
export function severityText(severity: Severity, locale: Locale): string {
  return `${severity} ${SEVERITY_LABEL[severity][locale]}`;
}

const TOKYO_PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Tokyo',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/**
 * `2026-03-04 10:15 JST` in either language. Stakeholders sit in Japan whatever their language,
 * and one unambiguous numeric form avoids month/day confusion between the two texts.
 */
export function formatTokyoTime(date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return '—';
  const parts = TOKYO_PARTS.formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): string =>
    parts.find((candidate) => candidate.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')} JST`;
}

/** The recipient's language first, then the other: the order of every bilingual text. */
export function localeOrder(locale: Locale): [Locale, Locale] {
  return locale === 'ja' ? ['ja', 'en'] : ['en', 'ja'];
}

/** Caps free text by code points (never splitting a surrogate pair), ending with an ellipsis. */
export function truncateText(text: string, maxCodePoints: number): string {
  const codePoints = Array.from(text);
  if (codePoints.length <= maxCodePoints) return text;
  return `${codePoints.slice(0, maxCodePoints).join('').trimEnd()}…`;
}

/** One line of text for a header or a heading: control characters and line breaks become spaces. */
export function singleLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}
