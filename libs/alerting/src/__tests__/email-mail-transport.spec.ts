import type { AddressInfo } from 'node:net';
import { SMTPServer, SMTPServerOptions } from 'smtp-server';
import { IncidentCategory, IncidentStatus, Severity, Tlp } from '@renkei/incidents/incidents.enums';
import { renderAlertEmail } from '../email/alert-email';
import {
  CATCHER_RESPONSE,
  OutgoingMail,
  createCatcherTransport,
  createSmtpTransport,
} from '../email/mail-transport';
import { parseRawMail } from '../email/raw-mail-parser';

const MESSAGE_ID = '<alert.7d4e1c2a-55b1-4d0e-a0a5-2f3e4d5c6b7a@renkei.example.jp>';
const THREAD_ID = '<incident.1a2b3c4d-0000-4000-8000-123456789abc@renkei.example.jp>';
const TITLE = '信号制御システムへの不正アクセスの疑い（長い件名で折り返しと複数のエンコード語を確認する）';

function outgoingMail(to = 'tanaka@city.example.jp'): OutgoingMail {
  const rendered = renderAlertEmail({
    purpose: 'ESCALATION',
    locale: 'ja',
    from: 'Renkei <alerts@renkei.example.jp>',
    to: { name: '田中 花子', address: to },
    messageId: MESSAGE_ID,
    threadId: THREAD_ID,
    recipient: { name: '田中 花子', organisationName: '〇〇市 デジタル推進課' },
    incident: {
      reference: 'INC-2026-0107',
      severity: Severity.SEV2,
      status: IncidentStatus.TRIAGED,
      tlp: Tlp.AMBER_STRICT,
      category: IncidentCategory.UNAUTHORIZED_ACCESS,
      title: TITLE,
      description: '交差点制御装置への不審なログインが複数回記録されました。\n現地確認を依頼中です。',
      reportedAt: new Date('2026-05-01T23:40:00Z'),
      components: [{ name: '信号制御システム' }],
      personalDataInvolved: false,
      url: 'https://renkei.example.jp/incidents/INC-2026-0107',
    },
    acknowledgeUrl: 'https://renkei.example.jp/ack/token-abc',
    step: { number: 1, of: 2 },
  });
  return {
    from: 'Renkei <alerts@renkei.example.jp>',
    to: { name: '田中 花子', address: to },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    headers: rendered.headers,
    messageId: MESSAGE_ID,
  };
}

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on a loopback port that keeps what it receives and refuses `reject@…`. */
async function startServer(
  extra: Partial<SMTPServerOptions> = {},
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('reject@')) {
        const error = new Error('5.1.1 No such user here') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback(null, 'OK queued as TEST1');
      });
    },
    ...extra,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('createSmtpTransport', () => {
  it('delivers over SMTP with our Message-ID, the thread headers and a UTF-8 subject', async () => {
    const server = await startServer();
    const transport = createSmtpTransport(server.url, { timeoutMs: 5_000 });
    try {
      const mail = outgoingMail();
      const result = await transport.send(mail);

      expect(transport.kind).toBe('smtp');
      expect(result.response).toMatch(/^250 /);
      expect(result.response).toContain('OK queued as TEST1');
      expect(result.accepted).toEqual(['tanaka@city.example.jp']);
      expect(result.rejected).toEqual([]);
      expect(result.messageId).toBe(MESSAGE_ID);

      expect(server.received).toHaveLength(1);
      const [message] = server.received;
      expect(message.from).toBe('alerts@renkei.example.jp');
      expect(message.to).toEqual(['tanaka@city.example.jp']);

      const parsed = parseRawMail(message.raw);
      expect(parsed.headers['message-id']).toBe(MESSAGE_ID);
      expect(parsed.headers['in-reply-to']).toBe(THREAD_ID);
      expect(parsed.headers['references']).toBe(THREAD_ID);
      expect(parsed.headers['x-renkei-incident']).toBe('INC-2026-0107');
      expect(parsed.headers['auto-submitted']).toBe('auto-generated');
      expect(parsed.headers['x-auto-response-suppress']).toBe('All');
      // Each header exactly once: our Message-ID is the one, not an extra beside nodemailer's.
      expect(message.raw.match(/^Message-ID:/gim)).toHaveLength(1);
      expect(message.raw.match(/^In-Reply-To:/gim)).toHaveLength(1);
      expect(parsed.subject).toBe(mail.subject);
      expect(parsed.subject).toContain(TITLE);
      expect(parsed.from).toContain('alerts@renkei.example.jp');
      expect(parsed.to).toContain('田中 花子');
      expect(parsed.text).toBe(mail.text.replace(/\r\n/g, '\n'));
      expect(parsed.html).toBe(mail.html);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('rejects with the server error when the recipient is refused with 550', async () => {
    const server = await startServer();
    const transport = createSmtpTransport(server.url, { timeoutMs: 5_000 });
    try {
      await expect(transport.send(outgoingMail('reject@city.example.jp'))).rejects.toMatchObject({
        responseCode: 550,
        code: 'EENVELOPE',
        permanent: true,
      });
      expect(server.received).toHaveLength(0);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('authenticates with the credentials of the URL', async () => {
    const logins: { username?: string | null; password?: string | null }[] = [];
    const server = await startServer({
      authOptional: false,
      allowInsecureAuth: true,
      onAuth(auth, _session, callback) {
        logins.push({ username: auth.username, password: auth.password });
        callback(null, { user: auth.username });
      },
    });
    const withCredentials = server.url.replace('smtp://', 'smtp://renkei:p%40ss%3Aword@');
    const transport = createSmtpTransport(withCredentials, { timeoutMs: 5_000, pool: false });
    try {
      await transport.send(outgoingMail());
      expect(logins).toEqual([{ username: 'renkei', password: 'p@ss:word' }]);
      expect(server.received).toHaveLength(1);
    } finally {
      transport.close();
      await server.close();
    }
  });

  it('refuses a URL that is not smtp:// or smtps://, without echoing credentials', () => {
    expect(() => createSmtpTransport('http://user:secret@mail.example.jp')).toThrow(
      /smtp:\/\/ or smtps:\/\//,
    );
    expect(() => createSmtpTransport('http://user:secret@mail.example.jp')).not.toThrow(/secret/);
  });
});

describe('createCatcherTransport', () => {
  it('hands the raw RFC 822 message to the store and answers like a relay', async () => {
    const stored: { raw: Buffer; envelope: { from: string; to: string[] }; meta: object }[] = [];
    const transport = createCatcherTransport(async (raw, envelope, meta) => {
      stored.push({ raw, envelope, meta });
    });
    const mail = outgoingMail();
    const result = await transport.send(mail);

    expect(transport.kind).toBe('catcher');
    expect(result).toEqual({
      response: CATCHER_RESPONSE,
      accepted: ['tanaka@city.example.jp'],
      rejected: [],
      messageId: MESSAGE_ID,
    });
    expect(stored).toHaveLength(1);
    expect(stored[0].envelope).toEqual({ from: 'alerts@renkei.example.jp', to: ['tanaka@city.example.jp'] });
    expect(stored[0].meta).toEqual({ messageId: MESSAGE_ID, subject: mail.subject });
    const raw = stored[0].raw.toString('utf8');
    expect(raw).toContain(`Message-ID: ${MESSAGE_ID}`);
    const parsed = parseRawMail(raw);
    expect(parsed.headers['message-id']).toBe(MESSAGE_ID);
    expect(parsed.headers['in-reply-to']).toBe(THREAD_ID);
    expect(parsed.headers['references']).toBe(THREAD_ID);
    expect(parsed.subject).toBe(mail.subject);
    expect(parsed.text).toBe(mail.text);
    transport.close();
  });

  it('fails the send when the store fails, so the delivery is retried', async () => {
    const transport = createCatcherTransport(async () => {
      throw new Error('database is down');
    });
    await expect(transport.send(outgoingMail())).rejects.toThrow('database is down');
    transport.close();
  });
});
