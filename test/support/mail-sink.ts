import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  raw: string;
  subject: string;
  messageId: string;
  inReplyTo: string | undefined;
  references: string | undefined;
  to: string[];
  text: string;
  html: string;
  receivedAt: number;
}

/**
 * A real SMTP server for tests (nodemailer's smtp-server): collects what Renkei sends, parsed.
 * `reject` makes RCPT TO fail for addresses matching it (a 550, or a 451 for transient tests).
 */
export async function startMailSink(options: { reject?: (address: string) => number | null } = {}) {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = options.reject?.(address.address) ?? null;
      if (code) {
        const error = new Error(code >= 500 ? 'No such user here' : 'Try again later') as Error & {
          responseCode: number;
        };
        error.responseCode = code;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = await simpleParser(raw);
        received.push({
          raw,
          subject: parsed.subject ?? '',
          messageId: parsed.messageId ?? '',
          inReplyTo: parsed.inReplyTo,
          references: Array.isArray(parsed.references) ? parsed.references.join(' ') : parsed.references,
          to: session.envelope.rcptTo.map((r) => r.address),
          text: parsed.text ?? '',
          html: typeof parsed.html === 'string' ? parsed.html : '',
          receivedAt: Date.now(),
        });
        waiters.splice(0).forEach((wake) => wake());
        callback();
      });
    },
  });
  // A client dying mid-transaction (a killed worker) must not fail the test process.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    to: (address: string) => received.filter((mail) => mail.to.includes(address)),
    /** Resolves once `predicate` holds over what has arrived (or rejects after `timeoutMs`). */
    async waitFor(
      predicate: (mails: ReceivedMail[]) => boolean,
      timeoutMs = 15_000,
    ): Promise<ReceivedMail[]> {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline)
          throw new Error(`mail sink: condition not met in ${timeoutMs} ms (${received.length} mails)`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return received;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
