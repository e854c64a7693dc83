import { IncidentStatus, Severity, Tlp } from '@renkei/incidents/incidents.enums';
import {
  ACKNOWLEDGE_BUTTON_LABEL,
  AckPageModel,
  PAGE_CSP,
  escapeHtml,
  renderAckLandingPage,
  renderAckResultPage,
} from '../pages/ack-pages';

function model(overrides: Partial<AckPageModel> = {}): AckPageModel {
  return {
    locale: 'ja',
    token: 'v1.eyJhbGciOiJIUzI1NiJ9.payload.sig',
    postUrl: '/ack',
    recipient: { name: '鈴木 次郎', organisationName: '株式会社スマートバス' },
    incident: {
      reference: 'INC-2026-0042',
      severity: Severity.SEV2,
      status: IncidentStatus.TRIAGED,
      tlp: Tlp.AMBER,
      title: 'バスロケーション API の応答停止',
      summary: 'API が 503 を返しています。\n原因を調査中です。',
      reportedAt: new Date('2026-03-04T01:15:00Z'),
      components: ['バスロケーション API', '停留所サイネージ'],
    },
    engaged: [
      {
        organisationName: '〇〇市 CSIRT',
        acknowledgedAt: new Date('2026-03-04T01:20:00Z'),
        acknowledgedBy: '高橋',
      },
      { organisationName: 'クラウド基盤株式会社', acknowledgedAt: null, acknowledgedBy: null },
    ],
    ...overrides,
  };
}

describe('escapeHtml', () => {
  it('escapes the characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
    expect(escapeHtml(null)).toBe('');
  });
});

describe('renderAckLandingPage', () => {
  it('shows the incident, who is engaged, and a form that posts the token', () => {
    const html = renderAckLandingPage(model());
    expect(html).toContain('<meta name="robots" content="noindex">');
    expect(html).toContain('<meta name="referrer" content="no-referrer">');
    expect(html).toContain('<meta name="viewport"');
    expect(html).toContain('INC-2026-0042');
    expect(html).toContain('バスロケーション API の応答停止');
    expect(html).toContain('API が 503 を返しています。\n原因を調査中です。');
    expect(html).toContain('停留所サイネージ');
    expect(html).toContain('SEV2 重大 / Major');
    expect(html).toContain('トリアージ済み / Triaged');
    expect(html).toContain('TLP:AMBER');
    expect(html).toContain('2026-03-04 10:15 JST');
    // Engaged parties: one acknowledged (when, by whom), one not yet.
    expect(html).toContain('〇〇市 CSIRT');
    expect(html).toContain('2026-03-04 10:20 JST<br>高橋');
    expect(html).toContain('クラウド基盤株式会社');
    expect(html).toContain('未確認 / not yet acknowledged');

    expect(html).toContain('<form method="post" action="/ack">');
    expect(html).toContain('<input type="hidden" name="token" value="v1.eyJhbGciOiJIUzI1NiJ9.payload.sig">');
    expect(html).toMatch(/<input[^>]+type="text"[^>]+name="name"[^>]+maxlength="200"/);
    expect(html).toMatch(/<textarea[^>]+name="note"[^>]+maxlength="2000"/);
    expect(html).toContain(`<button type="submit">${ACKNOWLEDGE_BUTTON_LABEL}</button>`);
    expect(html).toContain('まだ受領は確認されていません');
    expect(html).toContain('Nothing has been acknowledged yet');
    // No script, no external asset.
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
  });

  it('puts the reader language first', () => {
    const ja = renderAckLandingPage(model({ locale: 'ja' }));
    const en = renderAckLandingPage(model({ locale: 'en' }));
    expect(ja).toContain('<html lang="ja">');
    expect(en).toContain('<html lang="en">');
    expect(ja.indexOf('まだ受領は確認されていません')).toBeLessThan(
      ja.indexOf('Nothing has been acknowledged yet'),
    );
    expect(en.indexOf('Nothing has been acknowledged yet')).toBeLessThan(
      en.indexOf('まだ受領は確認されていません'),
    );
  });

  it('shows no title, summary or components when the TLP hides them, and says why', () => {
    const base = model();
    const html = renderAckLandingPage(
      model({ incident: { ...base.incident, tlp: Tlp.RED, title: null, summary: null, components: null } }),
    );
    expect(html).not.toContain('バスロケーション API の応答停止');
    expect(html).not.toContain('停留所サイネージ');
    expect(html).toContain('TLP:RED');
    expect(html).toContain('指名された者のみ');
    expect(html).toContain('詳細はこのページに表示していません');
    expect(html).toContain('<form method="post"');
  });

  it('marks a drill at the top', () => {
    const html = renderAckLandingPage(model({ drill: { title: '南区合同机上演習' } }));
    const body = html.slice(html.indexOf('<main>'));
    expect(body.indexOf('南区合同机上演習')).toBeGreaterThan(0);
    expect(body.indexOf('南区合同机上演習')).toBeLessThan(body.indexOf('INC-2026-0042'));
    expect(body).toContain('【訓練】');
  });

  it('escapes every interpolated value', () => {
    const base = model();
    const html = renderAckLandingPage(
      model({
        token: '"><script>alert(1)</script>',
        postUrl: '/ack?x="><script>',
        recipient: { name: '<img src=x onerror=alert(1)>', organisationName: 'A & B' },
        incident: {
          ...base.incident,
          reference: '<b>INC</b>',
          title: '<script>alert("title")</script>',
          summary: '<iframe src="https://evil.example">',
          components: ['<svg onload=alert(1)>'],
        },
        engaged: [
          { organisationName: '<u>Org</u>', acknowledgedAt: new Date(), acknowledgedBy: '<i>me</i>' },
        ],
        drill: { title: '<marquee>' },
      }),
    );
    for (const raw of ['<script', '<img', '<iframe', '<svg', '<b>INC', '<u>Org', '<i>me', '<marquee']) {
      expect(html).not.toContain(raw);
    }
    expect(html).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('A &amp; B');
  });
});

