import { createCatcherTransport } from '../email/mail-transport';
import { parseRawMail, renderMailboxList, renderMailboxMessage } from '../pages/mailbox-pages';

describe('renderMailboxList', () => {
  it('lists messages newest first with links to each, and explains the embedded mode', () => {
    const html = renderMailboxList([
      {
        id: 'old-1',
        receivedAt: new Date('2026-03-04T01:00:00Z'),
        from: 'a@x.jp',
        to: ['b@y.jp'],
        subject: '古い',
      },
      {
        id: 'new-2',
        receivedAt: new Date('2026-03-04T02:00:00Z'),
        from: 'a@x.jp',
        to: ['c@y.jp', 'd@y.jp'],
        subject: '新しい',
      },
    ]);
    expect(html).toContain('Embedded mode: mail is not sent, it is kept here (set SMTP_URL to send)');
    expect(html.indexOf('新しい')).toBeLessThan(html.indexOf('古い'));
    expect(html).toContain('<a href="/mailbox/new-2">新しい</a>');
    expect(html).toContain('<a href="/mailbox/old-1">古い</a>');
    expect(html).toContain('c@y.jp, d@y.jp');
    expect(html).toContain('2026-03-04 11:00 JST');
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).not.toContain('<form');
  });

  it('says so when there is no mail', () => {
    expect(renderMailboxList([])).toContain('No mail yet');
  });

  it('escapes subjects and ids', () => {
    const html = renderMailboxList([
      { id: '"><x', receivedAt: new Date(), from: '<f>', to: ['<t>'], subject: '<script>alert(1)</script>' },
    ]);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<f>');
    expect(html).toContain('href="/mailbox/%22%3E%3Cx"');
  });
});

/** Inverse of escapeHtml, to check that an attribute holds exactly the value it was given. */
function unescapeHtml(value: string): string {
  return value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, '`')
    .replace(/&amp;/g, '&');
}

describe('renderMailboxMessage', () => {
  const HTML_PART = '<p style="color:red">"引用" & <b>本文</b></p><script>alert(1)</script>';

  async function caughtMessage(): Promise<string> {
    let raw = '';
    const transport = createCatcherTransport(async (buffer) => {
      raw = buffer.toString('utf8');
    });
    await transport.send({
      from: 'Renkei <alerts@renkei.example.jp>',
      to: { name: '佐藤', address: 'sato@example.jp' },
      subject: '[Renkei][SEV1][TLP:CLEAR] INC-2026-0001 テスト',
      text: '受領を確認する / Acknowledge: https://renkei.example.jp/ack/abc?t=1&u=2\n以上',
      html: HTML_PART,
      headers: {
        'In-Reply-To': '<incident.1@renkei.example.jp>',
        References: '<incident.1@renkei.example.jp>',
      },
      messageId: '<alert.1@renkei.example.jp>',
    });
    transport.close();
    return raw;
  }

  it('shows headers, the text part with clickable links, the HTML in a sandboxed iframe and a raw link', async () => {
    const raw = await caughtMessage();
    const parsed = parseRawMail(raw);
    expect(parsed.html).toBe(HTML_PART);
    const html = renderMailboxMessage({
      id: 'm-1',
      receivedAt: new Date('2026-03-04T01:00:00Z'),
      from: 'alerts@renkei.example.jp',
      to: ['sato@example.jp'],
      subject: parsed.subject,
      text: parsed.text,
      html: parsed.html,
      raw,
    });
    expect(html).toContain('Embedded mode: mail is not sent, it is kept here (set SMTP_URL to send)');
    expect(html).toContain('[Renkei][SEV1][TLP:CLEAR] INC-2026-0001 テスト');
    expect(html).toContain('&lt;alert.1@renkei.example.jp&gt;');
    expect(html).toContain('&lt;incident.1@renkei.example.jp&gt;');
    expect(html).toContain(
      '<a href="https://renkei.example.jp/ack/abc?t=1&amp;u=2" rel="noreferrer">https://renkei.example.jp/ack/abc?t=1&amp;u=2</a>',
    );
    expect(html).toContain('<a href="/mailbox/m-1/raw">');
    // The HTML part lives only inside the srcdoc attribute, escaped: none of it is live markup here.
    const iframe = /<iframe sandbox srcdoc="([^"]*)"/.exec(html);
    expect(iframe).not.toBeNull();
    expect(unescapeHtml(iframe?.[1] ?? '')).toBe(HTML_PART);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>本文');
  });

  it('copes with a message that has no HTML part', () => {
    const html = renderMailboxMessage({
      id: 'm-2',
      receivedAt: new Date(),
      from: 'a@x.jp',
      to: ['b@y.jp'],
      subject: 'plain',
      text: 'just text',
      html: null,
      raw: 'Subject: plain\n\njust text\n',
    });
    expect(html).not.toContain('<iframe');
    expect(html).toContain('just text');
  });
});
