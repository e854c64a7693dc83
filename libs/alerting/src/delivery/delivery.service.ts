import { Inject, Injectable, Logger } from '@nestjs/common';
import { preparedQuery } from '@renkei/core/database/prepared-query';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '@renkei/audit/audit.service';
import { APP_CONFIG, AppConfig } from '@renkei/core/config/app-config';
import { SecretBox } from '@renkei/core/crypto/secret-box';
import { afterCommit } from '@renkei/core/database/after-commit';
import { DomainEvents } from '@renkei/core/events/domain-events';
import { appendTimeline } from '@renkei/incidents/incident-timeline';
import { TimelineEntryKind } from '@renkei/incidents/incidents.enums';
import { AckTokens } from '../ack-token';
import { routingContacts } from '../alert-context';
import { writeAlerts } from '../alert-writer';
import {
  AlertPurpose,
  AlertState,
  AttemptOutcome,
  DeliveryChannel,
  DeliveryState,
  WebhookEventType,
} from '../alerting.enums';
import { renderAlertEmail } from '../email/alert-email';
import type { MailTransport } from '../email/mail-transport';
import { AlertJob, AlertQueue, enqueue } from '../outbox';
import type { DeliveryVerdict } from '../webhook/retry-policy';
import { classifyHttpStatus, classifyRequestError, classifySmtpError } from '../webhook/retry-policy';
import type { SafeHttpClient } from '../webhook/safe-http';
import { signatureHeaders } from '../webhook/webhook-signer';
import { signingSecrets } from '../webhook/signing-secrets';
import { Batcher } from './batcher';
import { DeliveryContext, loadDeliveryContexts } from './delivery-context';
import { noticeOf } from './notice-text';
import { webhookPayload } from './webhook-payload';

/** The outgoing channels, built once per worker process (see DeliveryTransportsProvider). */
export abstract class DeliveryTransports {
  abstract readonly mail: MailTransport;
  abstract readonly http: SafeHttpClient;
}

/** Thrown for a transient failure: BullMQ tries again after `retryAfterMs` or its backoff. */
export class RetryLater extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'RetryLater';
  }
}

interface AttemptRecord {
  outcome: AttemptOutcome;
  startedAt: Date;
  latencyMs: number;
  httpStatus: number | null;
  smtpResponse: string | null;
  error: string | null;
}

export type DeliveryResult = 'sent' | 'skipped' | 'fell-through' | 'failed';

/**
 * Sends one delivery (an alert on one channel) and records the attempt: success marks the alert
 * sent or delivered; a transient failure is retried by the queue with backoff; a permanent one (or
 * the last retry) falls through to the contact's next channel, and with none left the alert is a
 * dead letter. An HTTP 410 disables the endpoint and tells the organisation's other contacts.
 */
