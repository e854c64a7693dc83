import { createTransport } from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import { decodeEncodedWords, parseRawMail } from '../email/raw-mail-parser';

/** Builds a message exactly as nodemailer's stream transport writes it. */
async function compose(mail: SendMailOptions, newline: 'unix' | 'windows' = 'unix'): Promise<string> {
  const transporter = createTransport({ streamTransport: true, buffer: true, newline });
  const info = await transporter.sendMail({
    from: 'Renkei <alerts@renkei.example.jp>',
    to: { name: '佐藤 一郎', address: 'sato@water.example.jp' },
    ...mail,
  });
  return (info.message as Buffer).toString('utf8');
}

const LONG_SUBJECT =
  '[訓練/DRILL][Renkei][SEV1][TLP:AMBER] 【エスカレーション】INC-2026-0042 浄水場の遠隔監視システムで不審な通信を検知（長い件名の折り返しを確認）';
const JAPANESE_TEXT = '浄水場の遠隔監視システムで不審な通信を検知しました。\n対応をお願いします。\n\n以上';
const MOSTLY_ASCII_TEXT = 'Reference: INC-2026-0042\nSeverity: SEV1 致命的 / Critical\n' + 'x'.repeat(200);
const HTML = '<p style="color:#000">浄水場 &amp; <b>監視</b></p>\n<p>2 行目</p>';

describe('parseRawMail', () => {
  it.each(['unix', 'windows'] as const)(
    'round-trips a Japanese multipart/alternative message (%s line breaks)',
    async (newline) => {
      const raw = await compose(
        {
          subject: LONG_SUBJECT,
          text: JAPANESE_TEXT,
          html: HTML,
          messageId: '<alert.1@renkei.example.jp>',
          inReplyTo: '<incident.1@renkei.example.jp>',
          references: '<incident.1@renkei.example.jp>',
          headers: { 'X-Renkei-Incident': 'INC-2026-0042' },
        },
        newline,
      );
      // The subject really was encoded and folded: this exercises the decoder, not a pass-through.
      expect(raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
      expect(raw).toContain('multipart/alternative');

      const parsed = parseRawMail(raw);
      expect(parsed.subject).toBe(LONG_SUBJECT);
      expect(parsed.text).toBe(JAPANESE_TEXT);
      expect(parsed.html).toBe(HTML);
      expect(parsed.from).toBe('Renkei <alerts@renkei.example.jp>');
      expect(parsed.to).toBe('佐藤 一郎 <sato@water.example.jp>');
      expect(parsed.headers['message-id']).toBe('<alert.1@renkei.example.jp>');
      expect(parsed.headers['in-reply-to']).toBe('<incident.1@renkei.example.jp>');
      expect(parsed.headers['references']).toBe('<incident.1@renkei.example.jp>');
      expect(parsed.headers['x-renkei-incident']).toBe('INC-2026-0042');
    },
  );

  it('decodes a quoted-printable part (mostly ASCII with Japanese)', async () => {
    const raw = await compose({ subject: 'Update', text: MOSTLY_ASCII_TEXT });
    expect(raw).toMatch(/Content-Transfer-Encoding: quoted-printable/i);
    const parsed = parseRawMail(raw);
    expect(parsed.text).toBe(MOSTLY_ASCII_TEXT);
    expect(parsed.html).toBeNull();
    expect(parsed.subject).toBe('Update');
  });

  it('decodes a base64 part (mostly Japanese)', async () => {
    const raw = await compose({ subject: '件名', text: JAPANESE_TEXT.repeat(20) });
    expect(raw).toMatch(/Content-Transfer-Encoding: base64/i);
    expect(parseRawMail(raw).text).toBe(JAPANESE_TEXT.repeat(20));
  });

  it('finds the text and HTML inside multipart/mixed and skips attachments', async () => {
    const raw = await compose({
      subject: '添付あり',
      text: JAPANESE_TEXT,
      html: HTML,
      attachments: [{ filename: 'note.txt', content: 'attachment text, not the body' }],
    });
    expect(raw).toContain('multipart/mixed');
    const parsed = parseRawMail(raw);
    expect(parsed.text).toBe(JAPANESE_TEXT);
    expect(parsed.html).toBe(HTML);
  });

  it('reads a plain message without MIME headers', () => {
    const parsed = parseRawMail('Subject: hello\r\nFrom: a@example.jp\r\n\r\nline one\r\nline two\r\n');
    expect(parsed.subject).toBe('hello');
    expect(parsed.text).toBe('line one\nline two');
    expect(parsed.html).toBeNull();
  });
});

describe('decodeEncodedWords', () => {
  it('joins a multi-byte character split across two encoded words', () => {
    const bytes = Buffer.from('日本', 'utf8'); // 6 bytes, split inside the first character
    const first = bytes.subarray(0, 2).toString('base64');
    const second = bytes.subarray(2).toString('base64');
    expect(decodeEncodedWords(`=?UTF-8?B?${first}?=\r\n =?UTF-8?B?${second}?=`)).toBe('日本');
  });

  it('decodes Q encoding with underscores as spaces and keeps plain text around words', () => {
    expect(decodeEncodedWords('Re: =?utf-8?Q?=E6=97=A5=E6=9C=AC_test?= (INC-1)')).toBe(
      'Re: 日本 test (INC-1)',
    );
  });

  it('decodes other charsets a Japanese mailer may use', () => {
    // "日本" in ISO-2022-JP.
    expect(decodeEncodedWords('=?ISO-2022-JP?B?GyRCRnxLXBsoQg==?=')).toBe('日本');
  });
});
