/**
 * HTML helpers shared by the alert email and the server-rendered pages. Everything these pages show
 * comes from people outside the operator's control (incident titles, organisation names, notes typed
 * on a phone), so every value goes through {@link escapeHtml}: one function, used everywhere, safe
 * in element content and in quoted attribute values alike.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes a value for HTML element content and for a double- or single-quoted attribute. */
export function escapeHtml(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[&<>"'`]/g, (character) => HTML_ESCAPES[character]);
}

/**
 * An absolute http(s) URL, or null. Links are built by Renkei itself, but a value that is not
 * http(s) (`javascript:`, `data:`) must never become an href, whatever produced it.
 */
export function safeHttpUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? url : null;
  } catch {
    return null;
  }
}

/** Plain text to HTML: escaped, with its line breaks kept as `<br>` (email clients ignore pre-wrap). */
export function textToHtml(text: string): string {
  return escapeHtml(text).replace(/\r\n|\r|\n/g, '<br>\n');
}

export interface HtmlDocument {
  lang: 'ja' | 'en';
  title: string;
  /** Already-escaped markup for the `<body>`. */
  body: string;
  /** Extra CSS appended to the base stylesheet (inline `<style>`: the pages load no assets). */
  style?: string;
}

/** Base stylesheet of the pages: readable on a phone, no web fonts, no external assets. */
const BASE_STYLE = `
*{box-sizing:border-box}
body{margin:0;padding:16px;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP","Yu Gothic",Meiryo,sans-serif;font-size:16px;line-height:1.6;color:#1a1a1a;background:#f4f5f7}
main{max-width:720px;margin:0 auto;background:#fff;border:1px solid #d9dce1;border-radius:8px;padding:20px}
h1{font-size:1.35em;line-height:1.3;margin:0 0 12px}
h2{font-size:1.1em;margin:24px 0 8px}
p{margin:8px 0}
.secondary{color:#555}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid #e6e8eb;overflow-wrap:anywhere}
th{white-space:nowrap;color:#444;font-weight:600}
.banner{padding:10px 12px;border-radius:6px;margin:0 0 16px;font-weight:600}
.drill{background:#fff4d6;border:2px dashed #b7791f;color:#7a4b00}
.notice{background:#eef4ff;border:1px solid #9bb8f0}
.ok{background:#e9f8ee;border:1px solid #7cc596}
.warn{background:#fff1f0;border:1px solid #f0a29b}
.tlp{display:inline-block;background:#000;padding:2px 8px;border-radius:4px;font-weight:700;font-family:ui-monospace,Menlo,Consolas,monospace}
.tlp-RED{color:#ff2b2b}.tlp-AMBER_STRICT,.tlp-AMBER{color:#ffc000}.tlp-GREEN{color:#33ff00}.tlp-CLEAR{color:#fff}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:480px){body{padding:0}main{border-radius:0;border-left:0;border-right:0;padding:16px}th{white-space:normal}}
`;

/**
 * A complete HTML document: UTF-8, mobile viewport, no indexing (the URLs carry tokens or mail that
 * is not public) and no referrer (so a token in the URL never leaks to another site).
 */
export function renderHtmlDocument(document: HtmlDocument): string {
  return `<!DOCTYPE html>
<html lang="${escapeHtml(document.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(document.title)}</title>
<style>${BASE_STYLE}${document.style ?? ''}</style>
</head>
<body>
<main>
${document.body}
</main>
</body>
</html>
`;
}