@Injectable()
export class DeliveryService {
  private readonly logger = new Logger(DeliveryService.name);
  private readonly tokens: AckTokens;
  private readonly mailDomain: string;
  private readonly secrets = new Map<string, string>();
  /** Deliveries in flight together read their context and record their success in one statement each. */
  private readonly contexts = new Batcher<string, DeliveryContext | null>((ids) =>
    loadDeliveryContexts(this.dataSource.manager, ids),
  );
  private readonly successes = new Batcher<
    { context: DeliveryContext; attempt: AttemptRecord; state: AlertState },
    void
  >((items) => this.recordSuccesses(items));

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly transports: DeliveryTransports,
    private readonly secretBox: SecretBox,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
  ) {
    this.tokens = new AckTokens(config.jwtSecret, config.ackTokenTtlSeconds);
    this.mailDomain = new URL(config.publicUrl).hostname || 'renkei.local';
  }

  async deliver(deliveryId: string, final: boolean): Promise<DeliveryResult> {
    const context = await this.contexts.add(deliveryId);
    if (!context) return 'skipped';
    if (context.deliveryState !== DeliveryState.PENDING && context.deliveryState !== DeliveryState.RETRYING) {
      return 'skipped';
    }
    if (context.alert.state === AlertState.CANCELLED || !context.contact) {
      await this.dataSource.query(
        `UPDATE alert_delivery SET state = 'CANCELLED', completed_at = now() WHERE id = $1 AND state IN ('PENDING', 'RETRYING')`,
        [deliveryId],
      );
      return 'skipped';
    }
    const startedAt = new Date();
    let verdict: DeliveryVerdict;
    let httpStatus: number | null = null;
    let smtpResponse: string | null = null;
    let latencyMs: number;
    try {
      if (context.channel === DeliveryChannel.EMAIL) {
        const result = await this.sendEmail(context);
        smtpResponse = result.response;
        verdict = { kind: 'success' };
      } else {
        const result = await this.sendWebhook(context, startedAt);
        httpStatus = result.status;
        verdict = classifyHttpStatus(result.status, result.headers, new Date());
      }
      latencyMs = Date.now() - startedAt.getTime();
    } catch (error) {
      latencyMs = Date.now() - startedAt.getTime();
      if (error instanceof NonRetryable) verdict = { kind: 'permanent', reason: error.message };
      else if (context.channel === DeliveryChannel.EMAIL) {
        verdict = classifySmtpError(error);
        const smtp = error as { response?: string };
        smtpResponse = typeof smtp.response === 'string' ? smtp.response : null;
      } else verdict = classifyRequestError(error);
    }
    const attempt: AttemptRecord = {
      outcome:
        verdict.kind === 'success'
          ? AttemptOutcome.SUCCESS
          : verdict.kind === 'retry'
            ? AttemptOutcome.RETRY
            : verdict.kind === 'gone'
              ? AttemptOutcome.GONE
              : AttemptOutcome.PERMANENT_FAILURE,
      startedAt,
      latencyMs,
      httpStatus,
      smtpResponse,
      error: verdict.kind === 'success' ? null : verdict.reason,
    };
    if (verdict.kind === 'success') {
      await this.recordSuccess(context, attempt);
      return 'sent';
    }
    if (verdict.kind === 'retry' && !final) {
      await this.recordAttempt(this.dataSource.manager, context, attempt, DeliveryState.RETRYING);
      throw new RetryLater(verdict.reason, verdict.retryAfterMs);
    }
    return this.dataSource.transaction(async (manager) => {
      if (verdict.kind === 'retry') {
        // The last try of a transient failure: nothing follows it, so it is the channel's final verdict.
        attempt.outcome = AttemptOutcome.PERMANENT_FAILURE;
        attempt.error = `${attempt.error} (no retries left)`;
      }
      await this.recordAttempt(manager, context, attempt, DeliveryState.FAILED);
      if (verdict.kind === 'gone') await this.disableEndpoint(manager, context);
      return this.fallThrough(manager, context, attempt.error ?? 'failed');
    });
  }

  // ---- channels ----

  private async sendEmail(context: DeliveryContext) {
    const contact = context.contact as NonNullable<DeliveryContext['contact']>;
    const token = this.tokens.sign(context.alert.id, context.alert.createdAt);
    const link = `${this.config.publicUrl}/ack/${token}`;
    const { incident } = context;
    const locale = contact.locale === 'en' ? 'en' : 'ja';
    const rendered = renderAlertEmail({
      purpose: context.alert.purpose,
      locale,
      from: this.config.mailFrom,
      to: { name: contact.name, address: context.target },
      messageId: `<alert.${context.alert.id}@${this.mailDomain}>`,
      threadId: `<incident.${incident.id}@${this.mailDomain}>`,
      recipient: {
        name: contact.name,
        organisationName: locale === 'ja' ? context.organisation.nameJa : context.organisation.nameEn,
      },
      incident: {
        reference: incident.reference,
        severity: incident.severity,
        status: incident.status,
        tlp: incident.tlp,
        category: incident.category,
        title: incident.title,
        description: incident.description,
        reportedAt: incident.reportedAt,
        components: incident.components.map((c) => ({ name: locale === 'ja' ? c.nameJa : c.nameEn })),
        personalDataInvolved: incident.personalDataInvolved,
        url: link,
      },
      acknowledgeUrl: context.alert.acknowledgementRequired ? link : null,
      drill: incident.drill ? { title: incident.drill.exerciseTitle } : null,
      step:
        context.alert.stepIndex === null || context.alert.stepCount === null
          ? null
          : { number: context.alert.stepIndex + 1, of: context.alert.stepCount },
      // A notice carries its subject as the reason and its text as the change (see sendNotices); each shown once.
      reason: context.alert.purpose === AlertPurpose.NOTICE ? null : context.alert.reason,
      change: context.alert.purpose === AlertPurpose.NOTICE ? null : context.alert.change,
      notice: noticeOf(context.alert),
    });
    return this.transports.mail.send({
      from: this.config.mailFrom,
      to: { name: contact.name, address: context.target },
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      headers: rendered.headers,
      messageId: `<alert.${context.alert.id}@${this.mailDomain}>`,
    });
  }

  private async sendWebhook(context: DeliveryContext, now: Date) {
    const contact = context.contact as NonNullable<DeliveryContext['contact']>;
    if (contact.webhookDisabledAt) throw new NonRetryable('The endpoint is disabled');
    if (!contact.webhookSecretSealed) throw new NonRetryable('The endpoint has no signing secret');
    const secrets = signingSecrets(
      {
        current: contact.webhookSecretSealed,
        previous: contact.webhookPreviousSecretSealed,
        previousExpiresAt: contact.webhookPreviousSecretExpiresAt,
      },
      (sealed) => this.unseal(sealed),
      now,
    );
    const token = this.tokens.sign(context.alert.id, context.alert.createdAt);
    const body = JSON.stringify(
      webhookPayload(
        context,
        {
          acknowledgeUrl: `${this.config.publicUrl}/ack/${token}`,
          replyUrl: `${this.config.publicUrl}/webhooks/acknowledge`,
        },
        now,
      ),
    );
    const headers = signatureHeaders({ id: context.deliveryId, timestamp: now, body, secrets });
    return this.transports.http.postJson(context.target, body, { ...headers });
  }

  private unseal(sealed: string): string {
    let secret = this.secrets.get(sealed);
    if (!secret) {
      secret = this.secretBox.decrypt(sealed);
      if (this.secrets.size > 5000) this.secrets.clear();
      this.secrets.set(sealed, secret);
    }
    return secret;
  }

  // ---- recording ----

  /** The hot path: the attempt, the delivery and the alert, for every success of the moment in one statement. */
  private async recordSuccess(context: DeliveryContext, attempt: AttemptRecord): Promise<void> {
    const state = context.channel === DeliveryChannel.WEBHOOK ? AlertState.DELIVERED : AlertState.SENT;
    await this.successes.add({ context, attempt, state });
    this.events.emit('alert', {
      incidentId: context.incident.id,
      alertId: context.alert.id,
      organisationId: context.alert.organisationId,
      state,
      channel: context.channel,
      tlp: context.incident.tlp,
      drill: context.incident.drill !== null,
    });
  }

  private async recordSuccesses(
    items: { context: DeliveryContext; attempt: AttemptRecord; state: AlertState }[],
  ): Promise<void[]> {
    await preparedQuery(
      this.dataSource.manager,
      'renkei_record_successes',
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::timestamptz[], $6::int[],
                              $7::int[], $8::text[], $9::text[])
           AS x(delivery_id, alert_id, channel, attempt_number, started_at, latency_ms, http_status, smtp_response, state)
       ), attempt AS (
         INSERT INTO delivery_attempt (delivery_id, alert_id, channel, attempt_number, started_at, latency_ms, outcome, http_status, smtp_response, error)
         SELECT delivery_id, alert_id, channel, attempt_number, started_at, latency_ms, '${AttemptOutcome.SUCCESS}', http_status, smtp_response, NULL
           FROM input
       ), delivery AS (
         UPDATE alert_delivery d SET state = 'SUCCEEDED', attempts = d.attempts + 1, completed_at = now(), last_error = NULL
           FROM input WHERE d.id = input.delivery_id
       )
       UPDATE alert a SET state = CASE WHEN a.state IN ('${AlertState.PENDING}', '${AlertState.FAILED}') THEN input.state ELSE a.state END,
                          sent_at = COALESCE(a.sent_at, now()),
                          delivered_at = CASE WHEN input.state = '${AlertState.DELIVERED}' THEN COALESCE(a.delivered_at, now()) ELSE a.delivered_at END,
                          failed_at = NULL, last_error = NULL, updated_at = now()
         FROM input WHERE a.id = input.alert_id`,
      [
        items.map((i) => i.context.deliveryId),
        items.map((i) => i.context.alert.id),
        items.map((i) => i.context.channel),
        items.map((i) => i.context.attempts + 1),
        items.map((i) => i.attempt.startedAt),
        items.map((i) => i.attempt.latencyMs),
        items.map((i) => i.attempt.httpStatus),
        items.map((i) => i.attempt.smtpResponse),
        items.map((i) => i.state),
      ],
    );
    return items.map(() => undefined);
  }

  private async recordAttempt(
    manager: EntityManager,
    context: DeliveryContext,
    attempt: AttemptRecord,
    state: DeliveryState,
  ): Promise<void> {
    await manager.query(
      `WITH attempt AS (
         INSERT INTO delivery_attempt (delivery_id, alert_id, channel, attempt_number, started_at, latency_ms, outcome, http_status, smtp_response, error)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       )
       UPDATE alert_delivery SET state = $11, attempts = attempts + 1, last_error = $10,
                                 completed_at = CASE WHEN $11 = 'FAILED' THEN now() ELSE NULL END
        WHERE id = $1`,
      [
        context.deliveryId,
        context.alert.id,
        context.channel,
        context.attempts + 1,
        attempt.startedAt,
        attempt.latencyMs,
        attempt.outcome,
        attempt.httpStatus,
        attempt.smtpResponse,
        attempt.error,
        state,
      ],
    );
    await manager.query(`UPDATE alert SET last_error = $2, updated_at = now() WHERE id = $1`, [
      context.alert.id,
      `${context.channel}: ${attempt.error}`,
    ]);
  }

  /** The next channel of the contact, or — with none left — a dead letter. */
  private async fallThrough(
    manager: EntityManager,
    context: DeliveryContext,
    error: string,
  ): Promise<DeliveryResult> {
    const [current] = (await manager.query(
      `SELECT a.state, a.channel_index, c.email, c.webhook_url, c.webhook_disabled_at
         FROM alert a LEFT JOIN contact c ON c.id = a.contact_id WHERE a.id = $1 FOR UPDATE OF a`,
      [context.alert.id],
    )) as {
      state: AlertState;
      channel_index: number;
      email: string | null;
      webhook_url: string | null;
      webhook_disabled_at: Date | null;
    }[];
    if (!current || current.state !== AlertState.PENDING) return 'failed';
    for (let index = current.channel_index + 1; index < context.alert.channels.length; index += 1) {
      const channel = context.alert.channels[index];
      const target =
        channel === DeliveryChannel.EMAIL
          ? current.email
          : current.webhook_disabled_at
            ? null
            : current.webhook_url;
      if (!target) continue;
      const [delivery] = (await manager.query(
        `WITH moved AS (UPDATE alert SET channel_index = $2, updated_at = now() WHERE id = $1)
         INSERT INTO alert_delivery (alert_id, channel, target, state) VALUES ($1, $3, $4, 'PENDING') RETURNING id`,
        [context.alert.id, index, channel, target],
      )) as { id: string }[];
      await enqueue(manager, [
        {
          queue: AlertQueue.DELIVERIES,
          name: AlertJob.DELIVER,
          jobId: `deliver_${delivery.id}`,
          payload: { deliveryId: delivery.id },
        },
      ]);
      return 'fell-through';
    }
    await manager.query(
      `UPDATE alert SET state = '${AlertState.FAILED}', failed_at = now(), last_error = $2, updated_at = now() WHERE id = $1`,
      [context.alert.id, `${context.channel}: ${error}`],
    );
    await appendTimeline(
      manager,
      context.incident.id,
      TimelineEntryKind.ALERT_FAILED,
      // The contact's name and address stay with the alert (its organisation and the promotion body see it).
      `Could not reach a contact of ${context.organisation.nameEn} on any channel (the last tried: ${context.channel})`,
      { organisationId: context.alert.organisationId, channel: context.channel },
      null,
    );
    await this.audit.record(manager, {
      action: 'alert.failed',
      entityType: 'alert',
      entityId: context.alert.id,
      actor: null,
      organisationId: context.alert.organisationId,
      data: { incidentId: context.incident.id, channel: context.channel, error },
    });
    afterCommit(manager, () => {
      this.events.emit('alert', {
        incidentId: context.incident.id,
        alertId: context.alert.id,
        organisationId: context.alert.organisationId,
        state: AlertState.FAILED,
        channel: context.channel,
        tlp: context.incident.tlp,
        drill: context.incident.drill !== null,
      });
      this.events.emit('incident', {
        type: 'incident.timeline',
        incidentId: context.incident.id,
        detail: { kind: TimelineEntryKind.ALERT_FAILED },
      });
    });
    return 'failed';
  }

  /** HTTP 410: the endpoint is disabled, and the organisation's people (by email) are told. */
  private async disableEndpoint(manager: EntityManager, context: DeliveryContext): Promise<void> {
    const contact = context.contact as NonNullable<DeliveryContext['contact']>;
    const [updated] = (await manager.query(
      `UPDATE contact SET webhook_disabled_at = now(), webhook_disabled_reason = $2 WHERE id = $1 AND webhook_disabled_at IS NULL RETURNING id`,
      [contact.id, `HTTP 410 Gone from ${context.target}`],
    )) as [{ id: string }[], number];
    if (!updated?.length) return;
    const others = await routingContacts(manager, 'c.organisation_id = $1 AND c.email IS NOT NULL', [
      context.alert.organisationId,
    ]);
    await writeAlerts(
      manager,
      context.incident.id,
      others.map((other) => ({
        recipient: {
          contact: other,
          organisationId: other.organisationId,
          acknowledgementRequired: false,
          channels: [DeliveryChannel.EMAIL],
        },
        triggerKey: `endpoint-disabled:${contact.id}`,
        purpose: AlertPurpose.NOTICE,
        eventType: WebhookEventType.ENDPOINT_DISABLED,
        escalationId: null,
        stepIndex: null,
        stepCount: null,
        round: 0,
        change: {
          ja: `連絡先「${contact.name}」の Webhook エンドポイント ${context.target} が HTTP 410 (Gone) を返したため、Renkei は送信を停止しました。Renkei で URL を更新してください。`,
          en: `The webhook endpoint ${context.target} of contact "${contact.name}" answered HTTP 410 (Gone), so Renkei stopped sending to it. Update its URL in Renkei.`,
        },
      })),
    );
    await this.audit.record(manager, {
      action: 'contact.webhook_disabled',
      entityType: 'contact',
      entityId: contact.id,
      actor: null,
      organisationId: context.alert.organisationId,
      data: { url: context.target, reason: 'HTTP 410' },
    });
  }
}

class NonRetryable extends Error {}
