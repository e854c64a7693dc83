import { formatTokyoTime } from '../email/alert-labels';
import { parseRawMail, rawHeaderBlock } from '../email/raw-mail-parser';
import { escapeHtml, renderHtmlDocument, safeHttpUrl } from './html';

export { parseRawMail } from '../email/raw-mail-parser';
export type { ParsedMail } from '../email/raw-mail-parser';

/** One caught message in the list. */
export interface MailboxListItem {
  id: string;
  receivedAt: Date;
  from: string;
  to: string[];
  subject: string;
}

/** One caught message with its parts, as shown on its own page. */
export interface MailboxMessage extends MailboxListItem {
  text: string | null;
  html: string | null;
  /** The RFC 822 message as kept, for its headers and the raw view. */
  raw: string;
}

/**
 * Why the page exists, on every page: someone trying Renkei must not believe a stakeholder was
 * mailed when the message only reached the embedded catcher.
 */
const EMBEDDED_EXPLANATION = `<div class="banner notice">
<p lang="en">Embedded mode: mail is not sent, it is kept here (set SMTP_URL to send).</p>
<p lang="ja" class="secondary">組み込みモード: メールは送信されず、ここに保存されます（送信するには SMTP_URL を設定してください）。</p>
</div>`;

const MAILBOX_STYLE = `
main{max-width:1000px}
.subject a{font-weight:600}
iframe{width:100%;height:70vh;border:1px solid #d9dce1;border-radius:6px;background:#fff}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fafafa;border:1px solid #e6e8eb;border-radius:6px;padding:12px;font-size:14px}
details{margin:8px 0}
@media (max-width:640px){.optional{display:none}}
`;

function messagePath(id: string): string {
  return `/mailbox/${encodeURIComponent(id)}`;
}

/** The catcher's inbox, newest first. */
export function renderMailboxList(messages: MailboxListItem[]): string {
  const sorted = [...messages].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime());
  const rows = sorted.map(
    (message) =>
      `<tr><td>${escapeHtml(formatTokyoTime(message.receivedAt))}</td>` +
      `<td class="optional">${escapeHtml(message.from)}</td>` +
      `<td>${escapeHtml(message.to.join(', '))}</td>` +
      `<td class="subject"><a href="${escapeHtml(messagePath(message.id))}">${escapeHtml(message.subject || '(no subject)')}</a></td></tr>`,
  );
  const table =
    rows.length > 0
      ? `<table>
<thead><tr><th scope="col">受信日時 / Received</th><th scope="col" class="optional">差出人 / From</th><th scope="col">宛先 / To</th><th scope="col">件名 / Subject</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`
      : '<p>メールはまだありません / No mail yet.</p>';
  const body = `<h1>メールボックス / Mailbox</h1>
${EMBEDDED_EXPLANATION}
<p>${escapeHtml(String(sorted.length))} 件 / message(s)</p>
${table}`;
  return renderHtmlDocument({ lang: 'en', title: 'Mailbox — Renkei', body, style: MAILBOX_STYLE });
}

/** Headers worth a row of their own: they are what threading and filtering depend on. */
const SHOWN_HEADERS = [
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'x-renkei-incident',
  'auto-submitted',
];

const URL_IN_TEXT = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/g;

/**
 * Escaped text with its http(s) URLs as links: in embedded mode the caught mail is how a trial user
 * reaches the acknowledgement page, so its link has to be clickable here.
 */
function linkifyText(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const index = match.index ?? 0;
    // Punctuation right after a URL ends the sentence, not the URL.
    const url = match[0].replace(/[.,;:!?)\]']+$/, '');
    html += escapeHtml(text.slice(last, index));
    const safe = safeHttpUrl(url);
    html += safe ? `<a href="${escapeHtml(safe)}" rel="noreferrer">${escapeHtml(url)}</a>` : escapeHtml(url);
    last = index + url.length;
  }
  return html + escapeHtml(text.slice(last));
}

/**
 * One caught message: its headers, the text part, and the HTML part in a sandboxed iframe (no
 * scripts, no same-origin access, no forms: the HTML is shown, never trusted).
 */
export function renderMailboxMessage(message: MailboxMessage): string {
  const parsed = parseRawMail(message.raw);
  const headerRows = [
    `<tr><th scope="row">受信日時 / Received</th><td>${escapeHtml(formatTokyoTime(message.receivedAt))}</td></tr>`,
    `<tr><th scope="row">差出人 / From</th><td>${escapeHtml(message.from)}</td></tr>`,
    `<tr><th scope="row">宛先 / To</th><td>${escapeHtml(message.to.join(', '))}</td></tr>`,
    `<tr><th scope="row">件名 / Subject</th><td>${escapeHtml(message.subject)}</td></tr>`,
    ...SHOWN_HEADERS.filter((name) => parsed.headers[name] !== undefined).map(
      (name) =>
        `<tr><th scope="row">${escapeHtml(name)}</th><td>${escapeHtml(parsed.headers[name])}</td></tr>`,
    ),
  ];
  const rawPath = `${messagePath(message.id)}/raw`;
  const text =
    message.text !== null
      ? `<h2>テキスト / Text part</h2>\n<pre>${linkifyText(message.text)}</pre>`
      : '<h2>テキスト / Text part</h2>\n<p>(none)</p>';
  const html =
    message.html !== null
      ? `<h2>HTML / HTML part</h2>\n<iframe sandbox srcdoc="${escapeHtml(message.html)}" title="HTML part" referrerpolicy="no-referrer"></iframe>`
      : '<h2>HTML / HTML part</h2>\n<p>(none)</p>';
  const body = `<p><a href="/mailbox">← メールボックス / Mailbox</a></p>
${EMBEDDED_EXPLANATION}
<h1>${escapeHtml(message.subject || '(no subject)')}</h1>
<table>
${headerRows.join('\n')}
</table>
<details><summary>すべてのヘッダー / All headers</summary>
<pre>${escapeHtml(rawHeaderBlock(message.raw))}</pre>
</details>
<p><a href="${escapeHtml(rawPath)}">元のメッセージ / Raw message</a></p>
${text}
${html}`;
  return renderHtmlDocument({
    lang: 'en',
    title: `${message.subject || '(no subject)'} — Mailbox — Renkei`,
    body,
    style: MAILBOX_STYLE,
  });
}
