import { IncidentCategory, IncidentStatus, Severity, Tlp } from '@renkei/incidents/incidents.enums';
import { AlertPurpose as AlertPurposeEnum } from '../alerting.enums';
import {
  ACKNOWLEDGE_LABEL,
  AlertEmailModel,
  DESCRIPTION_MAX_LENGTH,
  RED_SUBJECT_PLACEHOLDER,
  renderAlertEmail,
} from '../email/alert-email';
import { formatTokyoTime } from '../email/alert-labels';

const THREAD_ID = '<incident.5f0c3a52-8a1e-4d43-9d34-6c1d1f0e2b11@renkei.example.jp>';
const MESSAGE_ID = '<alert.0b7f6a3e-2d7c-4a55-8d8b-3a5f4f1c9e20@renkei.example.jp>';

function model(overrides: Partial<AlertEmailModel> = {}): AlertEmailModel {
  return {
    purpose: 'INITIAL',
    locale: 'ja',
    from: 'Renkei <alerts@renkei.example.jp>',
    to: { name: '山田 太郎', address: 'yamada@vendor.example.jp' },
    messageId: MESSAGE_ID,
    threadId: THREAD_ID,
    recipient: { name: '山田 太郎', organisationName: '株式会社サンプル交通' },
    incident: {
      reference: 'INC-2026-0042',
      severity: Severity.SEV1,
      status: IncidentStatus.RESPONDING,
      tlp: Tlp.AMBER,
      category: IncidentCategory.RANSOMWARE,
      title: 'バス運行管理システムの暗号化',
      description: '運行管理サーバーが暗号化されました。\nバスロケーション表示が停止しています。',
      reportedAt: new Date('2026-03-04T01:15:00Z'),
      components: [{ name: 'バス運行管理システム' }, { name: 'バスロケーション API' }],
      personalDataInvolved: false,
      url: 'https://renkei.example.jp/incidents/INC-2026-0042',
    },
    acknowledgeUrl: 'https://renkei.example.jp/ack/eyJhbGciOi.token',
    ...overrides,
  };
}

