import { IncidentStatus, Severity, Tlp, TLP_LABEL } from '@renkei/incidents/incidents.enums';
import {
  Bilingual,
  Locale,
  STATUS_LABEL,
  TLP_MEANING,
  formatTokyoTime,
  SEVERITY_LABEL,
  localeOrder,
} from '../email/alert-labels';
import { escapeHtml, renderHtmlDocument } from './html';

export { escapeHtml } from './html';

/**
 * Content-Security-Policy for the acknowledgement and mailbox pages: no scripts, no external
 * anything, inline styles only, the form posts only to us and the page cannot be framed (a framed
 * acknowledge button could be clickjacked).
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

export const ACKNOWLEDGE_BUTTON_LABEL = '受領を確認する / Acknowledge';
export const NAME_MAX_LENGTH = 200;
export const NOTE_MAX_LENGTH = 2000;

export interface AckPageModel {
  locale: Locale;
  /** The signed acknowledgement token, posted back with the form. */
  token: string;
  postUrl: string;
  recipient: { name: string; organisationName: string };
  incident: {
    reference: string;
    severity: Severity;
    status: IncidentStatus;
    tlp: Tlp;
    /** null when the TLP hides it. */
    title: string | null;
    summary: string | null;
    reportedAt: Date;
    components: string[] | null;
  };
  /** Who else is engaged, so a recipient sees at a glance whether others are already on it. */
  engaged: { organisationName: string; acknowledgedAt: Date | null; acknowledgedBy: string | null }[];
  drill?: { title: string } | null;
  /** A tabletop exercise's inject: where a player posts its decisions and actions (see drillResponseForm). */
  drillResponseUrl?: string | null;
}

const RESPONSE_LABEL = {
  heading: { ja: '訓練への対応を記録する', en: 'Record your response to the exercise' },
  intro: {
    ja: '判断した内容や実施した対応を記録すると、ファシリテーターと評価者に届きます。',
    en: 'Record what you decided or did; the facilitators and evaluators see it live.',
  },
  kind: { ja: '種類', en: 'Kind' },
  decision: { ja: '判断', en: 'Decision' },
  action: { ja: '実施した対応', en: 'Action taken' },
  text: { ja: '内容', en: 'What' },
  name: { ja: 'お名前（任意）', en: 'Your name (optional)' },
  submit: { ja: '対応を記録する / Record the response', en: 'Record the response / 対応を記録する' },
};

/** The form a player uses, from the alert's link, to post a response to a drill's inject. */
export function drillResponseForm(url: string, locale: Locale): string {
  const label = (text: Bilingual) => escapeHtml(both(text, locale));
  return `<h2>${label(RESPONSE_LABEL.heading)}</h2>
${paragraphs(RESPONSE_LABEL.intro, locale)}
<form method="post" action="${escapeHtml(url)}">
<p><label for="drill-kind">${label(RESPONSE_LABEL.kind)}</label><br>
<select id="drill-kind" name="kind"><option value="DECISION">${label(RESPONSE_LABEL.decision)}</option><option value="ACTION">${label(RESPONSE_LABEL.action)}</option></select></p>
<p><label for="drill-text">${label(RESPONSE_LABEL.text)}</label><br>
<textarea id="drill-text" name="text" maxlength="5000" rows="4" required></textarea></p>
<p><label for="drill-name">${label(RESPONSE_LABEL.name)}</label><br>
<input id="drill-name" type="text" name="name" maxlength="${NAME_MAX_LENGTH}" autocomplete="name"></p>
<p><button type="submit">${escapeHtml(RESPONSE_LABEL.submit[locale])}</button></p>
</form>`;
}

export type AckResult =
  | { kind: 'acknowledged'; reference: string; at: Date; by: string }
  | { kind: 'already'; reference: string; at: Date; by: string }
  | { kind: 'expired' }
  | { kind: 'invalid' }
  | { kind: 'closed'; reference: string };

