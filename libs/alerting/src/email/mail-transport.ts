import { createTransport } from 'nodemailer';
import type { SendMailOptions, SMTPPoolOptions, Transporter } from 'nodemailer';

export interface OutgoingMail {
  from: string;
  to: { name: string; address: string };
  subject: string;
  text: string;
  html: string;
  /** Extra headers; Message-ID, In-Reply-To and References among them go through nodemailer's own options. */
  headers: Record<string, string>;
  /** Bracketed Message-ID, stable per alert, so that a retried send is recognisably the same mail. */
  messageId: string;
}

export interface MailSendResult {
  /** The SMTP reply line, e.g. '250 2.0.0 OK queued'. */
  response: string;
  accepted: string[];
  rejected: string[];
  /** The Message-ID the message was sent with (ours). */
  messageId: string;
  /**
   * The Message-ID the relay says it gave the message, when its reply names one (Microsoft 365,
   * Amazon SES rewrite the header). Kept for tracing a bounce back to the alert.
   */
  serverMessageId?: string;
}

export interface MailTransport {
  send(mail: OutgoingMail): Promise<MailSendResult>;
  close(): void;
  readonly kind: 'smtp' | 'catcher';
}

export interface SmtpTransportOptions {
  /** Connection, greeting and socket inactivity timeout; default 10 s. */
  timeoutMs?: number;
  /** Pooled connections (default true): a burst of alerts should not open one connection per mail. */
  pool?: boolean;
}

export const DEFAULT_SMTP_TIMEOUT_MS = 10_000;
export const CATCHER_RESPONSE = '250 stored by the Renkei mail catcher';

/** Headers nodemailer writes itself from dedicated options; passing them twice would duplicate them. */
const MANAGED_HEADERS = new Set(['message-id', 'in-reply-to', 'references']);

/**
 * The nodemailer message for an outgoing mail. The Message-ID goes through the `messageId` option,
 * not the headers: otherwise nodemailer generates its own and the alert's stable id (used for
 * threading and for recognising a re-sent alert) is lost.
 */
function toSendMailOptions(mail: OutgoingMail): SendMailOptions {
  const headers: Record<string, string> = {};
  let inReplyTo: string | undefined;
  let references: string | undefined;
  for (const [name, value] of Object.entries(mail.headers)) {
    const key = name.toLowerCase();
    if (key === 'in-reply-to') inReplyTo = value;
    else if (key === 'references') references = value;
    else if (!MANAGED_HEADERS.has(key)) headers[name] = value;
  }
  return {
    from: mail.from,
    to: { name: mail.to.name, address: mail.to.address },
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    messageId: mail.messageId,
    inReplyTo,
    references,
    headers,
    // Content is always given inline: never let a value be read as a file path or a URL to fetch.
    disableFileAccess: true,
    disableUrlAccess: true,
    xMailer: false,
  };
}

/** Describes the URL without its credentials, for an error message that may be logged. */
function describeSmtpUrl(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * A pooled SMTP transport from `smtp://user:pass@host:port` or `smtps://…` (implicit TLS). A
 * recipient the server refuses rejects the promise with nodemailer's error, `responseCode` and
 * `permanent` included, so that delivery can tell a 550 (dead letter) from a 451 (retry).
 */
export function createSmtpTransport(smtpUrl: string, options: SmtpTransportOptions = {}): MailTransport {
  let protocol: string;
  try {
    protocol = new URL(smtpUrl).protocol;
  } catch {
    throw new Error(`SMTP_URL is not a valid URL: ${describeSmtpUrl(smtpUrl)}`);
  }
  if (protocol !== 'smtp:' && protocol !== 'smtps:') {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got ${protocol}//`);
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_SMTP_TIMEOUT_MS;
  const transportOptions: SMTPPoolOptions = {
    // nodemailer reads host, port, secure and auth (userinfo) from the URL; the rest applies alongside.
    url: smtpUrl,
    pool: options.pool ?? true,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  };
  const transporter: Transporter = createTransport(transportOptions);
  // Every send reports its own failure through its promise; a transport-level 'error' event (an
  // OAuth2 refresh, a pooled connection) must not become an unhandled 'error' that ends the worker.
  transporter.on('error', () => undefined);

  return {
    kind: 'smtp',
    async send(mail: OutgoingMail): Promise<MailSendResult> {
      const info = await transporter.sendMail(toSendMailOptions(mail));
      const rejected: string[] = info.rejected ?? [];
      if (rejected.length > 0) {
        // Only reachable with several recipients (one refused recipient already rejects the
        // promise); an alert has one recipient, so a partial refusal is still a failure.
        const errors: unknown[] | undefined = info.rejectedErrors;
        throw errors?.[0] ?? new Error(`Recipient rejected: ${rejected.join(', ')}`);
      }
      return {
        response: String(info.response ?? ''),
        accepted: info.accepted ?? [],
        rejected,
        messageId: info.messageId,
        ...(typeof info.serverMessageId === 'string' ? { serverMessageId: info.serverMessageId } : {}),
      };
    },
    close(): void {
      transporter.close();
    },
  };
}

export type CaughtMailStore = (
  raw: Buffer,
  envelope: { from: string; to: string[] },
  meta: { messageId: string; subject: string },
) => Promise<void>;

/**
 * The embedded mode's transport: nodemailer builds the exact RFC 822 message it would send, and the
 * catcher keeps it (the store callback) instead of sending it, so that the browser view shows what
 * a recipient would get. The promise settles once the store has, like an SMTP server's 250.
 */
export function createCatcherTransport(store: CaughtMailStore): MailTransport {
  const transporter = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'catcher',
    async send(mail: OutgoingMail): Promise<MailSendResult> {
      const info = await transporter.sendMail(toSendMailOptions(mail));
      const raw = Buffer.isBuffer(info.message) ? info.message : Buffer.from(String(info.message));
      const envelope = { from: info.envelope.from || '', to: info.envelope.to };
      await store(raw, envelope, { messageId: info.messageId, subject: mail.subject });
      return { response: CATCHER_RESPONSE, accepted: envelope.to, rejected: [], messageId: info.messageId };
    },
    close(): void {
      // Nothing to release: the stream transport holds no connection.
    },
  };
}
