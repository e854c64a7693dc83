import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { Public } from '@renkei/core/auth/permissions';
import { isUuid } from '@renkei/core/database/database-errors';
import { PAGE_CSP } from './pages/ack-pages';
import { parseRawMail, renderMailboxList, renderMailboxMessage } from './pages/mailbox-pages';

/**
 * The embedded mail catcher in a browser: what Renkei would have sent, kept because no SMTP_URL is
 * set. Served only then and outside production (embedded mode binds to 127.0.0.1 by default).
 */
@Controller('mailbox')
export class MailboxController {
  private readonly enabled: boolean;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.enabled = config.smtpUrl === null && (config.mode === 'embedded' || config.nodeEnv !== 'production');
  }

  private send(response: Response, status: number, body: string, type = 'text/html; charset=utf-8'): void {
    response
      .status(status)
      .set({
        'content-type': type,
        'content-security-policy': PAGE_CSP.replace(
          "default-src 'none'",
          "default-src 'none'; frame-src 'self'",
        ),
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      })
      .send(body);
  }

  @Public()
  @Get()
  async list(@Res() response: Response): Promise<void> {
    if (!this.enabled)
      return this.send(response, 404, 'The mail catcher is off (SMTP_URL is set).', 'text/plain');
    const rows = (await this.dataSource.query(
      `SELECT id, received_at, sender, recipients, subject FROM caught_mail ORDER BY received_at DESC, id DESC LIMIT 500`,
    )) as { id: string; received_at: Date; sender: string; recipients: string[]; subject: string }[];
    this.send(
      response,
      200,
      renderMailboxList(
        rows.map((row) => ({
          id: row.id,
          receivedAt: new Date(row.received_at),
          from: row.sender,
          to: row.recipients,
          subject: row.subject,
        })),
      ),
    );
  }

  private async find(id: string) {
    if (!isUuid(id)) return null;
    const [row] = (await this.dataSource.query(
      `SELECT id, received_at, sender, recipients, subject, raw FROM caught_mail WHERE id = $1`,
      [id],
    )) as {
      id: string;
      received_at: Date;
      sender: string;
      recipients: string[];
      subject: string;
      raw: string;
    }[];
    return row ?? null;
  }

  @Public()
  @Get(':id')
  async message(@Param('id') id: string, @Res() response: Response): Promise<void> {
    if (!this.enabled) return this.send(response, 404, 'The mail catcher is off.', 'text/plain');
    const row = await this.find(id);
    if (!row) return this.send(response, 404, 'No such message.', 'text/plain');
    const parsed = parseRawMail(row.raw);
    this.send(
      response,
      200,
      renderMailboxMessage({
        id: row.id,
        receivedAt: new Date(row.received_at),
        from: row.sender,
        to: row.recipients,
        subject: parsed.subject || row.subject,
        text: parsed.text,
        html: parsed.html,
        raw: row.raw,
      }),
    );
  }

  @Public()
  @Get(':id/raw')
  async raw(@Param('id') id: string, @Res() response: Response): Promise<void> {
    if (!this.enabled) return this.send(response, 404, 'The mail catcher is off.', 'text/plain');
    const row = await this.find(id);
    if (!row) return this.send(response, 404, 'No such message.', 'text/plain');
    this.send(response, 200, row.raw, 'text/plain; charset=utf-8');
  }
}
