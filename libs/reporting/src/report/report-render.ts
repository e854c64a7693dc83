import { escapeHtml } from '@renkei/alerting/pages/html';
import { TLP_COLOUR } from '@renkei/alerting/email/alert-labels';
import { ReportFormat } from '../reporting.enums';
import { ReportBlock, ReportCell, ReportDocument } from './report-document';

// ---- Markdown ----

/** Characters that start Markdown (or raw HTML) anywhere in a line; escaped with a backslash. */
const MARKDOWN_INLINE = /[\\`*_[\]<>|~&#!]/g;
/**
 * One line of user text as literal Markdown: every character that could make markup is escaped, so
 * a title like `<img src=x onerror=…>` or `**[click](javascript:…)**` reads exactly as typed. At the
 * start of a line, list, heading-underline and numbered-list markers are escaped too.
 */
export function escapeMarkdownLine(text: string): string {
  return text
    .replace(MARKDOWN_INLINE, (character) => `\\${character}`)
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** User text of several lines as a Markdown paragraph with hard line breaks. */
export function markdownText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => escapeMarkdownLine(line.trimEnd()))
    .join('\\\n')
    .replace(/(\\\n)+$/, '');
}

/** A table cell: one line (line breaks become spaces), pipes escaped. */
function markdownCell(text: string): string {
  const line = escapeMarkdownLine(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return line === '' ? ' ' : line;
}

/** A highlighted cell is bold (the text inside is escaped like any other). */
function markdownTableCell(cell: ReportCell): string {
  if (typeof cell === 'string') return markdownCell(cell);
  const text = markdownCell(cell.text);
  return text.trim() ? `**${text}**` : text;
}

function markdownBlock(block: ReportBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return markdownText(block.text);
    case 'note':
      return `_${markdownText(block.text)}_`;
    case 'list':
      return block.items.map((item) => `- ${markdownCell(item)}`).join('\n');
    case 'fields':
      return [
        '| | |',
        '| --- | --- |',
        ...block.rows.map((row) => `| **${markdownCell(row.label)}** | ${markdownCell(row.value)} |`),
      ].join('\n');
    case 'table':
      if (block.rows.length === 0) return `_${markdownText(block.empty)}_`;
      return [
        `| ${block.columns.map(markdownCell).join(' | ')} |`,
        `| ${block.columns.map(() => '---').join(' | ')} |`,
        ...block.rows.map((row) => `| ${row.map(markdownTableCell).join(' | ')} |`),
      ].join('\n');
  }
}

export function renderMarkdown(document: ReportDocument): string {
  const marking = `**${document.tlpLabel}** — ${markdownText(document.tlpDefinition)}`;
  const parts = [
    marking,
    `# ${markdownCell(`${document.documentTitle} ${document.reference}`)}`,
    `## ${markdownCell(document.incidentTitle)}`,
    `_${markdownText(document.generatedLine)}_`,
  ];
  if (document.intro.trim()) parts.push(markdownText(document.intro));
  for (const section of document.sections) {
    parts.push(`## ${markdownCell(section.heading)}`);
    for (const block of section.blocks) parts.push(markdownBlock(block));
  }
  if (document.closing.trim()) parts.push(markdownText(document.closing));
  parts.push(marking);
  return `${parts.join('\n\n')}\n`;
}

// ---- HTML ----

function htmlText(text: string): string {
  return escapeHtml(text.replace(/\r\n?/g, '\n')).replace(/\n/g, '<br>\n');
}

function htmlTableCell(cell: ReportCell): string {
  if (typeof cell === 'string') return `<td>${htmlText(cell)}</td>`;
  return `<td class="highlight"><strong>${htmlText(cell.text)}</strong></td>`;
}

function htmlBlock(block: ReportBlock): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${htmlText(block.text)}</p>`;
    case 'note':
      return `<p class="note">${htmlText(block.text)}</p>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${htmlText(item)}</li>`).join('')}</ul>`;
    case 'fields':
      return `<table class="fields"><tbody>${block.rows
        .map((row) => `<tr><th scope="row">${htmlText(row.label)}</th><td>${htmlText(row.value)}</td></tr>`)
        .join('')}</tbody></table>`;
    case 'table':
      if (block.rows.length === 0) return `<p class="note">${htmlText(block.empty)}</p>`;
      return `<table><thead><tr>${block.columns
        .map((column) => `<th scope="col">${htmlText(column)}</th>`)
        .join('')}</tr></thead><tbody>${block.rows
        .map((row) => `<tr>${row.map(htmlTableCell).join('')}</tr>`)
        .join('')}</tbody></table>`;
  }
}

