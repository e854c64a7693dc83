import {
  TEMPLATE_PLACEHOLDERS,
  TemplateValues,
  escapeMarkdown,
  renderTemplate,
  unknownPlaceholders,
} from '../runbook-template';

const values = Object.fromEntries(TEMPLATE_PLACEHOLDERS.map((name) => [name, `<${name}>`])) as TemplateValues;

describe('runbook templates', () => {
  it('fills known placeholders, with or without spaces inside the braces', () => {
    const rendered = renderTemplate('A {{incident.reference}} B {{ incident.severity }}', {
      ...values,
      'incident.reference': 'INC-2026-0002',
      'incident.severity': 'SEV2',
    });
    expect(rendered).toBe('A INC\\-2026\\-0002 B SEV2');
  });

  it('renders values as literal text: Markdown links, HTML and new lines cannot get in', () => {
    const rendered = renderTemplate('Title: {{incident.title}}', {
      ...values,
      'incident.title': '[click](https://evil.example) <img src=x onerror=alert(1)>\n# heading',
    });
    expect(rendered).toBe(
      'Title: \\[click\\]\\(https://evil\\.example\\) &lt;img src=x onerror=alert\\(1\\)&gt; \\# heading',
    );
    expect(rendered).not.toContain('\n');
    expect(rendered).not.toContain('<img');
  });

  it('leaves unknown placeholders as written, and names them for validation', () => {
    expect(renderTemplate('{{incident.password}}', values)).toBe('{{incident.password}}');
    expect(unknownPlaceholders('{{incident.title}} {{ nope }} {{incident.password}}')).toEqual([
      'nope',
      'incident.password',
    ]);
    expect(unknownPlaceholders('{{incident.title}}')).toEqual([]);
  });

  it('escapes every Markdown metacharacter once', () => {
    expect(escapeMarkdown('*_`|~')).toBe('\\*\\_\\`\\|\\~');
    expect(escapeMarkdown('a & b')).toBe('a &amp; b');
  });
});
