import { escapeHtml, safeHttpUrl } from '@renkei/alerting/pages/html';
import { formatTokyoTime } from '@renkei/alerting/email/alert-labels';
import { IncidentStatus } from '@renkei/incidents/incidents.enums';
import { renderRestrictedMarkdown, restrictedMarkdownToText } from './restricted-markdown';

/**
 * The public status page (GET /status, /status.json, /status/feed.atom): what residents are told.
 * Built only from published statements on TLP:CLEAR incidents and the city's inquiry contacts; the
 * model below is all these renderers ever see, so nothing else can leak into them.
 */
export type Language = 'ja' | 'en';

/** What residents are told about an incident's progress (coarser than the internal lifecycle). */
export enum PublicIncidentStatus {
  INVESTIGATING = 'INVESTIGATING',
  RESPONDING = 'RESPONDING',
  RECOVERING = 'RECOVERING',
  RESOLVED = 'RESOLVED',
}

export function publicStatusOf(status: IncidentStatus): PublicIncidentStatus {
  switch (status) {
    case IncidentStatus.NEW:
    case IncidentStatus.TRIAGED:
      return PublicIncidentStatus.INVESTIGATING;
    case IncidentStatus.RESPONDING:
    case IncidentStatus.CONTAINED:
      return PublicIncidentStatus.RESPONDING;
    case IncidentStatus.RECOVERING:
      return PublicIncidentStatus.RECOVERING;
    case IncidentStatus.RESOLVED:
    case IncidentStatus.CLOSED:
      return PublicIncidentStatus.RESOLVED;
  }
}

export const PUBLIC_STATUS_LABEL: Record<PublicIncidentStatus, { ja: string; en: string }> = {
  [PublicIncidentStatus.INVESTIGATING]: { ja: '調査中', en: 'Investigating' },
  [PublicIncidentStatus.RESPONDING]: { ja: '対応中', en: 'Responding' },
  [PublicIncidentStatus.RECOVERING]: { ja: '復旧作業中', en: 'Recovering' },
  [PublicIncidentStatus.RESOLVED]: { ja: '解決済み', en: 'Resolved' },
};

export interface PublicStatementView {
  id: string;
  incidentReference: string;
  incidentStatus: PublicIncidentStatus;
  publishedAt: Date;
  title: { ja: string; en: string };
  body: { ja: string; en: string };
}

export interface PublicInquiryContactView {
  name: { ja: string; en: string };
  phone: string | null;
  email: string | null;
  url: string | null;
  hours: { ja: string; en: string };
}

export interface PublicStatusModel {
  baseUrl: string;
  generatedAt: Date;
  statements: PublicStatementView[];
  contacts: PublicInquiryContactView[];
}

const TEXT = {
  title: { ja: 'インシデントに関するお知らせ', en: 'Incident notices' },
  lead: {
    ja: 'スマートシティのサービスで発生したセキュリティインシデントについて、市からのお知らせを掲載しています。',
    en: 'Notices from the city about security incidents affecting its smart-city services.',
  },
  none: { ja: '現在お知らせはありません。', en: 'There are no notices at the moment.' },
  status: { ja: '状況', en: 'Status' },
  published: { ja: '掲載日時', en: 'Published' },
  reference: { ja: '管理番号', en: 'Reference' },
  contacts: { ja: 'お問い合わせ窓口', en: 'Inquiries' },
  noContacts: { ja: 'お問い合わせ窓口は準備中です。', en: 'Inquiry contacts will be published here.' },
  phone: { ja: '電話', en: 'Phone' },
  email: { ja: 'メール', en: 'Email' },
  web: { ja: 'ウェブ', en: 'Web' },
  hours: { ja: '受付時間', en: 'Hours' },
  other: { ja: 'English', en: '日本語' },
  feed: { ja: 'Atomフィード', en: 'Atom feed' },
};

/** A bilingual text in the reader's language, falling back to Japanese (authoritative). */
function pick(text: { ja: string; en: string }, language: Language): string {
  return language === 'en' && text.en.trim() ? text.en : text.ja;
}

// ---- HTML ----

export const STATUS_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

const STYLE = `
*{box-sizing:border-box}
body{margin:0;padding:16px;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP","Yu Gothic",Meiryo,sans-serif;font-size:16px;line-height:1.7;color:#1a1a1a;background:#f4f5f7}
main{max-width:760px;margin:0 auto}
header,article,aside{background:#fff;border:1px solid #d9dce1;border-radius:8px;padding:16px 20px;margin:0 0 16px}
h1{font-size:1.4em;margin:0 0 8px}h2{font-size:1.15em;margin:0 0 8px}
.meta{color:#555;font-size:.9em;margin:0 0 8px}
.status{display:inline-block;padding:0 8px;border-radius:4px;background:#eef4ff;border:1px solid #9bb8f0;font-weight:600}
.status-RESOLVED{background:#e9f8ee;border-color:#7cc596}
nav{text-align:right;font-size:.9em}
dl{margin:0}dt{font-weight:600;margin-top:8px}dd{margin:0}
a{color:#0b57d0}
`;