describe('renderAckResultPage', () => {
  const at = new Date('2026-03-04T01:30:00Z');

  it.each([
    [
      { kind: 'acknowledged', reference: 'INC-2026-0042', at, by: '鈴木' } as const,
      200,
      '受領を記録しました',
    ],
    [{ kind: 'already', reference: 'INC-2026-0042', at, by: '高橋' } as const, 409, 'すでに受領済みです'],
    [{ kind: 'expired' } as const, 410, 'リンクの有効期限が切れています'],
    [{ kind: 'invalid' } as const, 400, 'リンクが正しくありません'],
    [{ kind: 'closed', reference: 'INC-2026-0042' } as const, 409, 'このインシデントは解決済みです'],
  ])('answers %j with %i', (result, status, heading) => {
    const page = renderAckResultPage(result);
    expect(page.status).toBe(status);
    expect(page.html).toContain(heading);
    expect(page.html).toContain('<meta name="robots" content="noindex">');
    expect(page.html).not.toContain('<form');
  });

  it('says when and by whom, and asks for a new link when expired', () => {
    const acknowledged = renderAckResultPage({
      kind: 'acknowledged',
      reference: 'INC-2026-0042',
      at,
      by: '鈴木',
    });
    expect(acknowledged.html).toContain('2026-03-04 10:30 JST');
    expect(acknowledged.html).toContain('鈴木');
    const expired = renderAckResultPage({ kind: 'expired' }, 'en');
    expect(expired.html).toContain('<html lang="en">');
    expect(expired.html).toContain('Ask the CSIRT coordinating the incident for a new link');
    expect(expired.html.indexOf('This link has expired')).toBeLessThan(
      expired.html.indexOf('リンクの有効期限が切れています'),
    );
    const closed = renderAckResultPage({ kind: 'closed', reference: 'INC-2026-0042' }, 'en');
    expect(closed.html).toContain('nothing to acknowledge');
  });

  it('escapes the name of who acknowledged', () => {
    const page = renderAckResultPage({ kind: 'already', reference: 'INC-1', at, by: '<script>x</script>' });
    expect(page.html).not.toContain('<script>');
    expect(page.html).toContain('&lt;script&gt;x&lt;/script&gt;');
  });
});

describe('PAGE_CSP', () => {
  it('allows no script and no framing', () => {
    expect(PAGE_CSP).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });
});
