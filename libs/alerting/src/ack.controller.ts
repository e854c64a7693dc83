import type { DrillRouting } from '@renkei/incidents/entities/incident.entity';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Inject,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@renkei/core/auth/permissions';
import { badInput, DomainError, unauthenticated } from '@renkei/core/errors/domain.errors';
import { JsonErrorFilter } from '@renkei/core/errors/http-error.filter';
import { OPEN_STATUSES } from '@renkei/incidents/incident-lifecycle';
import { IncidentStatus, Severity, Tlp } from '@renkei/incidents/incidents.enums';
import { AcknowledgementService } from './acknowledgement.service';
import { AcknowledgementVia } from './entities/engagement.entity';
import { PAGE_CSP, renderAckLandingPage, renderAckResultPage } from './pages/ack-pages';
import { signingSecrets } from './webhook/signing-secrets';
import { verifySignature, WebhookVerificationError } from './webhook/webhook-signer';
import { SecretBox } from '@renkei/core/crypto/secret-box';

/** An HTML page of the acknowledgement flow, with its security headers. */
export function sendPage(response: Response, status: number, html: string): void {
  response
    .status(status)
    .set({
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': PAGE_CSP,
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    })
    .send(html);
}

/**
 * The acknowledgement link. GET shows the incident (within its TLP) and a button and changes nothing,
 * because mail scanners and link previews follow links; only the page's POST acknowledges.
 */
@Controller('ack')
export class AckController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly acknowledgements: AcknowledgementService,
  ) {}

  @Public()
  @Get(':token')
  async landing(@Param('token') token: string, @Res() response: Response): Promise<void> {
    const verified = this.acknowledgements.tokens.verify(token);
    if ('error' in verified) {
      const page = renderAckResultPage({ kind: verified.error });
      return sendPage(response, page.status, page.html);
    }
    const [row] = (await this.dataSource.query(
      `SELECT a.organisation_id, a.recipient_name, c.locale, o.name_ja AS org_ja, o.name_en AS org_en,
              i.id AS incident_id, i.reference, i.severity, i.status, i.tlp, i.title, i.description, i.reported_at, i.drill,
              g.acknowledged_at, g.acknowledged_by_name,
              COALESCE((SELECT json_agg(co.name_ja ORDER BY ic.added_at) FROM incident_component ic
                          JOIN component co ON co.id = ic.component_id WHERE ic.incident_id = i.id), '[]') AS components,
              COALESCE((SELECT json_agg(json_build_object('ja', eo.name_ja, 'en', eo.name_en, 'at', e.acknowledged_at, 'by', e.acknowledged_by_name)
                                        ORDER BY e.first_alerted_at)
                          FROM alert_engagement e JOIN organisation eo ON eo.id = e.organisation_id
                         WHERE e.incident_id = i.id), '[]') AS engaged
         FROM alert a
         JOIN incident i ON i.id = a.incident_id
         JOIN organisation o ON o.id = a.organisation_id
         LEFT JOIN contact c ON c.id = a.contact_id
         LEFT JOIN alert_engagement g ON g.incident_id = a.incident_id AND g.organisation_id = a.organisation_id
        WHERE a.id = $1`,
      [verified.alertId],
    )) as {
      recipient_name: string;
      locale: 'ja' | 'en' | null;
      org_ja: string;
      org_en: string;
      reference: string;
      severity: Severity;
      status: IncidentStatus;
      tlp: Tlp;
      title: string;
      description: string;
      reported_at: Date;
      drill: DrillRouting | null;
      acknowledged_at: Date | null;
      acknowledged_by_name: string | null;
      components: string[];
      engaged: { ja: string; en: string; at: string | null; by: string | null }[];
    }[];
    if (!row) {
      const page = renderAckResultPage({ kind: 'invalid' });
      return sendPage(response, page.status, page.html);
    }
    const locale = row.locale === 'en' ? 'en' : 'ja';
    // A drill's recipient may also post responses to the exercise (the exercises context serves it).
    const drillResponseUrl = row.drill ? `/exercises/respond/${encodeURIComponent(token)}` : null;
    if (row.acknowledged_at) {
      const page = renderAckResultPage(
        {
          kind: 'already',
          reference: row.reference,
          at: new Date(row.acknowledged_at),
          by: row.acknowledged_by_name ?? '',
        },
        locale,
        drillResponseUrl,
      );
      return sendPage(response, page.status, page.html);
    }
    if (!OPEN_STATUSES.includes(row.status)) {
      const page = renderAckResultPage({ kind: 'closed', reference: row.reference }, locale);
      return sendPage(response, page.status, page.html);
    }
    const red = row.tlp === Tlp.RED;
    const html = renderAckLandingPage({
      locale,
      drill: row.drill ? { title: row.drill.exerciseTitle } : null,
      drillResponseUrl,
      token,
      postUrl: `/ack/${encodeURIComponent(token)}`,
      recipient: { name: row.recipient_name, organisationName: locale === 'ja' ? row.org_ja : row.org_en },
      incident: {
        reference: row.reference,
        severity: row.severity,
        status: row.status,
        tlp: row.tlp,
        title: red ? null : row.title,
        summary: red ? null : row.description.slice(0, 1000),
        reportedAt: new Date(row.reported_at),
        components: red ? null : row.components,
      },
      engaged: row.engaged.map((e) => ({
        organisationName: locale === 'ja' ? e.ja : e.en,
        acknowledgedAt: e.at ? new Date(e.at) : null,
        acknowledgedBy: e.by,
      })),
    });
    return sendPage(response, 200, html);
  }

  @Public()
  @Post(':token')
  async acknowledge(
    @Param('token') token: string,
    @Body() body: { name?: unknown; note?: unknown } | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const name = typeof body?.name === 'string' ? body.name : null;
    const note = typeof body?.note === 'string' ? body.note : null;
    let result;
    try {
      result = await this.acknowledgements.acknowledgeByToken(token, { name, note });
    } catch (error) {
      if (error instanceof DomainError) {
        const page = renderAckResultPage({ kind: 'invalid' });
        return sendPage(response, page.status, page.html);
      }
      throw error;
    }
    if ('error' in result) {
      const page =
        result.error === 'closed'
          ? renderAckResultPage({ kind: 'closed', reference: result.reference ?? '' })
          : renderAckResultPage({ kind: result.error });
      return sendPage(response, page.status, page.html);
    }
    const [drill] = (await this.dataSource.query(
      `SELECT 1 FROM incident WHERE id = $1 AND drill IS NOT NULL`,
      [result.incidentId],
    )) as unknown[];
    const page = renderAckResultPage(
      {
        kind: result.acknowledged ? 'acknowledged' : 'already',
        reference: result.reference,
        at: result.at,
        by: result.by,
      },
      'ja',
      drill ? `/exercises/respond/${encodeURIComponent(token)}` : null,
    );
    return sendPage(response, page.status, page.html);
  }
}

