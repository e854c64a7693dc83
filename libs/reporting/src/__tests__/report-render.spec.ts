import { Tlp } from '@renkei/incidents/incidents.enums';
import { ReportDocument, TLP_DEFINITION } from '../report/report-document';
import { escapeMarkdownLine, renderHtml, renderMarkdown } from '../report/report-render';
import { renderRestrictedMarkdown } from '../statements/restricted-markdown';

const HOSTILE = '<img src=x onerror=alert(1)> **[click](javascript:alert(2))** | `code` & #1';

function document(overrides: Partial<ReportDocument> = {}): ReportDocument {
  return {
    language: 'en',
    documentTitle: 'Incident report',
    reference: 'INC-2026-0007',
    incidentTitle: HOSTILE,
    tlp: Tlp.AMBER,
    tlpLabel: 'TLP:AMBER',
    tlpDefinition: TLP_DEFINITION[Tlp.AMBER].en,
    generatedLine: 'Generated for <Reader>',
    intro: 'Intro line 1\n- not a list',
    closing: 'Closing & goodbye',
    sections: [
      {
        key: 'SUMMARY',
        heading: 'Summary <b>',
        blocks: [
          { kind: 'fields', rows: [{ label: 'Title', value: HOSTILE }] },
          { kind: 'table', columns: ['When', 'What'], rows: [['now', 'a | b\nsecond line']], empty: 'none' },
          { kind: 'table', columns: ['X'], rows: [], empty: 'Nothing here.' },
          { kind: 'list', items: ['<script>alert(3)</script>'] },
          { kind: 'note', text: 'Left out: others' },
        ],
      },
      {
        key: 'TIMELINE',
        heading: 'Timeline',
        blocks: [{ kind: 'paragraph', text: '1. first\n# not a heading' }],
      },
    ],
    ...overrides,
  };
}

describe('incident report rendering', () => {
  it('escapes every Markdown-significant character of user text', () => {
    expect(escapeMarkdownLine('**bold** [a](b) <x> a|b ~s~ _i_ `c` & #')).toBe(
      '\\*\\*bold\\*\\* \\[a\\](b) \\<x\\> a\\|b \\~s\\~ \\_i\\_ \\`c\\` \\& \\#',
    );
    expect(escapeMarkdownLine('- item')).toBe('\\- item');
    expect(escapeMarkdownLine('12. twelve')).toBe('12\\. twelve');
    expect(escapeMarkdownLine('=====')).toBe('\\=====');
  });

  it('writes Markdown with the TLP marking at the top and the bottom, and no raw markup from users', () => {
    const markdown = renderMarkdown(document());
    const lines = markdown.trimEnd().split('\n');
    expect(lines[0]).toBe(`**TLP:AMBER** — ${TLP_DEFINITION[Tlp.AMBER].en}`);
    expect(lines.at(-1)).toBe(lines[0]);
    expect(markdown).toContain('# Incident report INC-2026-0007');
    // No tag survives unescaped (every < is preceded by a backslash).
    expect(markdown).not.toMatch(/(^|[^\\])<[a-z/]/m);
    expect(markdown).toContain('\\<img src=x onerror=alert(1)\\>');
    // A table cell stays one cell: its pipe is escaped and its line break is a space.
    expect(markdown).toContain('| now | a \\| b second line |');
    expect(markdown).toContain('_Nothing here._');
    expect(markdown).toContain('1\\. first\\\n\\# not a heading');
    expect(markdown).toContain('Intro line 1\\\n\\- not a list');
  });

  it('escapes HTML everywhere and prints the marking at the top and the bottom', () => {
    const html = renderHtml(document());
    expect(html).not.toMatch(/<img|<script|<b>/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(html).toContain('<title>TLP:AMBER Incident report INC-2026-0007</title>');
    expect(html.match(/class="tlp-marking (top|bottom)"/g)).toEqual([
      'class="tlp-marking top"',
      'class="tlp-marking bottom"',
    ]);
    expect(html.indexOf('tlp-marking top')).toBeLessThan(html.indexOf('<h1>'));
    expect(html.lastIndexOf('tlp-marking bottom')).toBeGreaterThan(html.lastIndexOf('</section>'));
    expect(html).not.toContain('@page');
  });

  it('makes print HTML for A4 with a page per section, the marking in every page header, nothing external', () => {
    const html = renderHtml(document({ tlp: Tlp.AMBER_STRICT, tlpLabel: 'TLP:AMBER+STRICT' }), true);
    expect(html).toContain('size:A4');
    expect(html).toContain('section.report-section{break-before:page}');
    expect(html).toMatch(/@top-right\{content:"TLP:AMBER\+STRICT"/);
    expect(html).toMatch(/@bottom-left\{content:"TLP:AMBER\+STRICT"/);
    expect(html.match(/<section class="report-section"/g)).toHaveLength(2);
    expect(html).not.toMatch(/(src|href)=["']?https?:|@import|url\(/);
  });

  it('marks a highlighted cell in every format, its text escaped like any other', () => {
    const withHighlight = document({
      sections: [
        {
          key: 'STATUTORY_OBLIGATIONS',
          heading: 'Statutory reports',
          blocks: [
            {
              kind: 'table',
              columns: ['Stage', 'Status'],
              rows: [
                ['Preliminary', { text: 'OVERDUE <now> | late', highlight: true }],
                ['Final', 'Pending'],
              ],
              empty: 'none',
            },
          ],
        },
      ],
    });
    expect(renderMarkdown(withHighlight)).toContain(
      '| Preliminary | **OVERDUE \\<now\\> \\| late** |\n| Final | Pending |',
    );
    for (const html of [renderHtml(withHighlight), renderHtml(withHighlight, true)]) {
      expect(html).toContain(
        '<tr><td>Preliminary</td><td class="highlight"><strong>OVERDUE &lt;now&gt; | late</strong></td></tr><tr><td>Final</td><td>Pending</td></tr>',
      );
      expect(html).toContain('td.highlight{color:#a50e0e;background:#fce8e6;');
    }
  });

  it('renders the restricted Markdown of statements safely', () => {
    const html = renderRestrictedMarkdown(
      'Service **paused** <script>x</script>\nsecond line\n\n- one\n- [site](https://city.example.jp/a?b=1&c=2)\n\n[bad](javascript:alert(1)) [mail](mailto:desk@city.example.jp)',
    );
    expect(html).toBe(
      [
        '<p>Service <strong>paused</strong> &lt;script&gt;x&lt;/script&gt;<br>second line</p>',
        '<ul><li>one</li><li><a href="https://city.example.jp/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">site</a></li></ul>',
        '<p>[bad](javascript:alert(1)) <a href="mailto:desk@city.example.jp" rel="nofollow noopener noreferrer">mail</a></p>',
      ].join('\n'),
    );
  });
});
