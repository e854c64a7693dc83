import { escapeHtml } from '@renkei/alerting/pages/html';

/**
 * The little Markdown a statement to residents may use, rendered to safe HTML: paragraphs (blank
 * lines), line breaks, bullet lists (`- ` or `* `), **bold** and [links](https://…) to http(s) or
 * mailto: addresses. Everything else is text: it is escaped, so no markup, script or other scheme
 * can come through, whoever wrote it.
 */

const INLINE =
  /\[([^\]\n]{1,300})\]\(((?:https?:\/\/|mailto:)[^\s()<>"']{1,2000})\)|\*\*([^*\n]{1,1000})\*\*/g;

function safeLink(url: string): string | null {
  try {
    const parsed = new URL(url);
    return ['http:', 'https:', 'mailto:'].includes(parsed.protocol) ? parsed.href : null;
  } catch {
    return null;
  }
}

function inline(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index ?? 0;
    html += escapeHtml(text.slice(last, index));
    if (match[3] !== undefined) {
      html += `<strong>${escapeHtml(match[3])}</strong>`;
    } else {
      const href = safeLink(match[2]);
      html += href
        ? `<a href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${escapeHtml(match[1])}</a>`
        : escapeHtml(match[0]);
    }
    last = index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

const BULLET = /^\s*[-*]\s+/;

export function renderRestrictedMarkdown(source: string): string {
  const blocks = source
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((block) => block.replace(/^\n+|\n+$/g, ''))
    .filter((block) => block.trim() !== '');
  return blocks
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((line) => BULLET.test(line))) {
        return `<ul>${lines.map((line) => `<li>${inline(line.replace(BULLET, ''))}</li>`).join('')}</ul>`;
      }
      return `<p>${lines.map((line) => inline(line.trimEnd())).join('<br>')}</p>`;
    })
    .join('\n');
}

/** The same text without its markup (for plain-text readers): link targets kept in parentheses. */
export function restrictedMarkdownToText(source: string): string {
  return source
    .replace(/\r\n?/g, '\n')
    .replace(INLINE, (whole, label?: string, url?: string, bold?: string) =>
      bold !== undefined ? bold : label !== undefined && url !== undefined ? `${label} (${url})` : whole,
    );
}