/**
 * A machine's acknowledgement: a POST of `{"deliveryId": "…"}` signed per Standard Webhooks with the
 * receiving endpoint's own secret (the one Renkei signs its webhooks with), so only that receiver can
 * acknowledge for its organisation.
 */
@Controller('webhooks')
@UseFilters(JsonErrorFilter)
export class WebhookReplyController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly acknowledgements: AcknowledgementService,
    private readonly secrets: SecretBox,
  ) {}

  @Public()
  @Post('acknowledge')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  async acknowledge(@Req() request: Request & { rawBody?: Buffer }): Promise<Record<string, unknown>> {
    const raw = request.rawBody?.toString('utf8') ?? '';
    const body = request.body as { deliveryId?: unknown; note?: unknown; by?: unknown } | undefined;
    const deliveryId = typeof body?.deliveryId === 'string' ? body.deliveryId : '';
    if (!/^[0-9a-f-]{36}$/i.test(deliveryId)) {
      throw badInput('deliveryId', 'Send {"deliveryId": "<the webhook-id you received>"}, signed');
    }
    const [row] = (await this.dataSource.query(
      `SELECT a.incident_id, a.organisation_id, a.contact_id, a.recipient_name, d.channel,
              c.webhook_secret_sealed, c.webhook_previous_secret_sealed, c.webhook_previous_secret_expires_at
         FROM alert_delivery d JOIN alert a ON a.id = d.alert_id LEFT JOIN contact c ON c.id = a.contact_id
        WHERE d.id = $1`,
      [deliveryId],
    )) as {
      incident_id: string;
      organisation_id: string;
      contact_id: string | null;
      recipient_name: string;
      channel: string;
      webhook_secret_sealed: string | null;
      webhook_previous_secret_sealed: string | null;
      webhook_previous_secret_expires_at: Date | null;
    }[];
    const unauthorised = () => unauthenticated('The signature does not match this delivery’s endpoint');
    if (!row || row.channel !== 'WEBHOOK' || !row.webhook_secret_sealed) throw unauthorised();
    const secrets = signingSecrets(
      {
        current: row.webhook_secret_sealed,
        previous: row.webhook_previous_secret_sealed,
        previousExpiresAt: row.webhook_previous_secret_expires_at,
      },
      (sealed) => this.secrets.decrypt(sealed),
    );
    try {
      verifySignature(request.headers, raw, secrets);
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw unauthorised();
      throw error;
    }
    const result = await this.dataSource.transaction((manager) =>
      this.acknowledgements.acknowledgeOrganisation(manager, row.incident_id, row.organisation_id, {
        via: AcknowledgementVia.WEBHOOK_REPLY,
        name:
          typeof body?.by === 'string' && body.by.trim()
            ? `${body.by.trim().slice(0, 200)} (${row.recipient_name})`
            : row.recipient_name,
        contactId: row.contact_id,
        note: typeof body?.note === 'string' ? body.note.slice(0, 2000) : null,
      }),
    );
    return {
      incidentId: result.incidentId,
      reference: result.reference,
      acknowledged: result.acknowledged,
      at: result.at.toISOString(),
      by: result.by,
    };
  }
}