describe('renderAlertEmail', () => {
  describe('subject', () => {
    it('has the tags, the reference and the title', () => {
      const email = renderAlertEmail(model());
      expect(email.subject).toBe('[Renkei][SEV1][TLP:AMBER] INC-2026-0042 バス運行管理システムの暗号化');
    });

    it('starts with the drill prefix for an exercise, and the body says so at the top', () => {
      const email = renderAlertEmail(model({ drill: { title: '南区合同机上演習' } }));
      expect(email.subject.startsWith('[訓練/DRILL][Renkei][SEV1][TLP:AMBER] ')).toBe(true);
      expect(email.text.split('\n')[0]).toContain('【訓練】');
      expect(email.text.split('\n')[0]).toContain('南区合同机上演習');
      expect(email.text).toContain('[DRILL]');
      const htmlBody = email.html.slice(email.html.indexOf('<body'));
      expect(htmlBody.indexOf('南区合同机上演習')).toBeLessThan(htmlBody.indexOf('INC-2026-0042'));
    });

    it.each([
      ['ESCALATION', 'ja', '【エスカレーション】INC-2026-0042'],
      ['REMINDER', 'ja', '【再通知】INC-2026-0042'],
      ['UPDATE', 'ja', '【更新】INC-2026-0042'],
      ['RESOLVED', 'ja', '【解決】INC-2026-0042'],
      ['ESCALATION', 'en', '[Escalation] INC-2026-0042'],
      ['REMINDER', 'en', '[Reminder] INC-2026-0042'],
      ['UPDATE', 'en', '[Update] INC-2026-0042'],
      ['RESOLVED', 'en', '[Resolved] INC-2026-0042'],
    ] as const)('marks %s in the %s recipient language', (purpose, locale, expected) => {
      const email = renderAlertEmail(model({ purpose, locale }));
      expect(email.subject).toBe(`[Renkei][SEV1][TLP:AMBER] ${expected} バス運行管理システムの暗号化`);
    });

    it('accepts the AlertPurpose enum values', () => {
      const email = renderAlertEmail(model({ purpose: AlertPurposeEnum.REMINDER }));
      expect(email.subject).toContain('【再通知】');
    });

    it('keeps the subject on one line whatever the title holds', () => {
      const base = model();
      const email = renderAlertEmail(
        model({ incident: { ...base.incident, title: 'line one\r\nBcc: victim@example.com' } }),
      );
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(email.subject).toContain('line one Bcc: victim@example.com');
    });

    it('uses the notice subject for a NOTICE', () => {
      const email = renderAlertEmail(
        model({
          purpose: 'NOTICE',
          acknowledgeUrl: null,
          notice: {
            subject: { ja: 'Webhook エンドポイントを無効化しました', en: 'Webhook endpoint disabled' },
            body: {
              ja: 'HTTP 410 が返されたため、エンドポイントを無効化しました。',
              en: 'The endpoint answered HTTP 410 and was disabled.',
            },
          },
        }),
      );
      expect(email.subject).toBe(
        '[Renkei][SEV1][TLP:AMBER] 【お知らせ】INC-2026-0042 Webhook エンドポイントを無効化しました',
      );
      expect(email.text).toContain('HTTP 410 が返されたため');
      expect(email.text).toContain('The endpoint answered HTTP 410 and was disabled.');
    });
  });

  describe('TLP:RED', () => {
    const secrets = {
      title: '市長公用車テレマティクスへの侵入',
      description: '攻撃者は管理ポータル admin.fleet.example.jp に侵入した',
      components: [{ name: '公用車テレマティクス基盤' }, { name: 'FleetPortal-秘' }],
    };

    it('puts no title, description or component name anywhere', () => {
      const base = model();
      const email = renderAlertEmail(
        model({
          purpose: 'ESCALATION',
          step: { number: 2, of: 3 },
          incident: { ...base.incident, tlp: Tlp.RED, ...secrets },
        }),
      );
      for (const secret of [secrets.title, secrets.description, ...secrets.components.map((c) => c.name)]) {
        expect(email.subject).not.toContain(secret);
        expect(email.text).not.toContain(secret);
        expect(email.html).not.toContain(secret);
        expect(JSON.stringify(email.headers)).not.toContain(secret);
      }
      // Nor the category (a ransomware label says a lot) or the report time.
      expect(email.text).not.toContain('ランサムウェア');
      expect(email.text).not.toContain('Ransomware');
      expect(email.text).not.toContain(formatTokyoTime(base.incident.reportedAt));
    });

    it('says where the details are, and keeps reference, severity, status, TLP and links', () => {
      const base = model();
      const email = renderAlertEmail(model({ incident: { ...base.incident, tlp: Tlp.RED, ...secrets } }));
      expect(email.subject).toBe(`[Renkei][SEV1][TLP:RED] INC-2026-0042 ${RED_SUBJECT_PLACEHOLDER}`);
      for (const part of [email.text, email.html]) {
        expect(part).toContain('INC-2026-0042');
        expect(part).toContain('SEV1 致命的');
        expect(part).toContain('SEV1 Critical');
        expect(part).toContain('対応中');
        expect(part).toContain('TLP:RED');
        expect(part).toContain('指名された者のみ');
        expect(part).toContain('named recipients only');
        expect(part).toContain(base.incident.url);
        expect(part).toContain(base.acknowledgeUrl);
      }
    });
  });

  describe('TLP labels', () => {
    it.each([
      [Tlp.RED, 'TLP:RED', '指名された者のみ', 'named recipients only'],
      [Tlp.AMBER_STRICT, 'TLP:AMBER+STRICT', '組織内のみ', 'your organisation only'],
      [Tlp.AMBER, 'TLP:AMBER', '組織内と必要な委託先', 'your organisation and its clients'],
      [Tlp.GREEN, 'TLP:GREEN', 'コミュニティ内', 'within the community'],
      [Tlp.CLEAR, 'TLP:CLEAR', '制限なし', 'no restriction'],
    ])('shows %s with its meaning in both languages', (tlp, label, ja, en) => {
      const base = model();
      const email = renderAlertEmail(model({ incident: { ...base.incident, tlp } }));
      expect(email.subject).toContain(`[${label}]`);
      for (const part of [email.text, email.html]) {
        expect(part).toContain(label);
        expect(part).toContain(ja);
        expect(part).toContain(en);
      }
    });
  });

  describe('languages', () => {
    it('puts the Japanese part first for a Japanese recipient, then a separator and English', () => {
      const email = renderAlertEmail(model({ locale: 'ja' }));
      const separator = email.text.search(/^-{20,}$/m);
      expect(separator).toBeGreaterThan(0);
      expect(email.text.indexOf('重大度')).toBeLessThan(separator);
      expect(email.text.indexOf('Severity')).toBeGreaterThan(separator);
      expect(email.html.indexOf('lang="ja"')).toBeLessThan(email.html.indexOf('lang="en"'));
    });

    it('puts the English part first for an English recipient', () => {
      const email = renderAlertEmail(model({ locale: 'en' }));
      const separator = email.text.search(/^-{20,}$/m);
      expect(email.text.indexOf('Severity')).toBeLessThan(separator);
      expect(email.text.indexOf('重大度')).toBeGreaterThan(separator);
      expect(email.html.indexOf('<div lang="en">')).toBeLessThan(email.html.indexOf('<div lang="ja">'));
    });

    it('labels severity, status and category in both languages and dates in JST', () => {
      const email = renderAlertEmail(model());
      for (const label of [
        'SEV1 致命的',
        'SEV1 Critical',
        '対応中',
        'Responding',
        'ランサムウェア',
        'Ransomware',
      ]) {
        expect(email.text).toContain(label);
        expect(email.html).toContain(label);
      }
      // 01:15 UTC is 10:15 in Tokyo.
      expect(email.text).toContain('2026-03-04 10:15 JST');
      expect(email.text).toContain('バス運行管理システム、バスロケーション API');
      expect(email.text).toContain('バス運行管理システム, バスロケーション API');
    });

    it('says why and at which step for an escalation, and what changed for an update', () => {
      const escalation = renderAlertEmail(
        model({
          purpose: 'ESCALATION',
          step: { number: 2, of: 3 },
          reason: { ja: 'サンプル交通が未応答です', en: 'Sample Transit has not acknowledged' },
        }),
      );
      expect(escalation.text).toContain('エスカレーション段階: 2 / 3');
      expect(escalation.text).toContain('Escalation step: 2 of 3');
      expect(escalation.text).toContain('理由: サンプル交通が未応答です');
      expect(escalation.text).toContain('Reason: Sample Transit has not acknowledged');

      const update = renderAlertEmail(
        model({
          purpose: 'UPDATE',
          acknowledgeUrl: null,
          change: { ja: '重大度が SEV3 から SEV1 に上がりました', en: 'Severity raised from SEV3 to SEV1' },
        }),
      );
      expect(update.text).toContain('変更内容: 重大度が SEV3 から SEV1 に上がりました');
      expect(update.html).toContain('What changed: Severity raised from SEV3 to SEV1');
    });
  });

  describe('acknowledgement link', () => {
    it('is a prominent button saying that opening the link acknowledges nothing', () => {
      const email = renderAlertEmail(model());
      const url = 'https://renkei.example.jp/ack/eyJhbGciOi.token';
      expect(email.html).toMatch(
        new RegExp(
          `<a href="${url.replace(/[.]/g, '\\.')}" style="[^"]*background[^"]*">${ACKNOWLEDGE_LABEL}</a>`,
        ),
      );
      expect(email.text).toContain(`${ACKNOWLEDGE_LABEL}: ${url}`);
      for (const part of [email.text, email.html]) {
        expect(part).toContain('そのページのボタンを押すまで、受領は記録されません');
        expect(part).toContain('nothing is acknowledged until you press the button on that page');
      }
    });

    it('is absent when no acknowledgement is asked', () => {
      const email = renderAlertEmail(model({ purpose: 'RESOLVED', acknowledgeUrl: null }));
      expect(email.html).not.toContain(ACKNOWLEDGE_LABEL);
      expect(email.text).not.toContain(ACKNOWLEDGE_LABEL);
      expect(email.text).toContain('解決済み');
    });

    it('never turns a non-http URL into a link', () => {
      const email = renderAlertEmail(model({ acknowledgeUrl: 'javascript:alert(1)' }));
      expect(email.html).not.toContain('href="javascript:');
    });
  });

  describe('escaping and content', () => {
    it('escapes every value in the HTML part', () => {
      const base = model();
      const email = renderAlertEmail(
        model({
          recipient: { name: '<b>Mallory</b>', organisationName: 'A&B "Ltd"' },
          incident: {
            ...base.incident,
            title: '<script>alert("x")</script>',
            description: 'a <img src=x onerror=alert(1)>\nline two',
            components: [{ name: '<iframe>' }],
          },
          reason: { ja: '<i>未応答</i>', en: '<i>no ack</i>' },
        }),
      );
      expect(email.html).not.toContain('<script>');
      expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
      expect(email.html).not.toContain('<img');
      expect(email.html).not.toContain('<iframe>');
      expect(email.html).not.toContain('<b>Mallory</b>');
      expect(email.html).not.toContain('<i>');
      expect(email.html).toContain('A&amp;B &quot;Ltd&quot;');
      // Plain-text line breaks survive in HTML.
      expect(email.html).toContain('onerror=alert(1)&gt;<br>\nline two');
      // The text part is plain text: shown as written.
      expect(email.text).toContain('<script>alert("x")</script>');
    });

    it('uses inline styles only', () => {
      const email = renderAlertEmail(model());
      expect(email.html).not.toMatch(/<style|<link|<script/i);
      expect(email.html).toContain('style="');
      // Every style attribute is closed where it should be (a double quote inside would end it early).
      expect(email.html).not.toMatch(/style="[^"]*"[^\s>]/);
    });

    it('caps a long description with an ellipsis', () => {
      const base = model();
      const email = renderAlertEmail(
        model({ incident: { ...base.incident, description: 'あ'.repeat(DESCRIPTION_MAX_LENGTH + 500) } }),
      );
      expect(email.text).toContain(`${'あ'.repeat(DESCRIPTION_MAX_LENGTH)}…`);
      expect(email.text).not.toContain('あ'.repeat(DESCRIPTION_MAX_LENGTH + 1));
    });
  });

  describe('headers', () => {
    it('thread every mail about an incident under its root', () => {
      const first = renderAlertEmail(model());
      const second = renderAlertEmail(
        model({ purpose: 'REMINDER', messageId: '<alert.other@renkei.example.jp>' }),
      );
      expect(first.headers).toEqual({
        'Message-ID': MESSAGE_ID,
        'In-Reply-To': THREAD_ID,
        References: THREAD_ID,
        'X-Renkei-Incident': 'INC-2026-0042',
        'Auto-Submitted': 'auto-generated',
        'X-Auto-Response-Suppress': 'All',
      });
      expect(second.headers['Message-ID']).toBe('<alert.other@renkei.example.jp>');
      expect(second.headers['References']).toBe(first.headers['References']);
    });
  });
});