const LABEL = {
  pageTitle: { ja: 'インシデントの受領確認', en: 'Acknowledge an incident' },
  notYet: {
    ja: 'まだ受領は確認されていません。内容を確認し、下のボタンを押すと受領が記録されます。',
    en: 'Nothing has been acknowledged yet. Review the incident, then press the button below to record your acknowledgement.',
  },
  recipient: { ja: '宛先', en: 'Recipient' },
  incident: { ja: 'インシデント', en: 'Incident' },
  reference: { ja: '参照番号', en: 'Reference' },
  title: { ja: '件名', en: 'Title' },
  severity: { ja: '重大度', en: 'Severity' },
  status: { ja: '状況', en: 'Status' },
  tlp: { ja: 'TLP', en: 'TLP' },
  reportedAt: { ja: '報告日時', en: 'Reported' },
  components: { ja: '影響を受けるコンポーネント', en: 'Affected components' },
  summary: { ja: '概要', en: 'Summary' },
  withheld: {
    ja: 'TLP により、詳細はこのページに表示していません。Renkei にログインして確認してください。',
    en: 'The TLP of this incident keeps its details off this page. Sign in to Renkei to read them.',
  },
  engaged: { ja: '関与している組織', en: 'Organisations engaged' },
  organisation: { ja: '組織', en: 'Organisation' },
  acknowledgement: { ja: '受領確認', en: 'Acknowledgement' },
  notAcknowledged: { ja: '未確認', en: 'not yet acknowledged' },
  nobodyElse: { ja: '他に関与している組織はまだありません。', en: 'No other organisation is engaged yet.' },
  formHeading: { ja: '受領を確認する', en: 'Acknowledge' },
  name: { ja: 'お名前（任意）', en: 'Your name (optional)' },
  note: { ja: 'メモ（任意。CSIRT に伝えたいこと）', en: 'Note (optional, for the CSIRT)' },
} satisfies Record<string, Bilingual>;

/** `日本語 / English` in the reader's order. */
function both(text: Bilingual, locale: Locale): string {
  const [first, second] = localeOrder(locale);
  return `${text[first]} / ${text[second]}`;
}

/** Two paragraphs, the reader's language first, each marked with its lang for screen readers. */
function paragraphs(text: Bilingual, locale: Locale, className?: string): string {
  const [first, second] = localeOrder(locale);
  const cls = className ? ` class="${escapeHtml(className)}"` : '';
  return (
    `<p lang="${first}"${cls}>${escapeHtml(text[first])}</p>\n` +
    `<p lang="${second}" class="secondary">${escapeHtml(text[second])}</p>`
  );
}

function drillBanner(drill: { title: string } | null | undefined, locale: Locale): string {
  if (!drill) return '';
  const text: Bilingual = {
    ja: `【訓練】机上演習「${drill.title}」です。実際のインシデントではありません。`,
    en: `[DRILL] Tabletop exercise "${drill.title}". This is not a real incident.`,
  };
  const [first, second] = localeOrder(locale);
  return `<div class="banner drill"><p lang="${first}">${escapeHtml(text[first])}</p><p lang="${second}">${escapeHtml(text[second])}</p></div>`;
}