export function renderStatusPage(model: PublicStatusModel, language: Language): string {
  const other: Language = language === 'ja' ? 'en' : 'ja';
  const articles = model.statements
    .map((s) => {
      const status = PUBLIC_STATUS_LABEL[s.incidentStatus][language];
      return `<article id="s-${escapeHtml(s.id)}">
<h2>${escapeHtml(pick(s.title, language))}</h2>
<p class="meta"><span class="status status-${s.incidentStatus}">${escapeHtml(TEXT.status[language])}: ${escapeHtml(status)}</span>
 ${escapeHtml(TEXT.published[language])}: <time datetime="${s.publishedAt.toISOString()}">${escapeHtml(formatTokyoTime(s.publishedAt))}</time>
 · ${escapeHtml(TEXT.reference[language])}: ${escapeHtml(s.incidentReference)}</p>
${renderRestrictedMarkdown(pick(s.body, language))}
</article>`;
    })
    .join('\n');
  const contacts = model.contacts
    .map((c) => {
      const url = safeHttpUrl(c.url);
      const rows = [
        c.phone
          ? `<dt>${TEXT.phone[language]}</dt><dd><a href="tel:${escapeHtml(c.phone.replace(/[^0-9+]/g, ''))}">${escapeHtml(c.phone)}</a></dd>`
          : '',
        c.email
          ? `<dt>${TEXT.email[language]}</dt><dd><a href="mailto:${escapeHtml(c.email)}">${escapeHtml(c.email)}</a></dd>`
          : '',
        url
          ? `<dt>${TEXT.web[language]}</dt><dd><a href="${escapeHtml(url)}" rel="noopener noreferrer">${escapeHtml(url)}</a></dd>`
          : '',
        pick(c.hours, language).trim()
          ? `<dt>${TEXT.hours[language]}</dt><dd>${escapeHtml(pick(c.hours, language))}</dd>`
          : '',
      ].join('');
      return `<section><h3>${escapeHtml(pick(c.name, language))}</h3><dl>${rows}</dl></section>`;
    })
    .join('\n');
  return `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(TEXT.title[language])}</title>
<link rel="alternate" type="application/atom+xml" href="${escapeHtml(`${model.baseUrl}/status/feed.atom${language === 'en' ? '?lang=en' : ''}`)}" title="${escapeHtml(TEXT.feed[language])}">
<style>${STYLE}</style>
</head>
<body>
<main>
<nav><a href="/status${other === 'en' ? '?lang=en' : ''}" hreflang="${other}" lang="${other}">${TEXT.other[language]}</a> · <a href="/status/feed.atom${language === 'en' ? '?lang=en' : ''}">${TEXT.feed[language]}</a></nav>
<header><h1>${escapeHtml(TEXT.title[language])}</h1><p>${escapeHtml(TEXT.lead[language])}</p></header>
${articles || `<article><p>${escapeHtml(TEXT.none[language])}</p></article>`}
<aside id="inquiries"><h2>${escapeHtml(TEXT.contacts[language])}</h2>
${contacts || `<p>${escapeHtml(TEXT.noContacts[language])}</p>`}
</aside>
</main>
</body>
</html>
`;
}

// ---- Atom 1.0 (RFC 4287) ----

/** Characters XML 1.0 does not allow at all (control characters, lone surrogates, U+FFFE/FFFF). */
// eslint-disable-next-line no-control-regex -- the point is to match the control characters XML forbids
const XML_INVALID = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(value: string): string {
  return value.replace(XML_INVALID, '').replace(/[&<>"']/g, (character) => {
    switch (character) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

export function renderAtomFeed(model: PublicStatusModel, language: Language): string {
  const suffix = language === 'en' ? '?lang=en' : '';
  const updated = model.statements.reduce<Date | null>(
    (latest, s) => (!latest || s.publishedAt > latest ? s.publishedAt : latest),
    null,
  );
  const entries = model.statements
    .map((s) => {
      const status = PUBLIC_STATUS_LABEL[s.incidentStatus][language];
      const html = `<p>${escapeHtml(`${TEXT.status[language]}: ${status} · ${TEXT.reference[language]}: ${s.incidentReference}`)}</p>\n${renderRestrictedMarkdown(pick(s.body, language))}`;
      return `  <entry>
    <id>urn:uuid:${escapeXml(s.id)}</id>
    <title type="text">${escapeXml(pick(s.title, language))}</title>
    <updated>${s.publishedAt.toISOString()}</updated>
    <published>${s.publishedAt.toISOString()}</published>
    <link rel="alternate" type="text/html" href="${escapeXml(`${model.baseUrl}/status${suffix}#s-${s.id}`)}"/>
    <category term="${s.incidentStatus}" label="${escapeXml(status)}"/>
    <summary type="text">${escapeXml(restrictedMarkdownToText(pick(s.body, language)).slice(0, 280))}</summary>
    <content type="html">${escapeXml(html)}</content>
  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${language}">
  <id>${escapeXml(`${model.baseUrl}/status/feed.atom${suffix}`)}</id>
  <title type="text">${escapeXml(TEXT.title[language])}</title>
  <updated>${(updated ?? model.generatedAt).toISOString()}</updated>
  <author><name>${escapeXml(TEXT.title[language])}</name></author>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${model.baseUrl}/status/feed.atom${suffix}`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${model.baseUrl}/status${suffix}`)}"/>
${entries}
</feed>
`;
}

// ---- JSON ----

export function statusJson(model: PublicStatusModel): Record<string, unknown> {
  return {
    generatedAt: model.generatedAt.toISOString(),
    statements: model.statements.map((s) => ({
      id: s.id,
      url: `${model.baseUrl}/status#s-${s.id}`,
      publishedAt: s.publishedAt.toISOString(),
      incident: {
        reference: s.incidentReference,
        status: s.incidentStatus,
        statusLabel: PUBLIC_STATUS_LABEL[s.incidentStatus],
      },
      title: s.title,
      body: s.body,
      html: { ja: renderRestrictedMarkdown(s.body.ja), en: renderRestrictedMarkdown(s.body.en) },
    })),
    inquiryContacts: model.contacts,
  };
}
