import type { AlertPurpose as AlertPurposeEnum } from '../alerting.enums';
import {
  IncidentCategory,
  IncidentStatus,
  Severity,
  Tlp,
  TLP_LABEL,
} from '@renkei/incidents/incidents.enums';
import { escapeHtml, safeHttpUrl, textToHtml } from '../pages/html';
import {
  Bilingual,
  CATEGORY_LABEL,
  Locale,
  STATUS_LABEL,
  TLP_COLOUR,
  TLP_MEANING,
  formatTokyoTime,
  localeOrder,
  severityText,
  singleLine,
  truncateText,
} from './alert-labels';

/** Why the alert is sent; the same values as the `AlertPurpose` enum, usable as plain strings. */
export type AlertPurpose = `${AlertPurposeEnum}`;

export interface AlertEmailModel {
  purpose: AlertPurpose;
  /** The recipient's language: that part comes first, the other language follows. */
  locale: Locale;
  from: string;
  to: { name: string; address: string };
  /** Stable per alert, already bracketed, e.g. `<alert.<uuid>@renkei.example.jp>`. */
  messageId: string;
  /** The incident thread root, e.g. `<incident.<uuid>@renkei.example.jp>`; never sent itself. */
  threadId: string;
  recipient: { name: string; organisationName: string };
  incident: {
    reference: string;
    severity: Severity;
    status: IncidentStatus;
    tlp: Tlp;
    category: IncidentCategory;
    title: string;
    description: string;
    reportedAt: Date;
    components: { name: string }[];
    personalDataInvolved: boolean;
    url: string;
  };
  /** null when no acknowledgement is asked (UPDATE, RESOLVED, NOTICE). */
  acknowledgeUrl: string | null;
  /** Escalation step, 1-based. */
  step?: { number: number; of: number } | null;
  /**
   * Why this recipient hears of it now, e.g. 'XX社が未応答です' / 'XX has not acknowledged'. Shown for
   * every TLP, TLP:RED included: the caller writes it without incident details.
   */
  reason?: Bilingual | null;
  /** For UPDATE: what changed (severity raised SEV3→SEV1…). Shown for every TLP, like `reason`. */
  change?: Bilingual | null;
  /** Tabletop exercise: every subject starts with [訓練/DRILL] and the body says so at the top. */
  drill?: { title: string } | null;
  /** For NOTICE: a message about the channel itself (a webhook endpoint disabled after HTTP 410). */
  notice?: { subject: Bilingual; body: Bilingual } | null;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/** Descriptions are capped so that a pasted log cannot make a mail that relays refuse or clip. */
export const DESCRIPTION_MAX_LENGTH = 4000;
const SUBJECT_TITLE_MAX_LENGTH = 150;

export const DRILL_SUBJECT_PREFIX = '[訓練/DRILL]';
export const ACKNOWLEDGE_LABEL = '受領を確認する / Acknowledge';
export const RED_SUBJECT_PLACEHOLDER = '(詳細は Renkei で確認 / details in Renkei)';

/** The marker after the tags of the subject, in the recipient's language; none for a first alert. */
const PURPOSE_MARKER: Record<AlertPurpose, Bilingual | null> = {
  INITIAL: null,
  ESCALATION: { ja: '【エスカレーション】', en: '[Escalation] ' },
  REMINDER: { ja: '【再通知】', en: '[Reminder] ' },
  REESCALATION: { ja: '【再エスカレーション】', en: '[Re-escalation] ' },
  UPDATE: { ja: '【更新】', en: '[Update] ' },
  RESOLVED: { ja: '【解決】', en: '[Resolved] ' },
  ACKNOWLEDGED: { ja: '【受領確認】', en: '[Acknowledged] ' },
  NOTICE: { ja: '【お知らせ】', en: '[Notice] ' },
};

const PURPOSE_HEADING: Record<AlertPurpose, Bilingual> = {
  INITIAL: { ja: 'セキュリティインシデントの通知', en: 'Security incident alert' },
  ESCALATION: { ja: 'エスカレーション', en: 'Escalation' },
  REMINDER: { ja: '再通知: 受領が確認されていません', en: 'Reminder: not acknowledged yet' },
  REESCALATION: { ja: '再エスカレーション: 未解決が続いています', en: 'Re-escalation: still unresolved' },
  UPDATE: { ja: 'インシデントの更新', en: 'Incident update' },
  RESOLVED: { ja: 'インシデントの解決', en: 'Incident resolved' },
  ACKNOWLEDGED: { ja: '受領が確認されました', en: 'Incident acknowledged' },
  NOTICE: { ja: 'Renkei からのお知らせ', en: 'Notice from Renkei' },
};

const PURPOSE_INTRO: Record<AlertPurpose, Bilingual> = {
  INITIAL: {
    ja: 'あなたの組織に関係するセキュリティインシデントが報告されました。内容を確認してください。',
    en: 'A security incident that concerns your organisation has been reported. Please review it.',
  },
  ESCALATION: {
    ja: '先に通知した関係者が期限までに受領を確認しなかったため、このインシデントをあなたにエスカレーションします。',
    en: 'This incident is escalated to you because the parties alerted before you did not acknowledge it in time.',
  },
  REMINDER: {
    ja: 'このインシデントの受領がまだ確認されていません。内容を確認してください。',
    en: 'This incident has not been acknowledged yet. Please review it.',
  },
  REESCALATION: {
    ja: 'このインシデントは受領済みですが、長時間解決していないため再度エスカレーションします。',
    en: 'This incident was acknowledged but has stayed unresolved for too long, so it is escalated again.',
  },
  UPDATE: {
    ja: 'あなたの組織が関与しているインシデントが更新されました。',
    en: 'An incident your organisation is engaged in has been updated.',
  },
  RESOLVED: {
    ja: 'このインシデントは解決済みになりました。受領の確認は不要です。',
    en: 'This incident has been resolved. No acknowledgement is needed.',
  },
  ACKNOWLEDGED: {
    ja: 'このインシデントの受領が確認されました。',
    en: 'This incident has been acknowledged.',
  },
  NOTICE: { ja: '', en: '' },
};

const TEXT = {
  reference: { ja: '参照番号', en: 'Reference' },
  title: { ja: '件名', en: 'Title' },
  severity: { ja: '重大度', en: 'Severity' },
  status: { ja: '状況', en: 'Status' },
  category: { ja: '分類', en: 'Category' },
  reportedAt: { ja: '報告日時', en: 'Reported' },
  components: { ja: '影響を受けるコンポーネント', en: 'Affected components' },
  personalData: { ja: '個人情報の関与', en: 'Personal data involved' },
  personalDataYes: { ja: 'あり（可能性を含む）', en: 'yes (or possibly)' },
  personalDataNo: { ja: 'なし', en: 'no' },
  description: { ja: '詳細', en: 'Details' },
  step: { ja: 'エスカレーション段階', en: 'Escalation step' },
  reason: { ja: '理由', en: 'Reason' },
  change: { ja: '変更内容', en: 'What changed' },
  redWithheld: {
    ja: 'このインシデントは TLP:RED のため、件名・詳細・対象はメールに記載していません。Renkei で確認してください。',
    en: 'This incident is TLP:RED: its title, details and affected components are not in this email. Read them in Renkei.',
  },
  acknowledgeAsk: {
    ja: '内容を確認したら、次のリンクから受領を確認してください。',
    en: 'Once you have read this, please acknowledge it with this link.',
  },
  acknowledgeNote: {
    ja: 'リンクを開くと確認ページが表示されます。そのページのボタンを押すまで、受領は記録されません。',
    en: 'Opening the link shows a page; nothing is acknowledged until you press the button on that page.',
  },
  acknowledgeFallback: {
    ja: 'ボタンが表示されない場合は、次の URL を開いてください:',
    en: 'If the button does not work, open this address:',
  },
  openIncident: { ja: 'Renkei で開く', en: 'Open in Renkei' },
  footer: {
    ja: 'このメールは Renkei（連携）から自動送信されています。',
    en: 'This message was sent automatically by Renkei.',
  },
} satisfies Record<string, Bilingual>;

const SEPARATOR = '-'.repeat(64);

/**
 * Renders one alert email: subject, a text and an HTML part in both languages (the recipient's
 * first), and the headers that thread every mail about an incident together.
 *
 * TLP discipline lives here and not in the caller: for TLP:RED nothing but the reference, severity,
 * status, TLP and the links is written anywhere in the message, because mail is stored, forwarded and
 * indexed in places the platform cannot reach.
 */
export function renderAlertEmail(model: AlertEmailModel): RenderedEmail {
  const subject = renderSubject(model);
  const sections = localeOrder(model.locale).map((locale) => buildSection(model, locale));
  return {
    subject,
    text: renderText(sections),
    html: renderHtml(model, subject, sections),
    headers: {
      'Message-ID': model.messageId,
      // One thread per incident: every alert answers the (never sent) thread root.
      'In-Reply-To': model.threadId,
      References: model.threadId,
      'X-Renkei-Incident': model.incident.reference,
      // RFC 3834: no vacation replies or other auto-responders answering the alert.
      'Auto-Submitted': 'auto-generated',
      'X-Auto-Response-Suppress': 'All',
    },
  };
}

function isRed(model: AlertEmailModel): boolean {
  return model.incident.tlp === Tlp.RED;
}

function renderSubject(model: AlertEmailModel): string {
  const { incident } = model;
  const tags = `${model.drill ? DRILL_SUBJECT_PREFIX : ''}[Renkei][${incident.severity}][${TLP_LABEL[incident.tlp]}]`;
  const marker = PURPOSE_MARKER[model.purpose]?.[model.locale] ?? '';
  let tail: string;
  if (model.purpose === 'NOTICE' && model.notice) {
    tail = singleLine(model.notice.subject[model.locale]);
  } else if (isRed(model)) {
    tail = RED_SUBJECT_PLACEHOLDER;
  } else {
    tail = singleLine(truncateText(singleLine(incident.title), SUBJECT_TITLE_MAX_LENGTH));
  }
  return `${tags} ${marker}${singleLine(incident.reference)} ${tail}`.trim();
}

/** One language's content, rendered to text and to HTML by the same structure. */
interface Section {
  locale: Locale;
  drill: string | null;
  greeting: string;
  heading: string;
  tlpLabel: string;
  tlpMeaning: string;
  paragraphs: string[];
  facts: { label: string; value: string }[];
  description: { label: string; text: string } | null;
  acknowledge: { ask: string; url: string; note: string; fallback: string } | null;
  incidentLink: { label: string; url: string };
  footer: string;
}

function buildSection(model: AlertEmailModel, locale: Locale): Section {
  const { incident } = model;
  const red = isRed(model);
  const t = (text: Bilingual): string => text[locale];

  const paragraphs: string[] = [];
  const intro =
    model.purpose === 'NOTICE' && model.notice ? t(model.notice.body) : t(PURPOSE_INTRO[model.purpose]);
  if (intro) paragraphs.push(intro);
  if (model.step) {
    const step =
      locale === 'ja'
        ? `${model.step.number} / ${model.step.of}`
        : `${model.step.number} of ${model.step.of}`;
    paragraphs.push(`${t(TEXT.step)}: ${step}`);
  }
  if (model.reason) paragraphs.push(`${t(TEXT.reason)}: ${t(model.reason)}`);
  if (model.change) paragraphs.push(`${t(TEXT.change)}: ${t(model.change)}`);
  if (red) paragraphs.push(t(TEXT.redWithheld));

  const facts: Section['facts'] = [{ label: t(TEXT.reference), value: incident.reference }];
  if (!red) facts.push({ label: t(TEXT.title), value: incident.title });
  facts.push(
    { label: t(TEXT.severity), value: severityText(incident.severity, locale) },
    { label: t(TEXT.status), value: t(STATUS_LABEL[incident.status]) },
  );
  if (!red) {
    facts.push(
      { label: t(TEXT.category), value: t(CATEGORY_LABEL[incident.category]) },
      { label: t(TEXT.reportedAt), value: formatTokyoTime(incident.reportedAt) },
    );
    if (incident.components.length > 0) {
      facts.push({
        label: t(TEXT.components),
        value: incident.components.map((component) => component.name).join(locale === 'ja' ? '、' : ', '),
      });
    }
    facts.push({
      label: t(TEXT.personalData),
      value: t(incident.personalDataInvolved ? TEXT.personalDataYes : TEXT.personalDataNo),
    });
  }

  const showDescription = !red && model.purpose !== 'NOTICE' && incident.description.trim() !== '';
  return {
    locale,
    drill: model.drill ? drillLine(model.drill.title, locale) : null,
    greeting:
      locale === 'ja'
        ? `${model.recipient.organisationName} ${model.recipient.name} 様`
        : `Dear ${model.recipient.name} (${model.recipient.organisationName}),`,
    heading:
      model.purpose === 'NOTICE' && model.notice
        ? t(model.notice.subject)
        : t(PURPOSE_HEADING[model.purpose]),
    tlpLabel: TLP_LABEL[incident.tlp],
    tlpMeaning: t(TLP_MEANING[incident.tlp]),
    paragraphs,
    facts,
    description: showDescription
      ? {
          label: t(TEXT.description),
          text: truncateText(incident.description.trim(), DESCRIPTION_MAX_LENGTH),
        }
      : null,
    acknowledge: model.acknowledgeUrl
      ? {
          ask: t(TEXT.acknowledgeAsk),
          url: model.acknowledgeUrl,
          note: t(TEXT.acknowledgeNote),
          fallback: t(TEXT.acknowledgeFallback),
        }
      : null,
    incidentLink: { label: t(TEXT.openIncident), url: incident.url },
    footer: t(TEXT.footer),
  };
}

function drillLine(title: string, locale: Locale): string {
  return locale === 'ja'
    ? `【訓練】これは机上演習「${title}」のメッセージです。実際のインシデントではありません。`
    : `[DRILL] This message is part of the tabletop exercise "${title}". It is not a real incident.`;
}

function renderText(sections: Section[]): string {
  return `${sections.map(renderTextSection).join(`\n\n${SEPARATOR}\n\n`)}\n`;
}

function renderTextSection(section: Section): string {
  const blocks: string[] = [];
  if (section.drill) blocks.push(section.drill);
  blocks.push(section.greeting);
  blocks.push(`■ ${section.heading}\n${section.tlpLabel} — ${section.tlpMeaning}`);
  if (section.paragraphs.length > 0) blocks.push(section.paragraphs.join('\n'));
  if (section.acknowledge) {
    const { ask, url, note } = section.acknowledge;
    blocks.push(`${ask}\n${ACKNOWLEDGE_LABEL}: ${url}\n${note}`);
  }
  blocks.push(section.facts.map((fact) => `${fact.label}: ${fact.value}`).join('\n'));
  if (section.description) blocks.push(`${section.description.label}:\n${section.description.text}`);
  blocks.push(`${section.incidentLink.label}: ${section.incidentLink.url}`);
  // No "-- " signature delimiter: clients fold everything after it, the other language included.
  blocks.push(section.footer);
  return blocks.join('\n\n');
}

/** A link when the URL is http(s), its text otherwise (an odd URL is shown, never made clickable). */
function htmlLink(url: string, label: string, style: string): string {
  const safe = safeHttpUrl(url);
  return safe ? `<a href="${escapeHtml(safe)}" style="${style}">${escapeHtml(label)}</a>` : escapeHtml(label);
}

/** Inline styles (mail clients drop <style>); single quotes only, they sit in a double-quoted attribute. */
const STYLE = {
  body: 'margin:0;padding:0;background:#f4f5f7;',
  container:
    "max-width:640px;margin:0 auto;padding:16px;font-family:-apple-system,'Hiragino Sans','Noto Sans JP','Yu Gothic',Meiryo,Arial,sans-serif;font-size:15px;line-height:1.6;color:#1a1a1a;background:#ffffff;",
  drill:
    'margin:0 0 16px;padding:10px 12px;border:2px dashed #b7791f;background:#fff4d6;color:#7a4b00;font-weight:bold;',
  heading: 'margin:16px 0 8px;font-size:18px;line-height:1.3;',
  subheading: 'margin:16px 0 8px;font-size:16px;line-height:1.3;',
  tlpBox: 'margin:8px 0 16px;padding:8px 10px;border:1px solid #d9dce1;background:#fafafa;',
  tlpLabel:
    'display:inline-block;padding:2px 8px;background:#000000;font-family:Menlo,Consolas,monospace;font-weight:bold;',
  paragraph: 'margin:8px 0;',
  button:
    'display:inline-block;padding:12px 22px;background:#0b57d0;color:#ffffff;font-weight:bold;font-size:16px;text-decoration:none;border-radius:6px;',
  acknowledgeBox: 'margin:16px 0;padding:12px;border:1px solid #9bb8f0;background:#eef4ff;',
  small: 'margin:8px 0 0;font-size:13px;color:#444444;',
  table: 'border-collapse:collapse;width:100%;margin:12px 0;',
  th: 'text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e6e8eb;color:#444444;white-space:nowrap;',
  td: 'text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e6e8eb;',
  description:
    'margin:8px 0;padding:10px 12px;border-left:3px solid #d9dce1;background:#fafafa;overflow-wrap:anywhere;',
  link: 'color:#0b57d0;',
  footer: 'margin:16px 0 0;font-size:12px;color:#666666;',
  separator: 'border:0;border-top:1px solid #d9dce1;margin:24px 0;',
};

function renderHtml(model: AlertEmailModel, subject: string, sections: Section[]): string {
  const colour = TLP_COLOUR[model.incident.tlp];
  const body = sections
    .map((section) => renderHtmlSection(section, colour))
    .join(`\n<hr style="${STYLE.separator}">\n`);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(model.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="${STYLE.body}">
<div style="${STYLE.container}">
${body}
</div>
</body>
</html>
`;
}

function renderHtmlSection(section: Section, tlpColour: string): string {
  const parts: string[] = [];
  if (section.drill) parts.push(`<p style="${STYLE.drill}">${escapeHtml(section.drill)}</p>`);
  parts.push(`<p style="${STYLE.paragraph}">${escapeHtml(section.greeting)}</p>`);
  parts.push(`<h2 style="${STYLE.heading}">${escapeHtml(section.heading)}</h2>`);
  parts.push(
    `<p style="${STYLE.tlpBox}"><span style="${STYLE.tlpLabel}color:${tlpColour};">${escapeHtml(section.tlpLabel)}</span> ${escapeHtml(section.tlpMeaning)}</p>`,
  );
  for (const paragraph of section.paragraphs) {
    parts.push(`<p style="${STYLE.paragraph}">${textToHtml(paragraph)}</p>`);
  }
  if (section.acknowledge) {
    const { ask, url, note, fallback } = section.acknowledge;
    parts.push(
      `<div style="${STYLE.acknowledgeBox}">` +
        `<p style="${STYLE.paragraph}">${escapeHtml(ask)}</p>` +
        `<p style="${STYLE.paragraph}">${htmlLink(url, ACKNOWLEDGE_LABEL, STYLE.button)}</p>` +
        `<p style="${STYLE.small}">${escapeHtml(note)}</p>` +
        `<p style="${STYLE.small}">${escapeHtml(fallback)}<br>${htmlLink(url, url, STYLE.link)}</p>` +
        `</div>`,
    );
  }
  const rows = section.facts
    .map(
      (fact) =>
        `<tr><th style="${STYLE.th}">${escapeHtml(fact.label)}</th><td style="${STYLE.td}">${escapeHtml(fact.value)}</td></tr>`,
    )
    .join('\n');
  parts.push(`<table role="presentation" style="${STYLE.table}">\n${rows}\n</table>`);
  if (section.description) {
    parts.push(
      `<h3 style="${STYLE.subheading}">${escapeHtml(section.description.label)}</h3>` +
        `<div style="${STYLE.description}">${textToHtml(section.description.text)}</div>`,
    );
  }
  parts.push(
    `<p style="${STYLE.paragraph}">${escapeHtml(section.incidentLink.label)}: ${htmlLink(section.incidentLink.url, section.incidentLink.url, STYLE.link)}</p>`,
  );
  parts.push(`<p style="${STYLE.footer}">${escapeHtml(section.footer)}</p>`);
  return `<div lang="${escapeHtml(section.locale)}">\n${parts.join('\n')}\n</div>`;
}