function row(label: string, valueHtml: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${valueHtml}</td></tr>`;
}

/**
 * The page behind the link in an alert email. Opening it changes nothing (mail scanners and link
 * previews open every link); only the POST of its form acknowledges.
 */
export function renderAckLandingPage(model: AckPageModel): string {
  const { incident, locale } = model;
  const withheld = incident.title === null || incident.summary === null || incident.components === null;

  const facts = [
    row(both(LABEL.reference, locale), escapeHtml(incident.reference)),
    incident.title !== null ? row(both(LABEL.title, locale), escapeHtml(incident.title)) : '',
    row(
      both(LABEL.severity, locale),
      escapeHtml(`${incident.severity} ${both(SEVERITY_LABEL[incident.severity], locale)}`),
    ),
    row(both(LABEL.status, locale), escapeHtml(both(STATUS_LABEL[incident.status], locale))),
    row(
      'TLP',
      `<span class="tlp tlp-${escapeHtml(incident.tlp)}">${escapeHtml(TLP_LABEL[incident.tlp])}</span> ${escapeHtml(both(TLP_MEANING[incident.tlp], locale))}`,
    ),
    row(both(LABEL.reportedAt, locale), escapeHtml(formatTokyoTime(incident.reportedAt))),
    incident.components !== null && incident.components.length > 0
      ? row(both(LABEL.components, locale), incident.components.map(escapeHtml).join('<br>'))
      : '',
  ].filter((line) => line !== '');

  const summary =
    incident.summary !== null && incident.summary.trim() !== ''
      ? `<h2>${escapeHtml(both(LABEL.summary, locale))}</h2>\n<div class="pre">${escapeHtml(incident.summary)}</div>`
      : '';

  const engagedRows = model.engaged.map((party) => {
    const acknowledgement =
      party.acknowledgedAt !== null
        ? `${escapeHtml(formatTokyoTime(party.acknowledgedAt))}${party.acknowledgedBy ? `<br>${escapeHtml(party.acknowledgedBy)}` : ''}`
        : escapeHtml(both(LABEL.notAcknowledged, locale));
    return `<tr><td>${escapeHtml(party.organisationName)}</td><td>${acknowledgement}</td></tr>`;
  });
  const engaged =
    engagedRows.length > 0
      ? `<table>\n<thead><tr><th scope="col">${escapeHtml(both(LABEL.organisation, locale))}</th><th scope="col">${escapeHtml(both(LABEL.acknowledgement, locale))}</th></tr></thead>\n<tbody>\n${engagedRows.join('\n')}\n</tbody>\n</table>`
      : `<p>${escapeHtml(both(LABEL.nobodyElse, locale))}</p>`;

  const body = `${drillBanner(model.drill, locale)}
<h1>${escapeHtml(both(LABEL.pageTitle, locale))}</h1>
<div class="banner notice">
${paragraphs(LABEL.notYet, locale)}
</div>
<p>${escapeHtml(both(LABEL.recipient, locale))}: ${escapeHtml(`${model.recipient.name} (${model.recipient.organisationName})`)}</p>
<h2>${escapeHtml(both(LABEL.incident, locale))}</h2>
<table>
${facts.join('\n')}
</table>
${withheld ? paragraphs(LABEL.withheld, locale) : ''}
${summary}
<h2>${escapeHtml(both(LABEL.engaged, locale))}</h2>
${engaged}
<h2>${escapeHtml(both(LABEL.formHeading, locale))}</h2>
<form method="post" action="${escapeHtml(model.postUrl)}">
<input type="hidden" name="token" value="${escapeHtml(model.token)}">
<p><label for="ack-name">${escapeHtml(both(LABEL.name, locale))}</label><br>
<input id="ack-name" type="text" name="name" maxlength="${NAME_MAX_LENGTH}" autocomplete="name"></p>
<p><label for="ack-note">${escapeHtml(both(LABEL.note, locale))}</label><br>
<textarea id="ack-note" name="note" maxlength="${NOTE_MAX_LENGTH}" rows="4"></textarea></p>
<p><button type="submit">${escapeHtml(ACKNOWLEDGE_BUTTON_LABEL)}</button></p>
</form>
${model.drillResponseUrl ? drillResponseForm(model.drillResponseUrl, locale) : ''}`;

  return renderHtmlDocument({
    lang: locale,
    title: `${incident.reference} — ${both(LABEL.pageTitle, locale)}`,
    body,
    style: ACK_STYLE,
  });
}

const ACK_STYLE = `
input[type=text],textarea{width:100%;font:inherit;padding:8px;border:1px solid #b9bec7;border-radius:6px}
button{font:inherit;font-weight:700;font-size:1.05em;color:#fff;background:#0b57d0;border:0;border-radius:6px;padding:12px 22px;cursor:pointer;width:100%;max-width:360px}
button:focus,input:focus,textarea:focus{outline:3px solid #9bb8f0;outline-offset:1px}
`;

interface ResultText {
  status: number;
  className: 'ok' | 'notice' | 'warn';
  heading: Bilingual;
  message: Bilingual;
}

function resultText(result: AckResult): ResultText {
  switch (result.kind) {
    case 'acknowledged': {
      const at = formatTokyoTime(result.at);
      const by = result.by.trim() || '—';
      return {
        status: 200,
        className: 'ok',
        heading: { ja: '受領を記録しました', en: 'Acknowledgement recorded' },
        message: {
          ja: `${result.reference} の受領を ${at} に記録しました（${by}）。この通知のエスカレーションは止まります。ありがとうございました。`,
          en: `Your acknowledgement of ${result.reference} was recorded at ${at} (${by}). Escalation of this alert stops. Thank you.`,
        },
      };
    }
    case 'already': {
      const at = formatTokyoTime(result.at);
      const by = result.by.trim() || '—';
      return {
        status: 409,
        className: 'notice',
        heading: { ja: 'すでに受領済みです', en: 'Already acknowledged' },
        message: {
          ja: `${result.reference} は ${at} に受領が確認されています（${by}）。何も変更していません。`,
          en: `${result.reference} was already acknowledged at ${at} (${by}). Nothing was changed.`,
        },
      };
    }
    case 'expired':
      return {
        status: 410,
        className: 'warn',
        heading: { ja: 'リンクの有効期限が切れています', en: 'This link has expired' },
        message: {
          ja: '受領は記録されていません。新しいリンクをインシデント対応の窓口（CSIRT）に依頼してください。',
          en: 'Nothing was acknowledged. Ask the CSIRT coordinating the incident for a new link.',
        },
      };
    case 'invalid':
      return {
        status: 400,
        className: 'warn',
        heading: { ja: 'リンクが正しくありません', en: 'This link is not valid' },
        message: {
          ja: '受領は記録されていません。メールのリンクを途中で切れないよう全体を開くか、CSIRT に新しいリンクを依頼してください。',
          en: 'Nothing was acknowledged. Open the whole link from the email (it may have been cut), or ask the CSIRT for a new link.',
        },
      };
    case 'closed':
      return {
        status: 409,
        className: 'notice',
        heading: { ja: 'このインシデントは解決済みです', en: 'This incident is resolved' },
        message: {
          ja: `${result.reference} はすでに解決済みのため、受領の確認は不要です。何も記録していません。`,
          en: `${result.reference} has been resolved, so there is nothing to acknowledge. Nothing was recorded.`,
        },
      };
  }
}

/**
 * The page answering the form's POST (or a link that cannot be used). The HTTP status says the
 * same as the page, for monitoring and for the integration tests: 200 acknowledged, 409 already
 * acknowledged or resolved, 410 expired, 400 invalid.
 */
export function renderAckResultPage(
  result: AckResult,
  locale: Locale = 'ja',
  /** A drill's response form, shown under an acknowledgement. */
  drillResponseUrl: string | null = null,
): { status: number; html: string } {
  const text = resultText(result);
  const body = `<h1>${escapeHtml(both(text.heading, locale))}</h1>
<div class="banner ${text.className}">
${paragraphs(text.message, locale)}
</div>
${drillResponseUrl ? drillResponseForm(drillResponseUrl, locale) : ''}`;
  return {
    status: text.status,
    html: renderHtmlDocument({
      lang: locale,
      title: `${both(text.heading, locale)} — Renkei`,
      body,
      ...(drillResponseUrl ? { style: ACK_STYLE } : {}),
    }),
  };
}
