import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { createCatcherTransport, createSmtpTransport, MailTransport } from '../email/mail-transport';
import { NetworkPolicy } from '../webhook/network-policy';
import { SafeHttpClient } from '../webhook/safe-http';
import { DeliveryTransports } from './delivery.service';

/**
 * The worker's outgoing channels: SMTP when SMTP_URL is set, otherwise the mail catcher (mail kept in
 * the database, read at /mailbox); webhooks through the SSRF-guarded client.
 */
@Injectable()
export class DefaultDeliveryTransports extends DeliveryTransports implements OnApplicationShutdown {
  readonly mail: MailTransport;
  readonly http: SafeHttpClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig, @Inject(DataSource) dataSource: DataSource) {
    super();
    this.mail = config.smtpUrl
      ? createSmtpTransport(config.smtpUrl, { timeoutMs: Math.max(config.deliveryTimeoutMs, 5000) })
      : createCatcherTransport(async (raw, envelope, meta) => {
          await dataSource.query(
            `INSERT INTO caught_mail (sender, recipients, subject, message_id, raw) VALUES ($1, $2, $3, $4, $5)`,
            [envelope.from, envelope.to, meta.subject, meta.messageId, raw.toString('utf8')],
          );
        });
    this.http = new SafeHttpClient({
      timeoutMs: config.deliveryTimeoutMs,
      policy: NetworkPolicy.from(config.webhookAllowedNetworks),
    });
  }

  onApplicationShutdown(): void {
    this.mail.close();
    this.http.close();
  }
}