const SCREEN_STYLE = `
*{box-sizing:border-box}
body{margin:0;padding:24px;font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP","Yu Gothic",Meiryo,sans-serif;font-size:15px;line-height:1.6;color:#1a1a1a;background:#fff}
main{max-width:960px;margin:0 auto}
h1{font-size:1.5em;line-height:1.3;margin:16px 0 4px}
h2{font-size:1.2em;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #d9dce1}
.subtitle{font-size:1.15em;font-weight:600;margin:0 0 4px}
.generated,.note{color:#555;font-size:.92em}
table{border-collapse:collapse;width:100%;margin:8px 0}
th,td{text-align:left;vertical-align:top;padding:5px 8px;border:1px solid #d9dce1;overflow-wrap:anywhere}
thead th{background:#f4f5f7}
td.highlight{color:#a50e0e;background:#fce8e6;-webkit-print-color-adjust:exact;print-color-adjust:exact}
table.fields th{width:30%;background:#f8f9fa;font-weight:600}
.tlp-marking{margin:0 0 12px;padding:8px 10px;border:1px solid #000}
.tlp-marking.bottom{margin-top:32px}
.tlp{display:inline-block;background:#000;padding:2px 8px;font-weight:700;font-family:ui-monospace,Menlo,Consolas,monospace;-webkit-print-color-adjust:exact;print-color-adjust:exact}
`;

/**
 * Print: A4, each section on its own page, the TLP marking in the running header of every page (CSS
 * paged-media margin boxes, as Chromium's "Save as PDF", WeasyPrint and Prince print them) and in the
 * document at the top and the bottom. No external resources: fonts are the system's.
 */
function printStyle(document: ReportDocument): string {
  // The label is one of five fixed strings (TLP:AMBER+STRICT …): safe inside a CSS string.
  const label = document.tlpLabel.replace(/[^A-Z:+]/g, '');
  const colour = TLP_COLOUR[document.tlp];
  return `
@page{size:A4;margin:22mm 16mm 20mm 16mm;
  @top-right{content:"${label}";color:${colour};background:#000;font:700 10pt ui-monospace,Menlo,Consolas,monospace;padding:1mm 3mm;-webkit-print-color-adjust:exact;print-color-adjust:exact}
  @top-left{content:"${escapeCssString(document.reference)}";font:9pt sans-serif;color:#555}
  @bottom-right{content:counter(page) " / " counter(pages);font:9pt sans-serif;color:#555}
  @bottom-left{content:"${label}";font:700 9pt ui-monospace,Menlo,Consolas,monospace}}
body{padding:0;font-size:10.5pt}
main{max-width:none}
section.report-section{break-before:page}
h2{break-after:avoid}
tr,li,.fields tr{break-inside:avoid}
thead{display:table-header-group}
@media screen{body{padding:24px;background:#e9ebee}main{background:#fff;max-width:210mm;padding:16mm;box-shadow:0 1px 4px rgba(0,0,0,.2)}}
`;
}

/** Only what a reference can contain (INC-2026-0001) survives in a CSS string. */
function escapeCssString(value: string): string {
  return value.replace(/[^A-Za-z0-9_.\- ]/g, '');
}

function tlpMarking(document: ReportDocument, where: 'top' | 'bottom'): string {
  const colour = TLP_COLOUR[document.tlp];
  return `<p class="tlp-marking ${where}"><span class="tlp" style="color:${colour}">${escapeHtml(
    document.tlpLabel,
  )}</span> ${htmlText(document.tlpDefinition)}</p>`;
}

export function renderHtml(document: ReportDocument, print = false): string {
  const sections = document.sections
    .map(
      (section) =>
        `<section class="report-section" id="section-${escapeHtml(section.key.toLowerCase())}">\n<h2>${htmlText(
          section.heading,
        )}</h2>\n${section.blocks.map(htmlBlock).join('\n')}\n</section>`,
    )
    .join('\n');
  const title = `${document.tlpLabel} ${document.documentTitle} ${document.reference}`;
  return `<!DOCTYPE html>
<html lang="${document.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${SCREEN_STYLE}${print ? printStyle(document) : ''}</style>
</head>
<body>
<main>
${tlpMarking(document, 'top')}
<header>
<h1>${htmlText(`${document.documentTitle} ${document.reference}`)}</h1>
<p class="subtitle">${htmlText(document.incidentTitle)}</p>
<p class="generated">${htmlText(document.generatedLine)}</p>
${document.intro.trim() ? `<p class="intro">${htmlText(document.intro)}</p>` : ''}
</header>
${sections}
<footer>
${document.closing.trim() ? `<p class="closing">${htmlText(document.closing)}</p>` : ''}
${tlpMarking(document, 'bottom')}
</footer>
</main>
</body>
</html>
`;
}

export function renderReport(document: ReportDocument, format: ReportFormat): string {
  switch (format) {
    case ReportFormat.MARKDOWN:
      return renderMarkdown(document);
    case ReportFormat.HTML:
      return renderHtml(document, false);
    case ReportFormat.PRINT_HTML:
      return renderHtml(document, true);
  }
}

export const REPORT_CONTENT_TYPE: Record<ReportFormat, string> = {
  [ReportFormat.MARKDOWN]: 'text/markdown; charset=utf-8',
  [ReportFormat.HTML]: 'text/html; charset=utf-8',
  [ReportFormat.PRINT_HTML]: 'text/html; charset=utf-8',
};

export const REPORT_EXTENSION: Record<ReportFormat, string> = {
  [ReportFormat.MARKDOWN]: 'md',
  [ReportFormat.HTML]: 'html',
  [ReportFormat.PRINT_HTML]: 'print.html',
};
